//! Colour scales for filters, feature maps and inputs: values to RGBA bytes.
//!
//! Three scales, each a piecewise-linear ramp through fixed colour stops:
//! - [`Scale::Diverging`] for weights and other signed values: blue for
//!   negative, near-white for zero, red for positive (ColorBrewer "RdBu", which
//!   stays readable with the common red-green colour blindnesses because its
//!   two arms differ in blue content and lightness, not only in hue). Used with
//!   a symmetric range `-m..m`, so zero is always the middle.
//! - [`Scale::Sequential`] for activations (zero or more): "viridis", dark
//!   purple to yellow, lightness rising steadily, safe for colour blindness and
//!   still ordered when printed in gray.
//! - [`Scale::Gray`]: black to white, for input images as the network sees them.
//!
//! NaN is drawn mid-gray; values outside the range take the end colours.

/// Which colour ramp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scale {
    Diverging,
    Sequential,
    Gray,
}

/// ColorBrewer RdBu (7 classes), negative (blue) to positive (red).
const DIVERGING: [[u8; 3]; 7] = [
    [0x21, 0x66, 0xac],
    [0x67, 0xa9, 0xcf],
    [0xd1, 0xe5, 0xf0],
    [0xf7, 0xf7, 0xf7],
    [0xfd, 0xdb, 0xc7],
    [0xef, 0x8a, 0x62],
    [0xb2, 0x18, 0x2b],
];

/// Viridis, sampled at 9 evenly spaced points.
const VIRIDIS: [[u8; 3]; 9] = [
    [0x44, 0x01, 0x54],
    [0x47, 0x2d, 0x7b],
    [0x3b, 0x52, 0x8b],
    [0x2c, 0x72, 0x8e],
    [0x21, 0x91, 0x8c],
    [0x28, 0xae, 0x80],
    [0x5e, 0xc9, 0x62],
    [0xad, 0xdc, 0x30],
    [0xfd, 0xe7, 0x25],
];

const GRAY: [[u8; 3]; 2] = [[0, 0, 0], [255, 255, 255]];

/// Colour for NaN.
pub const NAN_COLOR: [u8; 4] = [128, 128, 128, 255];

impl Scale {
    fn stops(self) -> &'static [[u8; 3]] {
        match self {
            Scale::Diverging => &DIVERGING,
            Scale::Sequential => &VIRIDIS,
            Scale::Gray => &GRAY,
        }
    }

    /// One sentence for the page and for screen readers.
    pub fn describe(self) -> &'static str {
        match self {
            Scale::Diverging => "Blue is negative, white is zero, red is positive; the scale is symmetric around zero.",
            Scale::Sequential => "Dark purple is the lowest value, yellow the highest.",
            Scale::Gray => "Black is 0, white is the highest value.",
        }
    }

    /// The range this scale uses by default for `values`: symmetric around
    /// zero for the diverging scale, min to max otherwise.
    pub fn auto_range(self, values: &[f32]) -> Range {
        match self {
            Scale::Diverging => Range::symmetric(values),
            _ => Range::min_max(values),
        }
    }

    /// Colour at position `t` in `0..=1` along the ramp (clamped).
    pub fn at(self, t: f32) -> [u8; 4] {
        if t.is_nan() {
            return NAN_COLOR;
        }
        let stops = self.stops();
        let x = t.clamp(0.0, 1.0) * (stops.len() - 1) as f32;
        let i = (x.floor() as usize).min(stops.len() - 2);
        let f = x - i as f32;
        let (a, b) = (stops[i], stops[i + 1]);
        let mix = |c: usize| (a[c] as f32 + (b[c] as f32 - a[c] as f32) * f).round() as u8;
        [mix(0), mix(1), mix(2), 255]
    }

    /// Colour of value `v` when `range` is shown. A range with no width maps
    /// everything to the middle of the diverging scale (zero) or the start of
    /// the others (an all-zero activation map stays dark).
    pub fn color(self, v: f32, range: Range) -> [u8; 4] {
        if v.is_nan() {
            return NAN_COLOR;
        }
        let t = if range.hi > range.lo {
            (v - range.lo) / (range.hi - range.lo)
        } else if self == Scale::Diverging {
            0.5
        } else {
            0.0
        };
        self.at(t)
    }
}

/// The value interval a colour scale spans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub lo: f32,
    pub hi: f32,
}

impl Range {
    /// Smallest to largest finite value; `0..0` when there is none.
    pub fn min_max(values: &[f32]) -> Range {
        let mut it = values.iter().copied().filter(|v| v.is_finite());
        let Some(first) = it.next() else {
            return Range { lo: 0.0, hi: 0.0 };
        };
        let (lo, hi) = it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v)));
        Range { lo, hi }
    }

    /// `-m..m` with `m` the largest finite absolute value (zero in the middle).
    pub fn symmetric(values: &[f32]) -> Range {
        let m = values
            .iter()
            .filter(|v| v.is_finite())
            .fold(0.0f32, |m, v| m.max(v.abs()));
        Range { lo: -m, hi: m }
    }
}

/// RGBA bytes (4 per value, row-major as given) for `values` on `scale`.
pub fn to_rgba(values: &[f32], scale: Scale, range: Range) -> Vec<u8> {
    values.iter().flat_map(|&v| scale.color(v, range)).collect()
}

/// A `width x 1` RGBA strip of the whole ramp, low to high, for a legend.
pub fn legend(scale: Scale, width: usize) -> Vec<u8> {
    let den = width.saturating_sub(1).max(1) as f32;
    (0..width).flat_map(|i| scale.at(i as f32 / den)).collect()
}

/// A legend tick: its value, its label, and where it sits along the legend (`0..=1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub value: f32,
    pub label: String,
    pub pos: f32,
}

/// At most `max_ticks` round-numbered ticks (steps of 1, 2 or 5 times a power
/// of ten) inside `range`. A range with no width gets one tick.
pub fn ticks(range: Range, max_ticks: usize) -> Vec<Tick> {
    let (lo, hi) = (range.lo as f64, range.hi as f64);
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    let span = hi - lo;
    if span <= 0.0 || max_ticks < 2 {
        return vec![Tick {
            value: range.lo,
            label: label(lo, 0),
            pos: 0.5,
        }];
    }
    let raw = span / (max_ticks - 1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag);
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|i| {
            let v = i as f64 * step;
            Tick {
                value: v as f32,
                label: label(v, decimals),
                pos: ((v - lo) / span).clamp(0.0, 1.0) as f32,
            }
        })
        .collect()
}

fn label(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    // "-0.0" reads as a different number from "0.0"; it is not.
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}
