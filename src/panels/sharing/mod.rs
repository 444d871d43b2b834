//! Weight sharing, shown: one filter sliding over the input, step by step.
//!
//! A [`Slide`] is the geometry of one conv layer; step `i` is output unit
//! `(i / out_w, i % out_w)`, in reading order. At every step the *same*
//! `k x k x c` weights multiply the patch under the window. [`Player`] is the
//! play/pause/scrub state of the animation (`player.rs`), and [`Counts`]
//! compares this layer's weights with a dense layer that makes the same
//! output (`counts.rs`).

mod counts;
mod player;

pub use counts::{counts, Counts};
pub use player::Player;

use crate::core::receptive::Region;
use crate::core::{LayerInfo, LayerSpec, Shape};

/// Geometry of one conv layer's sliding window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slide {
    pub input: Shape,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
    pub out_h: usize,
    pub out_w: usize,
}

impl Slide {
    /// The slide of a conv layer; `None` for any other layer.
    pub fn of(info: &LayerInfo) -> Option<Slide> {
        match info.spec {
            LayerSpec::Conv {
                kernel,
                stride,
                padding,
                ..
            } => Some(Slide {
                input: info.input,
                kernel,
                stride,
                padding,
                out_h: info.output.h,
                out_w: info.output.w,
            }),
            _ => None,
        }
    }

    /// Number of window positions (= output units of one map).
    pub fn steps(&self) -> usize {
        self.out_h * self.out_w
    }

    /// Output unit `(y, x)` computed at `step` (clamped to the last one).
    pub fn unit(&self, step: usize) -> (usize, usize) {
        let s = step.min(self.steps().saturating_sub(1));
        (s / self.out_w.max(1), s % self.out_w.max(1))
    }

    /// The window on the input at `step`, half-open, in input pixels; it
    /// reaches into the zero padding (negative, or past the edge) when padded.
    pub fn window(&self, step: usize) -> Region {
        let (y, x) = self.unit(step);
        let (s, p, k) = (self.stride as i64, self.padding as i64, self.kernel as i64);
        let (y0, x0) = (y as i64 * s - p, x as i64 * s - p);
        Region {
            y0,
            x0,
            y1: y0 + k,
            x1: x0 + k,
        }
    }

    /// The input values under the window at `step`, `[c, k, k]`, with zeros
    /// where the window lies in the padding. `image` is `[c, h, w]`.
    pub fn patch(&self, image: &[f32], step: usize) -> Vec<f32> {
        let r = self.window(step);
        let (h, w) = (self.input.h as i64, self.input.w as i64);
        let mut out = Vec::with_capacity(self.input.c * self.kernel * self.kernel);
        for c in 0..self.input.c as i64 {
            for y in r.y0..r.y1 {
                for x in r.x0..r.x1 {
                    let inside = (0..h).contains(&y) && (0..w).contains(&x);
                    let i = ((c * h + y) * w + x) as usize;
                    out.push(if inside {
                        image.get(i).copied().unwrap_or(0.0)
                    } else {
                        0.0
                    });
                }
            }
        }
        out
    }
}

/// `sum(patch * weights) + bias`: what the filter computes at one position.
pub fn apply(patch: &[f32], weights: &[f32], bias: f32) -> f32 {
    patch.iter().zip(weights).map(|(a, b)| a * b).sum::<f32>() + bias
}

/// RGBA of a map filled in up to and including `step` (reading order);
/// units not reached yet are see-through.
pub fn revealed(rgba: &[u8], step: usize) -> Vec<u8> {
    let mut out = rgba.to_vec();
    for px in out.chunks_mut(4).skip(step + 1) {
        px[3] = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Model, ModelSpec, Rng};

    #[test]
    fn padded_windows_start_in_the_padding() {
        let info = ModelSpec::default_cnn().validate().unwrap();
        let s = Slide::of(&info[0]).unwrap();
        assert_eq!(s.steps(), 784);
        assert_eq!(
            s.window(0),
            Region {
                y0: -1,
                x0: -1,
                y1: 2,
                x1: 2
            }
        );
        assert_eq!(s.unit(29), (1, 1));
        assert_eq!(
            s.window(29),
            Region {
                y0: 0,
                x0: 0,
                y1: 3,
                x1: 3
            }
        );
        assert_eq!(s.unit(10_000), (27, 27), "clamped");
        assert!(Slide::of(&info[1]).is_none());
    }

    #[test]
    fn strided_windows_move_by_the_stride() {
        let spec: ModelSpec = "28x28x1|c4k5s2p0|flatten|d10".parse().unwrap();
        let info = spec.validate().unwrap();
        let s = Slide::of(&info[0]).unwrap();
        assert_eq!((s.out_h, s.out_w), (12, 12));
        assert_eq!(
            s.window(13),
            Region {
                y0: 2,
                x0: 2,
                y1: 7,
                x1: 7
            }
        );
    }

    #[test]
    fn the_same_weights_at_every_position_give_the_core_map() {
        // Recompute conv1's first map by sliding one filter by hand and
        // compare with the core's forward pass, at every position.
        let spec = ModelSpec::default_cnn();
        let mut model = Model::new(&spec, &mut Rng::new(9)).unwrap();
        let image: Vec<f32> = (0..784).map(|i| ((i * 13) % 29) as f32 / 29.0).collect();
        let trace = model.trace(&image);
        let (w, b) = model.layers()[0].params().unwrap();
        let s = Slide::of(&model.info()[0]).unwrap();
        for step in 0..s.steps() {
            let (y, x) = s.unit(step);
            let got = apply(&s.patch(&image, step), &w[..9], b[0]);
            let want = trace.outputs[0][[0, y, x]];
            assert!((got - want).abs() < 1e-5, "step {step}: {got} vs {want}");
        }
    }

    #[test]
    fn revealing_hides_units_not_yet_reached() {
        let rgba = vec![9u8; 4 * 4];
        let r = revealed(&rgba, 1);
        assert_eq!(r[3], 9);
        assert_eq!(r[7], 9);
        assert_eq!(r[11], 0);
        assert_eq!(r[15], 0);
    }
}
