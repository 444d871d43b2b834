//! The count, and the honest limits of pooling.
//!
//! Count: the detectors need `n x k x k` weights (+ `n` biases) whatever the
//! scene. A dense layer that finds the cat at every position needs one
//! template of `W x H` weights (+ 1 bias) per position the cat can take.
//!
//! Limits: a strided 2x2 max pool is not shift-invariant. Move the cat by one
//! pixel and its parts fall into different pooling windows, so the pooled map
//! changes (it is not even a shifted copy). Move it by the stride, 2 pixels,
//! and the map is an exact shifted copy. Only the global max, which looks at
//! every position, gives the same number wherever the cat is.

use super::detect::build_model;
use super::scene::Scene;
use super::sprite::{Detector, Sprite};
use crate::core::numfmt::thousands;
use crate::core::{count, LayerSpec, ModelSpec, Shape};

/// The sentence above the honest-limits table: what was measured, on which
/// background, for pooled maps of `w x h`. The figures come from
/// [`pool_shift`], which places a lone cat on a flat backdrop, not on the
/// textured scene shown above it.
pub fn limits_intro(w: usize, h: usize) -> String {
    format!(
        "Put the three part maps through a 2×2 max pool with stride 2 (as in the digit network), giving {w}×{h} maps. \
         Move a lone cat right on a flat background (not the textured scene above, so that only the cat moves) \
         and compare the pooled maps, lined up by the whole cells it moved:"
    )
}

/// Detector weights against per-position dense templates, for one scene.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatCount {
    pub detector_params: u128,
    /// e.g. `3 x 7 x 7 + 3 = 150`
    pub detector_formula: String,
    /// Places the cat's top-left corner can take: `(W - w + 1) x (H - h + 1)`.
    pub positions: u128,
    pub dense_params: u128,
    /// e.g. `11,025 positions x 128 x 128 + 11,025 = 180,644,625`
    pub dense_formula: String,
}

/// The count for `n` detectors of `k x k` and a `sprite_w x sprite_h` cat
/// anywhere in a `scene_w x scene_h` scene (sprite no larger than the scene).
pub fn cat_count(
    scene_w: usize,
    scene_h: usize,
    sprite_w: usize,
    sprite_h: usize,
    k: usize,
    n: usize,
) -> CatCount {
    let (w, h) = (scene_w as u128, scene_h as u128);
    let positions =
        (w + 1).saturating_sub(sprite_w as u128) * (h + 1).saturating_sub(sprite_h as u128);
    let detector_params = count::conv_params(1, k as u128, n as u128);
    let dense_params = count::dense_params(w * h, positions);
    CatCount {
        detector_formula: format!("{n} x {k} x {k} + {n} = {}", thousands(detector_params)),
        dense_formula: format!(
            "{p} positions x {w} x {h} + {p} = {}",
            thousands(dense_params),
            p = thousands(positions)
        ),
        detector_params,
        positions,
        dense_params,
    }
}

/// Pooled maps before and after moving a lone cat right by `dx` pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolShift {
    pub dx: usize,
    /// Pooled map shape: channels (detectors), height, width.
    pub shape: Shape,
    /// `c x ph x pw` values after conv and a 2x2 stride-2 max pool.
    pub before: Vec<f32>,
    pub after: Vec<f32>,
    /// Largest change of any pooled value, comparing `after` shifted back by
    /// `dx / 2` cells (the whole cells the cat moved) with `before`.
    pub max_abs_diff: f32,
    /// Largest pooled value, for scale.
    pub peak: f32,
    /// Global max pool outputs, one per detector.
    pub global_before: Vec<f32>,
    pub global_after: Vec<f32>,
    pub global_max_abs_diff: f32,
}

/// Puts one cat at `(x, y)` and then at `(x + dx, y)` on a flat backdrop (so
/// only the cat moves, nothing behind it), and compares pooled maps.
pub fn pool_shift(
    sprite: &Sprite,
    detectors: &[Detector],
    scene_w: usize,
    scene_h: usize,
    (x, y): (usize, usize),
    dx: usize,
) -> Result<PoolShift, String> {
    let k = detectors.first().map(|d| d.k).ok_or("no detectors")?;
    let mut scene = Scene::new(scene_w, scene_h, sprite.clone())?;
    scene.set_textured(false);
    if scene.clamp(x as i64 + dx as i64, y as i64) != (x + dx, y) {
        return Err(format!(
            "a cat at ({}, {y}) does not fit the {scene_w}x{scene_h} scene",
            x + dx
        ));
    }
    scene.add_cat(x as i64, y as i64)?;
    let spec = ModelSpec::new(
        Shape::new(1, scene_h, scene_w),
        vec![
            LayerSpec::Conv {
                filters: detectors.len(),
                kernel: k,
                stride: 1,
                padding: 0,
            },
            LayerSpec::pool(2),
            LayerSpec::GlobalMaxPool,
        ],
    );
    let mut model = build_model(&spec, detectors)?;
    let mut pooled = |scene: &Scene| -> Result<(Vec<f32>, Vec<f32>, Shape), String> {
        let t = model.trace(&scene.render());
        let (Some(p), Some(g)) = (t.outputs.get(1), t.outputs.get(2)) else {
            return Err("the core returned no feature maps".into());
        };
        let (c, h, w) = p.dim();
        Ok((
            p.iter().copied().collect(),
            g.iter().copied().collect(),
            Shape::new(c, h, w),
        ))
    };
    let (before, global_before, shape) = pooled(&scene)?;
    scene.move_cat(0, (x + dx) as i64, y as i64);
    let (after, global_after, _) = pooled(&scene)?;
    let cells = dx / 2;
    let mut max_abs_diff = 0.0f32;
    for c in 0..shape.c {
        for i in 0..shape.h {
            for j in 0..shape.w.saturating_sub(cells) {
                let at = |m: &[f32], jj: usize| m[(c * shape.h + i) * shape.w + jj];
                max_abs_diff = max_abs_diff.max((at(&before, j) - at(&after, j + cells)).abs());
            }
        }
    }
    let global_max_abs_diff = global_before
        .iter()
        .zip(&global_after)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    Ok(PoolShift {
        dx,
        shape,
        peak: before.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        before,
        after,
        max_abs_diff,
        global_before,
        global_after,
        global_max_abs_diff,
    })
}

#[cfg(test)]
mod intro_tests {
    use super::*;

    #[test]
    fn limits_say_they_are_measured_on_a_flat_background() {
        let t = limits_intro(16, 12);
        assert!(
            t.contains("16×12 maps") && t.contains("flat background"),
            "{t}"
        );
    }
}
