//! Feature maps: every layer's output for one image, as labelled heatmaps.
//!
//! One [`MapLayer`] per layer of the trace, in spec order. A layer with a
//! spatial output shows one image per channel; a flat layer (flatten, dense,
//! global pool) shows its vector wrapped into rows. All channels of a layer
//! share one colour range, so their brightness can be compared.

use super::short;
use crate::core::{LayerInfo, Shape, Trace};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use std::rc::Rc;

/// Flat vectors are wrapped into rows this wide.
pub const FLAT_ROW: usize = 28;

/// One channel of one layer, ready to paint.
#[derive(Clone, Debug, PartialEq)]
pub struct MapImage {
    pub channel: usize,
    pub w: usize,
    pub h: usize,
    /// `w * h * 4` bytes (shared, so views can keep them cheaply).
    pub rgba: Rc<Vec<u8>>,
    /// This channel's own smallest and largest value.
    pub lo: f32,
    pub hi: f32,
    /// Text alternative: layer, channel, shape, value range.
    pub alt: String,
}

/// One layer's output, ready to paint.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLayer {
    /// Spec index of the layer.
    pub index: usize,
    /// `conv1`, `relu1`, `pool1`, ...
    pub name: String,
    pub shape: Shape,
    /// `8 @ 24x24`, or `784 values` for a flat layer.
    pub label: String,
    /// True for `c x 1 x 1` outputs, drawn as one wrapped strip.
    pub flat: bool,
    pub scale: Scale,
    /// Colour range shared by every channel of the layer.
    pub range: Range,
    pub images: Vec<MapImage>,
    /// The whole output, `c x h x w` row-major, for reading a unit's value.
    pub values: Vec<f32>,
}

impl MapLayer {
    /// Value of unit `(c, y, x)` (for a flat layer, `c` is 0 and `(y, x)`
    /// indexes the wrapped strip). `None` outside the map.
    pub fn value(&self, c: usize, y: usize, x: usize) -> Option<f32> {
        if self.flat {
            let i = y * FLAT_ROW.min(self.shape.c) + x;
            return (c == 0 && i < self.shape.c).then(|| self.values[i]);
        }
        let s = self.shape;
        (c < s.c && y < s.h && x < s.w).then(|| self.values[(c * s.h + y) * s.w + x])
    }

    /// Every channel's image stacked top to bottom, channel 0 first: one
    /// `w x (h * channels)` RGBA picture the page uploads once and cuts the
    /// maps from (one canvas per layer instead of one per channel).
    /// `(w, total height, bytes)`.
    pub fn sheet(&self) -> (usize, usize, Vec<u8>) {
        let Some(first) = self.images.first() else {
            return (0, 0, Vec::new());
        };
        let (w, h) = (first.w, first.h);
        let mut bytes = Vec::with_capacity(w * h * 4 * self.images.len());
        for img in &self.images {
            debug_assert_eq!((img.w, img.h), (w, h), "a layer's maps share one shape");
            bytes.extend_from_slice(&img.rgba);
        }
        (w, h * self.images.len(), bytes)
    }
}

/// A box of `(left, top, width, height)` CSS pixels as whole device pixels
/// `(x, y, w, h)` at `dpr` device pixels per CSS pixel, each edge rounded
/// on its own: neighbouring boxes neither overlap nor leave a seam, and a
/// map's units stay crisp.
pub fn device_box(left: f64, top: f64, width: f64, height: f64, dpr: f64) -> (f64, f64, f64, f64) {
    let (x0, y0) = ((left * dpr).round(), (top * dpr).round());
    let (x1, y1) = (
        ((left + width) * dpr).round(),
        ((top + height) * dpr).round(),
    );
    (x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0))
}

/// `8 @ 24x24` for maps, `784 values` for a flat vector.
pub fn shape_label(s: Shape) -> String {
    if s.is_flat() {
        format!("{} values", s.c)
    } else {
        format!("{} @ {}x{}", s.c, s.h, s.w)
    }
}

/// Activations that are never negative (after ReLU or pooling of ReLU) use
/// the sequential scale from 0; anything signed uses the diverging scale,
/// centred on zero, so the sign stays readable.
pub fn layer_scale(values: &[f32]) -> (Scale, Range) {
    let r = Range::min_max(values);
    if r.lo >= 0.0 {
        (Scale::Sequential, Range { lo: 0.0, hi: r.hi })
    } else {
        (Scale::Diverging, Range::symmetric(values))
    }
}

/// Rows and columns of a wrapped flat vector of `len` values.
pub fn flat_grid(len: usize) -> (usize, usize) {
    let cols = FLAT_ROW.min(len).max(1);
    (len.div_ceil(cols), cols)
}

/// Text alternative for one map.
pub fn alt_text(name: &str, shape: Shape, channel: usize, lo: f32, hi: f32) -> String {
    let range = format!("values from {} to {}", short(lo), short(hi));
    if shape.is_flat() {
        format!("{name}: {} values in a row, {range}", shape.c)
    } else {
        format!(
            "{name}, channel {} of {}, {}x{} map, {range}",
            channel + 1,
            shape.c,
            shape.h,
            shape.w
        )
    }
}

/// Builds the view of every layer in `trace` (shapes from `info`). Layers
/// whose output does not match its info are skipped rather than misdrawn.
pub fn build(info: &[LayerInfo], trace: &Trace) -> Vec<MapLayer> {
    info.iter()
        .zip(&trace.outputs)
        .filter_map(|(l, out)| {
            let values: Vec<f32> = out.iter().copied().collect();
            (values.len() == l.output.len()).then(|| layer(l, values))
        })
        .collect()
}

fn layer(l: &LayerInfo, values: Vec<f32>) -> MapLayer {
    let s = l.output;
    let (scale, range) = layer_scale(&values);
    let flat = s.is_flat();
    let images = if flat {
        let (rows, cols) = flat_grid(s.c);
        let mut padded = values.clone();
        padded.resize(rows * cols, f32::NAN);
        let mut rgba = to_rgba(&padded, scale, range);
        // Cells past the end of the vector are see-through, not "NaN gray".
        for px in rgba.chunks_mut(4).skip(s.c) {
            px[3] = 0;
        }
        let r = Range::min_max(&values);
        vec![MapImage {
            channel: 0,
            w: cols,
            h: rows,
            rgba: Rc::new(rgba),
            lo: r.lo,
            hi: r.hi,
            alt: alt_text(&l.name, s, 0, r.lo, r.hi),
        }]
    } else {
        let plane = s.h * s.w;
        (0..s.c)
            .map(|c| {
                let vals = &values[c * plane..(c + 1) * plane];
                let r = Range::min_max(vals);
                MapImage {
                    channel: c,
                    w: s.w,
                    h: s.h,
                    rgba: Rc::new(to_rgba(vals, scale, range)),
                    lo: r.lo,
                    hi: r.hi,
                    alt: alt_text(&l.name, s, c, r.lo, r.hi),
                }
            })
            .collect()
    };
    MapLayer {
        index: l.index,
        name: l.name.clone(),
        shape: s,
        label: shape_label(s),
        flat,
        scale,
        range,
        images,
        values,
    }
}

/// The unit under a pointer at fractions `(fx, fy)` of a `h x w` map's
/// drawn box (`0..1` each; outside values are clamped to the edge units).
pub fn unit_at(fx: f64, fy: f64, h: usize, w: usize) -> (usize, usize) {
    let pick = |f: f64, n: usize| {
        let f = if f.is_finite() {
            f.clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((f * n as f64) as usize).min(n.saturating_sub(1))
    };
    (pick(fy, h), pick(fx, w))
}

/// The probabilities as `(class, probability)`, and the most likely class.
pub fn ranked(probs: &[f32]) -> Option<usize> {
    probs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_finite())
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Model, ModelSpec, Rng};

    fn traced() -> (Vec<LayerInfo>, Trace) {
        let spec = ModelSpec::default_cnn();
        let mut model = Model::new(&spec, &mut Rng::new(3)).unwrap();
        let image: Vec<f32> = (0..784).map(|i| ((i * 37) % 255) as f32 / 255.0).collect();
        let t = model.trace(&image);
        (model.info().to_vec(), t)
    }

    #[test]
    fn one_view_per_layer_with_the_right_labels() {
        let (info, t) = traced();
        let maps = build(&info, &t);
        let names: Vec<&str> = maps.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "conv1", "relu1", "conv2", "relu2", "pool1", "conv3", "relu3", "conv4", "relu4",
                "pool2", "flatten", "dense1"
            ]
        );
        assert_eq!(maps[0].label, "8 @ 28x28");
        assert_eq!(maps[4].label, "8 @ 14x14");
        assert_eq!(maps[9].label, "32 @ 7x7");
        assert_eq!(maps[10].label, "1568 values");
        assert_eq!(maps[9].images.len(), 32);
        assert_eq!(maps[10].images.len(), 1);
        assert_eq!((maps[10].images[0].h, maps[10].images[0].w), (56, 28));
        assert_eq!(maps[11].images[0].w, 10);
        for m in &maps {
            for img in &m.images {
                assert_eq!(img.rgba.len(), img.w * img.h * 4, "{}", m.name);
            }
        }
    }

    #[test]
    fn a_layers_sheet_stacks_its_channels_in_order() {
        let (info, t) = traced();
        let maps = build(&info, &t);
        let pool2 = &maps[9];
        let (w, h, bytes) = pool2.sheet();
        assert_eq!((w, h), (7, 7 * 32));
        assert_eq!(bytes.len(), w * h * 4);
        for (c, img) in pool2.images.iter().enumerate() {
            let plane = 7 * 7 * 4;
            assert_eq!(
                &bytes[c * plane..(c + 1) * plane],
                &img.rgba[..],
                "channel {c}"
            );
        }
        let (w, h, bytes) = maps[10].sheet();
        assert_eq!(
            (w, h, bytes.len()),
            (28, 56, 28 * 56 * 4),
            "a flat layer is its one strip"
        );
    }

    #[test]
    fn device_boxes_snap_each_edge_so_neighbours_meet() {
        assert_eq!(
            device_box(10.0, 20.0, 30.0, 40.0, 1.0),
            (10.0, 20.0, 30.0, 40.0)
        );
        assert_eq!(device_box(0.3, 0.0, 10.4, 5.0, 2.0), (1.0, 0.0, 20.0, 10.0));
        // Two boxes side by side at a fractional edge share it exactly.
        let a = device_box(0.0, 0.0, 33.3, 10.0, 1.5);
        let b = device_box(33.3, 0.0, 33.3, 10.0, 1.5);
        assert_eq!(a.0 + a.2, b.0);
        assert_eq!(device_box(5.0, 5.0, -3.0, 0.0, 1.0), (5.0, 5.0, 0.0, 0.0));
    }

    #[test]
    fn relu_outputs_use_the_sequential_scale_and_conv_the_diverging() {
        let (info, t) = traced();
        let maps = build(&info, &t);
        assert_eq!(maps[0].scale, Scale::Diverging, "conv output is signed");
        assert_eq!(maps[0].range.lo, -maps[0].range.hi, "centred on zero");
        assert_eq!(maps[1].scale, Scale::Sequential, "relu output is >= 0");
        assert_eq!(maps[1].range.lo, 0.0);
    }

    #[test]
    fn unit_values_match_the_trace() {
        let (info, t) = traced();
        let maps = build(&info, &t);
        assert_eq!(maps[9].value(5, 3, 4), Some(t.outputs[9][[5, 3, 4]]));
        assert_eq!(maps[9].value(32, 0, 0), None);
        assert_eq!(maps[11].value(0, 0, 7), Some(t.outputs[11][[7, 0, 0]]));
        assert_eq!(maps[11].value(0, 0, 10), None);
        assert_eq!(maps[10].value(0, 1, 2), Some(t.outputs[10][[30, 0, 0]]));
    }

    #[test]
    fn text_alternative_names_layer_channel_shape_and_range() {
        let s = Shape::new(8, 24, 24);
        assert_eq!(
            alt_text("conv1", s, 2, -0.5, 1.25),
            "conv1, channel 3 of 8, 24x24 map, values from −0.5 to 1.25"
        );
        assert_eq!(
            alt_text("dense1", Shape::new(10, 1, 1), 0, -2.0, 3.0),
            "dense1: 10 values in a row, values from −2 to 3"
        );
    }

    #[test]
    fn pointer_fractions_pick_units_and_clamp() {
        assert_eq!(unit_at(0.0, 0.0, 7, 7), (0, 0));
        assert_eq!(unit_at(0.5, 0.5, 7, 7), (3, 3));
        assert_eq!(unit_at(0.999, 1.0, 7, 7), (6, 6));
        assert_eq!(unit_at(-3.0, 9.0, 7, 7), (6, 0));
        assert_eq!(unit_at(f64::NAN, 0.2, 5, 5), (1, 0));
    }

    #[test]
    fn flat_vectors_wrap_into_rows() {
        assert_eq!(flat_grid(784), (28, 28));
        assert_eq!(flat_grid(10), (1, 10));
        assert_eq!(flat_grid(200), (8, 28));
    }

    #[test]
    fn most_likely_class() {
        assert_eq!(ranked(&[0.1, 0.7, 0.2]), Some(1));
        assert_eq!(ranked(&[]), None);
    }
}
