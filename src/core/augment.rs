//! Light data augmentation: shifting an image by a few pixels.

use super::spec::Shape;

/// Copies `src` moved right by `dx` and down by `dy` pixels into `out`.
/// Pixels that move in from outside are 0 (no wrap-around); pixels pushed
/// past the border are dropped. Pure: `out` depends only on the arguments.
///
/// # Shapes
/// - `src`, `out`: `[c, h, w]` (`shape.len()` values; longer slices are cut).
pub fn shift_image(src: &[f32], shape: Shape, dx: i32, dy: i32, out: &mut [f32]) {
    let (c, h, w) = (shape.c, shape.h as i64, shape.w as i64);
    let (dx, dy) = (dx as i64, dy as i64);
    let plane = (h * w) as usize;
    let out = &mut out[..c * plane];
    out.fill(0.0);
    if dx.abs() >= w || dy.abs() >= h {
        return;
    }
    // Destination columns x with 0 <= x - dx < w.
    let (x0, x1) = (dx.max(0), (w + dx).min(w));
    let run = (x1 - x0) as usize;
    for ch in 0..c {
        let s = &src[ch * plane..][..plane];
        let o = &mut out[ch * plane..][..plane];
        for y in dy.max(0)..(h + dy).min(h) {
            let sy = y - dy;
            let from = (sy * w + x0 - dx) as usize;
            let to = (y * w + x0) as usize;
            o[to..to + run].copy_from_slice(&s[from..from + run]);
        }
    }
}
