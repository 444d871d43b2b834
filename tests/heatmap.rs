//! Native tests of the colour scales, ranges and legend ticks.

use cnn_playground::panels::heatmap::{legend, ticks, to_rgba, Range, Scale, NAN_COLOR};

fn luminance(c: [u8; 4]) -> f32 {
    0.2126 * c[0] as f32 + 0.7152 * c[1] as f32 + 0.0722 * c[2] as f32
}

#[test]
fn diverging_is_blue_white_red_around_zero() {
    let r = Range::symmetric(&[-0.5, 2.0, 0.1]);
    assert_eq!(r, Range { lo: -2.0, hi: 2.0 });
    let s = Scale::Diverging;
    let zero = s.color(0.0, r);
    assert!(
        zero[..3].iter().all(|&c| c >= 240),
        "zero is near white: {zero:?}"
    );
    let neg = s.color(-2.0, r);
    let pos = s.color(2.0, r);
    assert!(neg[2] > neg[0] + 100, "negative is blue: {neg:?}");
    assert!(pos[0] > pos[2] + 100, "positive is red: {pos:?}");
    // Equal magnitudes are equally far from white: a fair comparison of signs.
    let (ln, lp) = (luminance(s.color(-1.0, r)), luminance(s.color(1.0, r)));
    assert!((ln - lp).abs() < 40.0, "{ln} vs {lp}");
    // Out of range clamps to the ends.
    assert_eq!(s.color(-9.0, r), neg);
    // An all-zero filter is all white, not a divide by zero.
    let flat = Range::symmetric(&[0.0, 0.0]);
    assert_eq!(s.color(0.0, flat), zero);
}

#[test]
fn sequential_and_gray_get_lighter_as_values_rise() {
    for s in [Scale::Sequential, Scale::Gray] {
        let lums: Vec<f32> = (0..=20).map(|i| luminance(s.at(i as f32 / 20.0))).collect();
        assert!(lums.windows(2).all(|w| w[1] > w[0]), "{s:?}: {lums:?}");
    }
    assert_eq!(Scale::Gray.at(0.0), [0, 0, 0, 255]);
    assert_eq!(Scale::Gray.at(1.0), [255, 255, 255, 255]);
    assert_eq!(Scale::Gray.at(0.5), [128, 128, 128, 255]);
    // A dead (all-zero) activation map stays at the dark end.
    let r = Range::min_max(&[0.0; 4]);
    assert_eq!(Scale::Sequential.color(0.0, r), Scale::Sequential.at(0.0));
}

#[test]
fn rgba_buffers_and_odd_values() {
    let vals = [0.0, 0.5, 1.0, f32::NAN, f32::INFINITY];
    let r = Range::min_max(&vals);
    assert_eq!(
        r,
        Range { lo: 0.0, hi: 1.0 },
        "non-finite values are ignored"
    );
    let px = to_rgba(&vals, Scale::Gray, r);
    assert_eq!(px.len(), 20);
    assert_eq!(&px[4..8], &[128, 128, 128, 255]);
    assert_eq!(&px[12..16], &NAN_COLOR);
    assert_eq!(&px[16..20], &[255, 255, 255, 255]);
    assert_eq!(
        Scale::Diverging.auto_range(&[1.0, -3.0]),
        Range { lo: -3.0, hi: 3.0 }
    );
    assert_eq!(
        Scale::Sequential.auto_range(&[1.0, -3.0]),
        Range { lo: -3.0, hi: 1.0 }
    );
    assert_eq!(Range::min_max(&[]), Range { lo: 0.0, hi: 0.0 });
}

#[test]
fn legend_strip_runs_end_to_end() {
    let strip = legend(Scale::Diverging, 64);
    assert_eq!(strip.len(), 64 * 4);
    assert_eq!(&strip[..4], &Scale::Diverging.at(0.0));
    assert_eq!(&strip[63 * 4..], &Scale::Diverging.at(1.0));
    assert_eq!(legend(Scale::Gray, 1), vec![0, 0, 0, 255]);
}

#[test]
fn ticks_are_round_numbers() {
    let t = ticks(Range { lo: -2.0, hi: 2.0 }, 5);
    let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["-2", "-1", "0", "1", "2"]);
    assert_eq!(t[2].pos, 0.5);
    let t = ticks(Range { lo: 0.0, hi: 0.37 }, 5);
    let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["0.0", "0.1", "0.2", "0.3"]);
    let t = ticks(
        Range {
            lo: -0.13,
            hi: 0.13,
        },
        7,
    );
    let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["-0.10", "-0.05", "0.00", "0.05", "0.10"]);
    assert!(t.windows(2).all(|w| w[1].pos > w[0].pos));
    assert_eq!(ticks(Range { lo: 0.0, hi: 0.0 }, 5).len(), 1);
    assert!(ticks(
        Range {
            lo: f32::NAN,
            hi: 1.0
        },
        5
    )
    .is_empty());
}
