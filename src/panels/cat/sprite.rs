//! The cat sprite (our own drawing, `static/cat.pgm`) and the parts cut from it.
//!
//! Gray value 0 in the file is transparent: the scene shows through. A part
//! detector is a `k x k` patch of the sprite around an ear, an eye or the nose,
//! made zero-mean and unit-length. Zero-mean means a flat region (any
//! brightness) gives 0; unit length makes detectors comparable. The patch is
//! then used as-is as a convolution filter: the filter *is* the template.

use super::pgm::{parse_pgm, Gray};

/// The sprite file, built into the program (nothing is fetched at run time).
pub const CAT_PGM: &str = include_str!("../../../static/cat.pgm");

/// Brightness that stands in for transparent pixels inside a template: the
/// scene background's average level, so a template expects the usual backdrop.
pub const BG_LEVEL: f32 = 0.3;

/// A sprite: gray values in `0..=1` and which pixels are part of the cat.
#[derive(Clone, Debug, PartialEq)]
pub struct Sprite {
    pub w: usize,
    pub h: usize,
    pub pixels: Vec<f32>,
    /// `true` where the cat is drawn (gray value above 0).
    pub opaque: Vec<bool>,
}

impl Sprite {
    /// The built-in cat.
    pub fn builtin() -> Result<Sprite, String> {
        Sprite::from_pgm(CAT_PGM)
    }

    /// A sprite from plain PGM text; gray 0 is transparent.
    pub fn from_pgm(text: &str) -> Result<Sprite, String> {
        let Gray { w, h, pixels } = parse_pgm(text)?;
        let opaque: Vec<bool> = pixels.iter().map(|&v| v > 0.0).collect();
        if !opaque.contains(&true) {
            return Err("the sprite has no visible pixels (all are 0, transparent)".into());
        }
        Ok(Sprite {
            w,
            h,
            pixels,
            opaque,
        })
    }
}

/// Where a named part sits in the sprite: top-left of its `k x k` patch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: &'static str,
    pub y: usize,
    pub x: usize,
}

/// Detector side used by the demo.
pub const K: usize = 7;

/// The three parts of the built-in cat (for `K = 7`): the left ear, the left
/// eye and the nose with the top of the mouth.
pub const PARTS: [Part; 3] = [
    Part {
        name: "ear",
        y: 0,
        x: 0,
    },
    Part {
        name: "eye",
        y: 7,
        x: 2,
    },
    Part {
        name: "nose",
        y: 12,
        x: 9,
    },
];

/// A part detector: a zero-mean, unit-length `k x k` filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Detector {
    pub name: &'static str,
    pub part: Part,
    pub k: usize,
    /// `k * k` weights, row-major.
    pub weights: Vec<f32>,
    /// Its response on its own patch, with the usual backdrop: the score of a
    /// perfect match, used to report scores as a fraction (1.0 = the part).
    pub self_score: f32,
}

/// Cuts `part`'s `k x k` patch from `sprite` and turns it into a detector.
pub fn make_detector(sprite: &Sprite, part: Part, k: usize) -> Result<Detector, String> {
    if k == 0 || part.y + k > sprite.h || part.x + k > sprite.w {
        return Err(format!(
            "the {k}x{k} {} patch at ({}, {}) does not fit the {}x{} sprite",
            part.name, part.x, part.y, sprite.w, sprite.h
        ));
    }
    let mut patch = Vec::with_capacity(k * k);
    for y in part.y..part.y + k {
        for x in part.x..part.x + k {
            let i = y * sprite.w + x;
            patch.push(if sprite.opaque[i] {
                sprite.pixels[i]
            } else {
                BG_LEVEL
            });
        }
    }
    let mean = patch.iter().sum::<f32>() / patch.len() as f32;
    let norm = patch.iter().map(|v| (v - mean).powi(2)).sum::<f32>().sqrt();
    if norm < 1e-3 {
        return Err(format!(
            "the {} patch is flat, so it cannot detect anything",
            part.name
        ));
    }
    let weights: Vec<f32> = patch.iter().map(|v| (v - mean) / norm).collect();
    let self_score = weights.iter().zip(&patch).map(|(w, p)| w * p).sum();
    Ok(Detector {
        name: part.name,
        part,
        k,
        weights,
        self_score,
    })
}

/// The demo's detectors: [`PARTS`] of `sprite` at size [`K`].
pub fn detectors(sprite: &Sprite) -> Result<Vec<Detector>, String> {
    PARTS.iter().map(|&p| make_detector(sprite, p, K)).collect()
}
