//! Random training scenes for the learned cat detector.
//!
//! A scene is a small `SIDE x SIDE` gray picture: an uneven backdrop, grain,
//! one to three distractor shapes (discs, rings, boxes, triangles, bars, in
//! the cat's own gray levels) and, in half of the scenes, our cat sprite
//! scaled down by a random factor. Where the cat may go is a [`Region`]: the
//! training set only ever has cats whose centre is in the left half.
//!
//! Everything comes from a seeded [`Rng`], so a seed gives the same scenes
//! natively and in the browser.

use super::super::sprite::Sprite;
use crate::core::spec::Shape;
use crate::core::{Dataset, Rng};

/// Scene side, in pixels.
pub const SIDE: usize = 40;
/// The cat is drawn at `SCALE_MIN..SCALE_MAX` times the sprite's 24 pixels.
pub const SCALE_MIN: f32 = 0.45;
pub const SCALE_MAX: f32 = 0.6;
/// Scale of the cat in the scene a person drags (the middle of the range).
pub const DRAG_SCALE: f32 = 0.52;
/// Label of scenes with a cat (the other class, 0, is "no cat").
pub const CAT: u8 = 1;

/// Where a cat's centre may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    /// Centre column left of the middle: the positions training sees.
    Left,
    /// Centre column at or right of the middle: never seen in training.
    Right,
    /// Anywhere.
    Any,
}

/// The cat scaled by `scale`: gray values and coverage (0..=1) per pixel,
/// `side x side`, by averaging the sprite pixels each output pixel covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamp {
    pub side: usize,
    pub gray: Vec<f32>,
    pub alpha: Vec<f32>,
}

impl Stamp {
    pub fn new(sprite: &Sprite, scale: f32) -> Stamp {
        let side = ((sprite.w as f32 * scale).round() as usize).clamp(4, SIDE);
        let f = sprite.w as f32 / side as f32;
        let (mut gray, mut alpha) = (vec![0.0; side * side], vec![0.0; side * side]);
        for oy in 0..side {
            for ox in 0..side {
                let (y0, y1) = (
                    (oy as f32 * f) as usize,
                    ((oy + 1) as f32 * f).ceil() as usize,
                );
                let (x0, x1) = (
                    (ox as f32 * f) as usize,
                    ((ox + 1) as f32 * f).ceil() as usize,
                );
                let (mut g, mut a, mut n) = (0.0, 0.0, 0.0);
                for y in y0..y1.min(sprite.h) {
                    for x in x0..x1.min(sprite.w) {
                        let i = y * sprite.w + x;
                        n += 1.0;
                        if sprite.opaque[i] {
                            a += 1.0;
                            g += sprite.pixels[i];
                        }
                    }
                }
                let i = oy * side + ox;
                alpha[i] = if n > 0.0 { a / n } else { 0.0 };
                gray[i] = if a > 0.0 { g / a } else { 0.0 };
            }
        }
        Stamp { side, gray, alpha }
    }

    /// Paints the cat with its top-left corner at `(x, y)`, clipped to the scene.
    pub fn paint(&self, px: &mut [f32], x: i64, y: i64) {
        for sy in 0..self.side {
            for sx in 0..self.side {
                let (tx, ty) = (x + sx as i64, y + sy as i64);
                if tx < 0 || ty < 0 || tx >= SIDE as i64 || ty >= SIDE as i64 {
                    continue;
                }
                let (i, t) = (sy * self.side + sx, ty as usize * SIDE + tx as usize);
                let a = self.alpha[i];
                px[t] = a * self.gray[i] + (1.0 - a) * px[t];
            }
        }
    }

    /// Top-left x range whose centre column lies in `region`.
    pub fn x_range(&self, region: Region) -> (usize, usize) {
        let max = SIDE - self.side;
        let mid = SIDE / 2;
        // centre = x + side / 2
        let first_right = mid.saturating_sub(self.side / 2).min(max);
        match region {
            Region::Left => (0, first_right.saturating_sub(1)),
            Region::Right => (first_right, max),
            Region::Any => (0, max),
        }
    }
}

/// The backdrop and the distractors of one scene, without a cat.
pub fn backdrop(rng: &mut Rng) -> Vec<f32> {
    let base = rng.uniform(0.15, 0.45);
    let (gx, gy) = (rng.uniform(-0.12, 0.12), rng.uniform(-0.12, 0.12));
    let grain = rng.uniform(0.02, 0.08);
    let mut px = vec![0.0; SIDE * SIDE];
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (u, v) = (x as f32 / SIDE as f32 - 0.5, y as f32 / SIDE as f32 - 0.5);
            px[y * SIDE + x] = base + gx * u + gy * v + rng.uniform(-grain, grain);
        }
    }
    for _ in 0..1 + rng.below(3) {
        distractor(&mut px, rng);
    }
    px
}

/// One shape of a random kind, size, place and gray level.
fn distractor(px: &mut [f32], rng: &mut Rng) {
    let r = rng.uniform(2.5, 7.5);
    let (cx, cy) = (rng.uniform(0.0, SIDE as f32), rng.uniform(0.0, SIDE as f32));
    let gray = [0.14, 0.55, 0.75, 0.92][rng.below(4)] + rng.uniform(-0.05, 0.05);
    let kind = rng.below(5);
    let (ax, ay) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let d2 = dx * dx + dy * dy;
            let inside = match kind {
                0 => d2 <= r * r,
                1 => d2 <= r * r && d2 >= (r - 1.5) * (r - 1.5),
                2 => dx.abs() <= r && dy.abs() <= r * 0.7,
                // A triangle pointing up, like an ear.
                3 => dy <= r && dy >= -r && dx.abs() <= (dy + r) * 0.5,
                // A bar in a random direction.
                _ => {
                    let n = (ax * ax + ay * ay).sqrt().max(1e-3);
                    let along = (dx * ax + dy * ay) / n;
                    let across = (dx * ay - dy * ax) / n;
                    along.abs() <= r * 1.3 && across.abs() <= 1.0
                }
            };
            if inside {
                px[y * SIDE + x] = gray;
            }
        }
    }
}

/// One scene: `(pixels, cat top-left if any)`. With `cat = None` there is no cat.
pub fn scene(
    sprite: &Sprite,
    rng: &mut Rng,
    cat: Option<Region>,
) -> (Vec<f32>, Option<(usize, usize)>) {
    let mut px = backdrop(rng);
    let Some(region) = cat else {
        return (px, None);
    };
    let stamp = Stamp::new(sprite, rng.uniform(SCALE_MIN, SCALE_MAX));
    let (lo, hi) = stamp.x_range(region);
    let x = lo + rng.below(hi - lo + 1);
    let y = rng.below(SIDE - stamp.side + 1);
    stamp.paint(&mut px, x as i64, y as i64);
    (px, Some((x, y)))
}

/// Makes a balanced labelled set of scenes a few at a time: scene `i` has a
/// cat in `region` when `i` is even (so any prefix is balanced), label
/// [`CAT`], and none otherwise, label 0.
#[derive(Clone, Debug)]
pub struct Maker {
    rng: Rng,
    region: Region,
    target: usize,
    pub data: Dataset,
}

impl Maker {
    pub fn new(n: usize, region: Region, seed: u64) -> Maker {
        Maker {
            rng: Rng::new(seed),
            region,
            target: n,
            data: Dataset {
                shape: Shape::new(1, SIDE, SIDE),
                images: Vec::with_capacity(n * SIDE * SIDE),
                labels: Vec::with_capacity(n),
            },
        }
    }

    /// Adds up to `k` scenes; true while more are to come.
    pub fn advance(&mut self, sprite: &Sprite, k: usize) -> bool {
        for _ in 0..k {
            let i = self.data.len();
            if i >= self.target {
                break;
            }
            let with_cat = i.is_multiple_of(2);
            let (px, _) = scene(sprite, &mut self.rng, with_cat.then_some(self.region));
            self.data.images.extend(px);
            self.data.labels.push(if with_cat { CAT } else { 0 });
        }
        self.data.len() < self.target
    }
}

/// `n` scenes at once (see [`Maker`]).
pub fn dataset(sprite: &Sprite, n: usize, region: Region, seed: u64) -> Dataset {
    let mut m = Maker::new(n, region, seed);
    while m.advance(sprite, n) {}
    m.data
}
