//! The scene a person drags the cat across, and where each net fires on it.
//!
//! The same small scenes as training (see [`super::scenes`]), with the cat
//! at one fixed scale. Where a net "fires" is split exactly from its "cat"
//! minus "no cat" score:
//! - conv net: each place of the last conv map times the classifier's
//!   weights for that place (after the pooling: with global max pooling the
//!   weights are the same everywhere; with flatten each place has its own);
//! - dense net: each pixel times the gradient of the score (for a ReLU net
//!   this sums back to the score, biases aside).

use super::scenes::{backdrop, Stamp, DRAG_SCALE, SIDE};
use super::POOL_LAYER;
use crate::core::layers::Layer;
use crate::core::{LayerSpec, Model, Rng};
use crate::panels::cat::Sprite;

/// Backdrops the score-against-shift sweep averages over.
pub const SWEEP_SCENES: usize = 6;
const SWEEP_SEED: u64 = 404;
const DRAG_SEED: u64 = 7;

/// A backdrop for the sweep, with the cat's row.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepScene {
    pub backdrop: Vec<f32>,
    pub y: usize,
}

/// The sweep's backdrops (fixed seed) and rows.
pub fn sweep_scenes(sprite: &Sprite) -> Vec<SweepScene> {
    let mut rng = Rng::new(SWEEP_SEED);
    let side = Stamp::new(sprite, DRAG_SCALE).side;
    (0..SWEEP_SCENES)
        .map(|_| SweepScene {
            backdrop: backdrop(&mut rng),
            y: rng.below(SIDE - side + 1),
        })
        .collect()
}

/// Every left-edge x the cat can take, left to right.
pub fn sweep_positions(sprite: &Sprite) -> Vec<usize> {
    (0..=SIDE - Stamp::new(sprite, DRAG_SCALE).side).collect()
}

/// The first left-edge x of the drag-size cat whose centre is in the right half.
pub fn first_unseen_x() -> usize {
    let sprite = Sprite::builtin().expect("the built-in sprite parses (tested)");
    Stamp::new(&sprite, DRAG_SCALE)
        .x_range(super::scenes::Region::Right)
        .0
}

/// Mean probability of "cat" over `scenes` with the cat's left edge at `x`.
pub fn mean_cat_probability(
    model: &mut Model,
    sprite: &Sprite,
    scenes: &[SweepScene],
    x: usize,
) -> f32 {
    let stamp = Stamp::new(sprite, DRAG_SCALE);
    let mut sum = 0.0;
    for s in scenes {
        let mut px = s.backdrop.clone();
        stamp.paint(&mut px, x as i64, s.y as i64);
        sum += super::job::cat_probability(model, &px);
    }
    sum / scenes.len().max(1) as f32
}

/// The scene a person drags: one fixed backdrop and one cat.
#[derive(Clone, Debug, PartialEq)]
pub struct DragScene {
    backdrop: Vec<f32>,
    stamp: Stamp,
    /// The cat's top-left corner.
    pub at: (usize, usize),
}

impl DragScene {
    pub fn new(sprite: &Sprite) -> DragScene {
        let stamp = Stamp::new(sprite, DRAG_SCALE);
        let at = (6, (SIDE - stamp.side) / 2);
        DragScene {
            backdrop: backdrop(&mut Rng::new(DRAG_SEED)),
            stamp,
            at,
        }
    }
    /// The cat's side in pixels.
    pub fn cat_side(&self) -> usize {
        self.stamp.side
    }
    /// Moves the cat (clamped into the scene); returns where it landed.
    pub fn move_to(&mut self, x: i64, y: i64) -> (usize, usize) {
        let max = (SIDE - self.stamp.side) as i64;
        self.at = (x.clamp(0, max) as usize, y.clamp(0, max) as usize);
        self.at
    }
    /// True when the cat's centre is in the right half (never seen in training).
    pub fn unseen(&self) -> bool {
        self.stamp.x_range(super::scenes::Region::Right).0 <= self.at.0
    }
    pub fn render(&self) -> Vec<f32> {
        let mut px = self.backdrop.clone();
        self.stamp
            .paint(&mut px, self.at.0 as i64, self.at.1 as i64);
        px
    }
}

/// A map of how much each place adds to the "cat" score.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub w: usize,
    pub h: usize,
    pub values: Vec<f32>,
    /// Scene pixels per map cell, and the scene pixel of cell (0, 0)'s centre.
    pub step: f32,
    pub offset: f32,
}

/// The conv net's evidence map on its last conv layer's grid.
pub fn conv_evidence(model: &mut Model, pixels: &[f32]) -> Option<Evidence> {
    let trace = model.trace(pixels);
    let maps = trace.outputs.get(POOL_LAYER - 1)?;
    let (c, h, w) = maps.dim();
    let Some(Layer::Dense(head)) = model.layers().last() else {
        return None;
    };
    let d = head.inputs;
    let delta: Vec<f32> = (0..d)
        .map(|i| head.weight[d + i] - head.weight[i])
        .collect();
    let spec = model.info()[POOL_LAYER].spec;
    let pooled = model.info()[POOL_LAYER].output;
    let mut values = vec![0.0; h * w];
    for ch in 0..c {
        for y in 0..h {
            for x in 0..w {
                let weight = match spec {
                    LayerSpec::GlobalMaxPool => delta[ch],
                    LayerSpec::MaxPool { .. } | LayerSpec::AvgPool { .. } => {
                        let (py, pxl) = ((y / 2).min(pooled.h - 1), (x / 2).min(pooled.w - 1));
                        delta[(ch * pooled.h + py) * pooled.w + pxl]
                    }
                    _ => delta[(ch * h + y) * w + x],
                };
                values[y * w + x] += weight * maps[[ch, y, x]];
            }
        }
    }
    // conv 5x5 (valid) then pool 2 then conv 3x3 (valid): cell (0,0) of the
    // last map sees scene pixels 0..10, centred at 4.5 + 0.5.
    Some(Evidence {
        w,
        h,
        values,
        step: 2.0,
        offset: 5.0,
    })
}

/// The dense net's evidence map (pixel times gradient), on the scene's grid.
pub fn dense_evidence(model: &mut Model, pixels: &[f32]) -> Option<Evidence> {
    let trace = model.trace(pixels);
    let layers = model.layers();
    let (Some(Layer::Dense(first)), Some(Layer::Dense(head))) = (layers.get(1), layers.last())
    else {
        return None;
    };
    let hidden = trace.outputs.get(2)?;
    let (d, u) = (first.inputs, first.units);
    let mut values = vec![0.0; d];
    for j in 0..u {
        if hidden[[j, 0, 0]] <= 0.0 {
            continue;
        }
        let g = head.weight[u + j] - head.weight[j];
        for (v, (&wt, &x)) in values
            .iter_mut()
            .zip(first.weight[j * d..(j + 1) * d].iter().zip(pixels))
        {
            *v += g * wt * x;
        }
    }
    Some(Evidence {
        w: SIDE,
        h: SIDE,
        values,
        step: 1.0,
        offset: 0.5,
    })
}

impl Evidence {
    /// The strongest place, in scene pixels `(x, y)`, and its value.
    pub fn peak(&self) -> (f32, f32, f32) {
        let best = (0..self.values.len()).fold(0, |b, i| {
            if self.values[i] > self.values[b] {
                i
            } else {
                b
            }
        });
        let (cx, cy) = ((best % self.w.max(1)) as f32, (best / self.w.max(1)) as f32);
        (
            self.offset + self.step * cx,
            self.offset + self.step * cy,
            self.values.get(best).copied().unwrap_or(0.0),
        )
    }

    /// The value of the cell nearest scene pixel `(x, y)`.
    fn at(&self, x: usize, y: usize) -> f32 {
        let cell = |p: usize, n: usize| {
            (((p as f32 + 0.5 - self.offset) / self.step)
                .round()
                .max(0.0) as usize)
                .min(n - 1)
        };
        self.values[cell(y, self.h) * self.w + cell(x, self.w)]
    }
}

/// The scene in gray with positive evidence laid over it in orange (the
/// stronger, the more opaque; scaled to the largest |value|), RGBA bytes.
pub fn overlay_rgba(scene: &[f32], ev: &Evidence) -> Vec<u8> {
    let top = ev.values.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
    let mut out = Vec::with_capacity(SIDE * SIDE * 4);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let g = scene
                .get(y * SIDE + x)
                .copied()
                .unwrap_or(0.0)
                .clamp(0.0, 1.0)
                * 255.0;
            let a = (ev.at(x, y) / top).clamp(0.0, 1.0) * 0.85;
            let mix = |c: f32| (g * (1.0 - a) + c * a).round() as u8;
            out.extend([mix(255.0), mix(110.0), mix(0.0), 255]);
        }
    }
    out
}
