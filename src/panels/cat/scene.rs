//! The scene: a textured grayscale backdrop with cats on it.
//!
//! The backdrop is not flat, so that detectors have something other than the
//! cat to respond to, but its texture is faint (a few percent), so the cat's
//! parts stand out. It is a fixed function of the pixel position: the same
//! scene natively and in the browser, on every run.

use super::sprite::{Sprite, BG_LEVEL};

/// Default scene side.
pub const SIDE: usize = 128;
/// Most cats a scene holds.
pub const MAX_CATS: usize = 8;
/// Largest scene side (the core's input limit).
pub const MAX_SIDE: usize = 1024;

/// A `w x h` scene and the top-left corners `(x, y)` of its cats.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    w: usize,
    h: usize,
    sprite: Sprite,
    cats: Vec<(usize, usize)>,
    textured: bool,
}

impl Scene {
    /// An empty textured scene. Refuses sides smaller than the sprite or
    /// larger than [`MAX_SIDE`].
    pub fn new(w: usize, h: usize, sprite: Sprite) -> Result<Scene, String> {
        if w < sprite.w || h < sprite.h || w > MAX_SIDE || h > MAX_SIDE {
            return Err(format!(
                "a {w}x{h} scene must be at least the sprite's {}x{} and at most {MAX_SIDE} a side",
                sprite.w, sprite.h
            ));
        }
        Ok(Scene {
            w,
            h,
            sprite,
            cats: Vec::new(),
            textured: true,
        })
    }

    pub fn width(&self) -> usize {
        self.w
    }
    pub fn height(&self) -> usize {
        self.h
    }
    pub fn sprite(&self) -> &Sprite {
        &self.sprite
    }
    /// Top-left corners `(x, y)` of the cats, in drawing order.
    pub fn cats(&self) -> &[(usize, usize)] {
        &self.cats
    }
    /// Plain (flat) or textured backdrop.
    pub fn set_textured(&mut self, on: bool) {
        self.textured = on;
    }

    /// The nearest position where a whole cat fits in the scene.
    pub fn clamp(&self, x: i64, y: i64) -> (usize, usize) {
        let max_x = (self.w - self.sprite.w) as i64;
        let max_y = (self.h - self.sprite.h) as i64;
        (x.clamp(0, max_x) as usize, y.clamp(0, max_y) as usize)
    }

    /// Adds a cat at `(x, y)` (clamped into the scene). Returns its index, or
    /// a message when the scene is full.
    pub fn add_cat(&mut self, x: i64, y: i64) -> Result<usize, String> {
        if self.cats.len() >= MAX_CATS {
            return Err(format!("the scene holds at most {MAX_CATS} cats"));
        }
        let pos = self.clamp(x, y);
        self.cats.push(pos);
        Ok(self.cats.len() - 1)
    }

    /// Removes cat `i`; `false` if there is no such cat.
    pub fn remove_cat(&mut self, i: usize) -> bool {
        if i < self.cats.len() {
            self.cats.remove(i);
            true
        } else {
            false
        }
    }

    /// Moves cat `i` to `(x, y)` (clamped). Returns where it landed.
    pub fn move_cat(&mut self, i: usize, x: i64, y: i64) -> Option<(usize, usize)> {
        let pos = self.clamp(x, y);
        let cat = self.cats.get_mut(i)?;
        *cat = pos;
        Some(pos)
    }

    /// The backdrop alone, `w * h` values row-major.
    pub fn background(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.w * self.h);
        for y in 0..self.h {
            for x in 0..self.w {
                out.push(if self.textured {
                    texture(x, y)
                } else {
                    BG_LEVEL
                });
            }
        }
        out
    }

    /// The scene as the network sees it: backdrop, then each cat in turn
    /// (later cats on top), `w * h` values in `0..=1`.
    pub fn render(&self) -> Vec<f32> {
        let mut px = self.background();
        let s = &self.sprite;
        for &(cx, cy) in &self.cats {
            for y in 0..s.h {
                for x in 0..s.w {
                    let i = y * s.w + x;
                    if s.opaque[i] {
                        px[(cy + y) * self.w + cx + x] = s.pixels[i];
                    }
                }
            }
        }
        px
    }
}

/// Faint texture around [`BG_LEVEL`]: soft waves plus fine grain, +-0.05 at most.
fn texture(x: usize, y: usize) -> f32 {
    let (xf, yf) = (x as f32, y as f32);
    let waves = 0.025 * (0.31 * xf + 0.8 * (0.05 * yf).sin()).sin() * (0.23 * yf).cos();
    // Integer hash, so the grain is identical on every platform.
    let mut hsh = (x as u32).wrapping_mul(0x9E37_79B1) ^ (y as u32).wrapping_mul(0x85EB_CA77);
    hsh ^= hsh >> 15;
    hsh = hsh.wrapping_mul(0x2C1B_3C6D);
    hsh ^= hsh >> 12;
    let grain = 0.02 * ((hsh & 0xFFFF) as f32 / 65535.0 - 0.5);
    BG_LEVEL + waves + grain
}
