//! Digits drawn as strokes, the way a mouse or a finger draws them: the
//! polyline primitives the stroke-digit tests build their glyphs from, the
//! pad they rasterize to, and reading the network's answer.

use cnn_playground::panels::draw::preprocess::{Pad, Stroke, PAD_SIDE};
use std::f32::consts::PI;

/// One stroke's points, in pad pixels.
pub type Poly = Vec<(f32, f32)>;

/// Points on an ellipse arc, angles in degrees (0 = right, 90 = down,
/// because pad y grows downwards), at most 7.5 degrees apart.
pub fn arc(cx: f32, cy: f32, rx: f32, ry: f32, a0: f32, a1: f32) -> Poly {
    let n = (((a1 - a0).abs() / 7.5).ceil() as usize).max(2);
    (0..=n)
        .map(|i| {
            let a = (a0 + (a1 - a0) * i as f32 / n as f32) * PI / 180.0;
            (cx + rx * a.cos(), cy + ry * a.sin())
        })
        .collect()
}

/// Several pieces drawn as one stroke, in order.
pub fn cat(parts: &[Poly]) -> Poly {
    parts.concat()
}

/// The glyph's strokes moved by `map` and drawn with a `brush`-wide pen on
/// the pad (`PAD_SIDE` square), by the pad's own rasterizer.
pub fn draw(glyph: &[Poly], brush: f32, map: impl Fn((f32, f32)) -> (f32, f32)) -> Pad {
    let strokes: Vec<Stroke> = glyph
        .iter()
        .map(|poly| Stroke {
            points: poly.iter().map(|&p| map(p)).collect(),
            width: brush,
        })
        .collect();
    Pad::from_strokes(PAD_SIDE, PAD_SIDE, &strokes)
}

/// The most likely class.
pub fn argmax(p: &[f32]) -> usize {
    (0..p.len())
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .expect("at least one probability")
}
