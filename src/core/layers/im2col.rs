//! Unrolling a convolution's input into a matrix (im2col) and folding it back (col2im).
//!
//! Legend as in [`super::conv`]: `n` images, `c` channels, `h x w` input map,
//! `k` kernel side, `s` stride, `p` zero padding, `oh x ow` output map, `q = oh*ow`.

use super::super::spec::Shape;
use super::conv::ConvConfig;

/// Range of output columns `ox` whose input column `ox*s + kj - p` lies inside `0..w`.
fn valid_range(w: usize, ow: usize, kj: usize, s: usize, p: usize) -> (usize, usize) {
    let (w, ow, kj, s, p) = (w as isize, ow as isize, kj as isize, s as isize, p as isize);
    // ox*s + kj - p >= 0  <=>  ox >= ceil((p - kj) / s)
    let lo = if p > kj { (p - kj + s - 1) / s } else { 0 };
    // ox*s + kj - p <= w - 1  <=>  ox <= floor((w - 1 + p - kj) / s)
    let top = w - 1 + p - kj;
    let hi = if top < 0 { 0 } else { top / s + 1 };
    let lo = lo.min(ow);
    (lo as usize, hi.clamp(lo, ow) as usize)
}

/// Unrolls `x [n, c, h, w]` into `col [ckk, n*q]`: row `(ci, ki, kj)`, column
/// `(i, oy, ox)` holds `x[i, ci, oy*s + ki - p, ox*s + kj - p]`, or 0 in the padding.
pub(super) fn im2col(cfg: &ConvConfig, out: Shape, x: &[f32], n: usize, col: &mut [f32]) {
    let (c, h, w) = (cfg.input.c, cfg.input.h, cfg.input.w);
    let (k, s, p) = (cfg.kernel, cfg.stride, cfg.padding);
    let (oh, ow) = (out.h, out.w);
    let q = oh * ow;
    let nq = n * q;
    for ci in 0..c {
        for ki in 0..k {
            for kj in 0..k {
                let row = (ci * k + ki) * k + kj;
                let dst_row = &mut col[row * nq..][..nq];
                let (lo, hi) = valid_range(w, ow, kj, s, p);
                for i in 0..n {
                    let plane = &x[(i * c + ci) * h * w..][..h * w];
                    for oy in 0..oh {
                        let d = &mut dst_row[i * q + oy * ow..][..ow];
                        let iy = (oy * s + ki) as isize - p as isize;
                        if iy < 0 || iy >= h as isize {
                            d.fill(0.0);
                            continue;
                        }
                        let src = &plane[iy as usize * w..][..w];
                        d[..lo].fill(0.0);
                        d[hi..].fill(0.0);
                        if s == 1 {
                            let ix0 = lo + kj - p;
                            d[lo..hi].copy_from_slice(&src[ix0..ix0 + (hi - lo)]);
                        } else {
                            for (ox, v) in d[lo..hi].iter_mut().enumerate() {
                                *v = src[(ox + lo) * s + kj - p];
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Adjoint of [`im2col`]: adds every `dcol` entry into the input pixel it was read from.
pub(super) fn col2im(cfg: &ConvConfig, out: Shape, dcol: &[f32], n: usize, dx: &mut [f32]) {
    let (c, h, w) = (cfg.input.c, cfg.input.h, cfg.input.w);
    let (k, s, p) = (cfg.kernel, cfg.stride, cfg.padding);
    let (oh, ow) = (out.h, out.w);
    let q = oh * ow;
    let nq = n * q;
    for ci in 0..c {
        for ki in 0..k {
            for kj in 0..k {
                let row = (ci * k + ki) * k + kj;
                let src_row = &dcol[row * nq..][..nq];
                let (lo, hi) = valid_range(w, ow, kj, s, p);
                for i in 0..n {
                    let plane = &mut dx[(i * c + ci) * h * w..][..h * w];
                    for oy in 0..oh {
                        let iy = (oy * s + ki) as isize - p as isize;
                        if iy < 0 || iy >= h as isize {
                            continue;
                        }
                        let d = &src_row[i * q + oy * ow..][..ow];
                        let dst = &mut plane[iy as usize * w..][..w];
                        if s == 1 {
                            let ix0 = lo + kj - p;
                            let run = &mut dst[ix0..ix0 + (hi - lo)];
                            for (o, &g) in run.iter_mut().zip(&d[lo..hi]) {
                                *o += g;
                            }
                        } else {
                            for ox in lo..hi {
                                dst[ox * s + kj - p] += d[ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
