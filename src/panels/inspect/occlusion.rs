//! Occlusion sensitivity: what the network looks at in one digit.
//!
//! A blank (0, background) square patch slides over the input; at each place
//! the model classifies the covered digit, and the fall of the probability of
//! the class it originally chose is recorded. Each input pixel then gets the
//! mean fall over the patches that covered it: a map of how much the answer
//! depends on that part of the picture. Every probability comes from the
//! model's own forward pass; [`Occlusion::advance`] does a few patch places
//! at a time so a browser can spread the work over short tasks.

use crate::core::layers::loss::argmax;
use crate::core::Model;

/// Patch side and step, in input pixels.
pub const PATCH: usize = 6;
pub const STEP: usize = 2;

/// An occlusion map being computed for one `side x side` image.
#[derive(Clone, Debug, PartialEq)]
pub struct Occlusion {
    side: usize,
    image: Vec<f32>,
    /// The class the model chose for the whole image, and its probability.
    pub class: usize,
    pub base: f32,
    /// Patch top-left corners still to try, in order.
    places: Vec<(usize, usize)>,
    next: usize,
    sum: Vec<f32>,
    hits: Vec<u32>,
}

impl Occlusion {
    /// Classifies `image` (square, `model.input_len()` values) and prepares
    /// the patch places. `None` when the image does not fit the model.
    pub fn new(model: &mut Model, image: &[f32]) -> Option<Occlusion> {
        let side = (image.len() as f64).sqrt() as usize;
        if side * side != image.len() || image.len() != model.input_len() || side < PATCH {
            return None;
        }
        let probs = model.predict(image);
        let class = argmax(&probs);
        let places = (0..=(side - PATCH) / STEP)
            .flat_map(|y| (0..=(side - PATCH) / STEP).map(move |x| (x * STEP, y * STEP)))
            .collect();
        Some(Occlusion {
            side,
            image: image.to_vec(),
            class,
            base: probs[class],
            places,
            next: 0,
            sum: vec![0.0; image.len()],
            hits: vec![0; image.len()],
        })
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.places.len()
    }
    /// Fraction of patch places done.
    pub fn progress(&self) -> f32 {
        self.next as f32 / self.places.len().max(1) as f32
    }

    /// The probability of [`Occlusion::class`] with the patch at `(x, y)`.
    pub fn covered(&self, model: &mut Model, x: usize, y: usize) -> f32 {
        let mut px = self.image.clone();
        for row in y..(y + PATCH).min(self.side) {
            for v in &mut px[row * self.side + x..row * self.side + (x + PATCH).min(self.side)] {
                *v = 0.0;
            }
        }
        model.predict(&px).get(self.class).copied().unwrap_or(0.0)
    }

    /// Tries up to `n` more patch places; true while some are left.
    pub fn advance(&mut self, model: &mut Model, n: usize) -> bool {
        for _ in 0..n {
            let Some(&(x, y)) = self.places.get(self.next) else {
                break;
            };
            let drop = self.base - self.covered(model, x, y);
            for row in y..y + PATCH {
                for col in x..x + PATCH {
                    self.sum[row * self.side + col] += drop;
                    self.hits[row * self.side + col] += 1;
                }
            }
            self.next += 1;
        }
        !self.is_done()
    }

    /// The map so far: mean fall of the probability per input pixel, row-major.
    pub fn map(&self) -> Vec<f32> {
        self.sum
            .iter()
            .zip(&self.hits)
            .map(|(s, &h)| if h > 0 { s / h as f32 } else { 0.0 })
            .collect()
    }

    /// The pixel `(x, y)` where covering hurts most (first one on ties).
    pub fn peak(&self) -> (usize, usize) {
        let m = self.map();
        let best = (0..m.len()).fold(0, |b, i| if m[i] > m[b] { i } else { b });
        (best % self.side, best / self.side)
    }
}

/// Colour of the largest fall (red) and of the largest rise (blue).
const FALL: [f32; 3] = [214.0, 39.0, 40.0];
const RISE: [f32; 3] = [33.0, 102.0, 172.0];

impl Occlusion {
    /// The largest fall in the map so far (0 when nothing lowers the answer).
    pub fn peak_fall(&self) -> f32 {
        let (x, y) = self.peak();
        self.map()[y * self.side + x].max(0.0)
    }

    /// The digit (dark ink on white) with the map laid over it: red where
    /// covering lowers the probability, blue where it raises it, opaque in
    /// proportion to the largest change. `side * side * 4` RGBA bytes.
    pub fn overlay(&self) -> Vec<u8> {
        let map = self.map();
        let top = map.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let mut out = Vec::with_capacity(map.len() * 4);
        for (&ink, &m) in self.image.iter().zip(&map) {
            let gray = 255.0 * (1.0 - ink.clamp(0.0, 1.0));
            let t = if top > 0.0 { 0.85 * m.abs() / top } else { 0.0 };
            let hue = if m >= 0.0 { FALL } else { RISE };
            for c in hue {
                out.push((gray + t * (c - gray)).round() as u8);
            }
            out.push(255);
        }
        out
    }

    /// Side of the (square) input in pixels.
    pub fn side(&self) -> usize {
        self.side
    }
}
