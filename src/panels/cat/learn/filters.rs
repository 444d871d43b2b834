//! What the learned first-layer filters turned out to look like.
//!
//! Each filter is compared (correlation of the zero-mean, unit-length
//! weights, so `-1..=1`) with:
//! - step edges in four directions (either polarity: the sign only says which
//!   side is bright);
//! - a bright or dark spot (centre against surround);
//! - every `k x k` piece of the cat as it appears in the scenes.
//!
//! The words on the page come from these numbers, so they say what this run
//! learned, which is usually edges and spots rather than ears.

use super::scenes::{Stamp, DRAG_SCALE};
use crate::panels::cat::sprite::BG_LEVEL;
use crate::panels::cat::Sprite;
use std::f32::consts::FRAC_1_SQRT_2;

/// What one filter looks like most.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Look {
    /// An edge; the direction of the edge line.
    Edge(&'static str),
    Spot,
    /// No template reaches [`CLEAR`].
    Mixed,
    /// All weights (nearly) equal: responds to brightness only.
    Flat,
}

/// A correlation at least this strong counts as "looks like".
pub const CLEAR: f32 = 0.6;

/// The comparison of one filter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FilterLook {
    pub look: Look,
    /// Best |correlation| with an edge, with a spot.
    pub edge: f32,
    pub spot: f32,
    /// Best correlation with a piece of the cat, and where that piece is.
    pub cat: f32,
    pub cat_part: &'static str,
}

impl FilterLook {
    pub fn words(&self) -> String {
        match self.look {
            Look::Edge(dir) => format!("{dir} edge"),
            Look::Spot => "spot".into(),
            Look::Mixed => "mixed".into(),
            Look::Flat => "flat".into(),
        }
    }
}

const DIRS: [(&str, f32, f32); 4] = [
    ("vertical", 1.0, 0.0),
    ("horizontal", 0.0, 1.0),
    ("diagonal", FRAC_1_SQRT_2, FRAC_1_SQRT_2),
    ("diagonal", FRAC_1_SQRT_2, -FRAC_1_SQRT_2),
];

/// Zero mean, unit length; `None` when flat.
fn normalise(v: &[f32]) -> Option<Vec<f32>> {
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    let norm = v.iter().map(|x| (x - mean).powi(2)).sum::<f32>().sqrt();
    (norm > 1e-6).then(|| v.iter().map(|x| (x - mean) / norm).collect())
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Compares every `k x k` filter in `weights` (`[n, 1, k, k]`, row-major).
pub fn describe(weights: &[f32], k: usize, sprite: &Sprite) -> Vec<FilterLook> {
    let c = (k as f32 - 1.0) / 2.0;
    let edges: Vec<(&str, Vec<f32>)> = DIRS
        .iter()
        .filter_map(|&(name, nx, ny)| {
            let t: Vec<f32> = (0..k * k)
                .map(|i| {
                    let (y, x) = ((i / k) as f32 - c, (i % k) as f32 - c);
                    (nx * x + ny * y).clamp(-1.0, 1.0)
                })
                .collect();
            Some((name, normalise(&t)?))
        })
        .collect();
    let spot: Vec<f32> = (0..k * k)
        .map(|i| {
            let (y, x) = ((i / k) as f32 - c, (i % k) as f32 - c);
            if x * x + y * y <= 1.5 {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let spot = normalise(&spot).unwrap_or_default();
    let pieces = cat_pieces(sprite, k);
    weights
        .chunks(k * k)
        .map(|w| {
            let Some(f) = normalise(w) else {
                return FilterLook {
                    look: Look::Flat,
                    edge: 0.0,
                    spot: 0.0,
                    cat: 0.0,
                    cat_part: "",
                };
            };
            let (dir, edge) = edges
                .iter()
                .map(|(n, t)| (*n, dot(&f, t).abs()))
                .fold(("", 0.0f32), |b, e| if e.1 > b.1 { e } else { b });
            let spot = dot(&f, &spot).abs();
            let (cat_part, cat) = pieces
                .iter()
                .map(|(n, p)| (*n, dot(&f, p)))
                .fold(("", -1.0f32), |b, e| if e.1 > b.1 { e } else { b });
            let look = if edge.max(spot) < CLEAR {
                Look::Mixed
            } else if edge >= spot {
                Look::Edge(dir)
            } else {
                Look::Spot
            };
            FilterLook {
                look,
                edge,
                spot,
                cat,
                cat_part,
            }
        })
        .collect()
}

/// Every `k x k` window of the cat at the scenes' scale, on a plain backdrop,
/// normalised, named by where it sits in the face.
fn cat_pieces(sprite: &Sprite, k: usize) -> Vec<(&'static str, Vec<f32>)> {
    let s = Stamp::new(sprite, DRAG_SCALE);
    let px: Vec<f32> = (0..s.side * s.side)
        .map(|i| s.alpha[i] * s.gray[i] + (1.0 - s.alpha[i]) * BG_LEVEL)
        .collect();
    let mut out = Vec::new();
    for y in 0..=s.side.saturating_sub(k) {
        for x in 0..=s.side.saturating_sub(k) {
            let win: Vec<f32> = (0..k * k)
                .map(|i| px[(y + i / k) * s.side + x + i % k])
                .collect();
            let centre = (y as f32 + k as f32 / 2.0) / s.side as f32;
            let part = match centre {
                c if c < 0.4 => "the ears",
                c if c < 0.62 => "the eyes",
                _ => "the nose and mouth",
            };
            if let Some(n) = normalise(&win) {
                out.push((part, n));
            }
        }
    }
    out
}

/// One or two plain sentences about `looks`.
pub fn summary(looks: &[FilterLook]) -> String {
    let count = |f: &dyn Fn(&Look) -> bool| looks.iter().filter(|l| f(&l.look)).count();
    let edges = count(&|l| matches!(l, Look::Edge(_)));
    let spots = count(&|l| matches!(l, Look::Spot));
    let other = looks.len() - edges - spots;
    let best = looks.iter().fold(None::<&FilterLook>, |b, l| match b {
        Some(b) if b.cat >= l.cat => Some(b),
        _ => Some(l),
    });
    let mut s = format!(
        "Of the {} learned filters, {edges} look most like an edge, {spots} like a spot and {other} like neither (correlation below {CLEAR} with both).",
        looks.len()
    );
    if let Some(b) = best {
        s.push_str(&format!(
            " The closest any comes to a piece of the cat is a correlation of {:.2}, with a patch around {}",
            b.cat, b.cat_part
        ));
        s.push_str(if b.cat >= 0.8 {
            ": that filter does resemble part of the cat."
        } else {
            ": none is a copy of an ear, an eye or a nose."
        });
    }
    s
}
