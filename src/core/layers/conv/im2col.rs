//! Unrolling a convolution's input into a matrix (im2col) and folding it back (col2im).
//!
//! Legend as in [`super`]: `n` images, `c` channels, `h x w` input map,
//! `k` kernel side, `s` stride, `p` zero padding, `oh x ow` output map, `q = oh*ow`.

use super::config::ConvConfig;
use super::rows;
use crate::core::spec::Shape;

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
                let (ylo, yhi) = valid_range(h, oh, ki, s, p);
                let span = s == 1 && ow == w && lo < hi && ylo < yhi;
                let inside = s == 1 && (lo, hi, ylo, yhi) == (0, ow, 0, oh);
                for i in 0..n {
                    let plane = &x[(i * c + ci) * h * w..][..h * w];
                    if span {
                        // Stride 1 and output as wide as the input: all valid rows of
                        // this kernel offset are one contiguous shifted run of the
                        // plane. One copy, then zero the padding rows and columns
                        // (the run wrapped neighbouring-row pixels into the latter).
                        // In wasm every copy or fill is a call, so this saves ~30 per row.
                        let d = &mut dst_row[i * q..][..q];
                        let (start, end) = (ylo * ow + lo, (yhi - 1) * ow + hi);
                        let from = (ylo + ki - p) * w + lo + kj - p;
                        rows::copy(&mut d[start..end], &plane[from..from + (end - start)]);
                        rows::zero(&mut d[..ylo * ow]);
                        rows::zero(&mut d[yhi * ow..]);
                        zero_borders(d, ow, ylo, yhi, lo, hi);
                        continue;
                    }
                    if inside {
                        // No padding in this kernel offset's window: gather its rows.
                        let from = (ki - p) * w + kj - p;
                        rows::gather(&mut dst_row[i * q..][..q], &plane[from..], ow, w);
                        continue;
                    }
                    for oy in 0..oh {
                        let d = &mut dst_row[i * q + oy * ow..][..ow];
                        let iy = (oy * s + ki) as isize - p as isize;
                        if iy < 0 || iy >= h as isize {
                            rows::zero(d);
                            continue;
                        }
                        let src = &plane[iy as usize * w..][..w];
                        rows::zero(&mut d[..lo]);
                        rows::zero(&mut d[hi..]);
                        if s == 1 {
                            let ix0 = lo + kj - p;
                            rows::copy(&mut d[lo..hi], &src[ix0..ix0 + (hi - lo)]);
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
/// `dcol` is scratch: the padding entries of its rows are zeroed on the way.
pub(super) fn col2im(cfg: &ConvConfig, out: Shape, dcol: &mut [f32], n: usize, dx: &mut [f32]) {
    let (c, h, w) = (cfg.input.c, cfg.input.h, cfg.input.w);
    let (k, s, p) = (cfg.kernel, cfg.stride, cfg.padding);
    let (oh, ow) = (out.h, out.w);
    let q = oh * ow;
    let nq = n * q;
    for ci in 0..c {
        for ki in 0..k {
            for kj in 0..k {
                let row = (ci * k + ki) * k + kj;
                let src_row = &mut dcol[row * nq..][..nq];
                let (lo, hi) = valid_range(w, ow, kj, s, p);
                let (ylo, yhi) = valid_range(h, oh, ki, s, p);
                let span = s == 1 && ow == w && lo < hi && ylo < yhi;
                let inside = s == 1 && (lo, hi, ylo, yhi) == (0, ow, 0, oh);
                for i in 0..n {
                    let plane = &mut dx[(i * c + ci) * h * w..][..h * w];
                    if span {
                        // As in im2col: one contiguous run; the padding entries it
                        // wraps over are zeroed first so they add nothing.
                        let g = &mut src_row[i * q..][..q];
                        zero_borders(g, ow, ylo, yhi, lo, hi);
                        let (start, end) = (ylo * ow + lo, (yhi - 1) * ow + hi);
                        let to = (ylo + ki - p) * w + lo + kj - p;
                        rows::add(&mut plane[to..to + (end - start)], &g[start..end]);
                        continue;
                    }
                    if inside {
                        let to = (ki - p) * w + kj - p;
                        rows::scatter_add(&mut plane[to..], &src_row[i * q..][..q], ow, w);
                        continue;
                    }
                    for oy in 0..oh {
                        let iy = (oy * s + ki) as isize - p as isize;
                        if iy < 0 || iy >= h as isize {
                            continue;
                        }
                        let d = &src_row[i * q + oy * ow..][..ow];
                        let dst = &mut plane[iy as usize * w..][..w];
                        if s == 1 {
                            let ix0 = lo + kj - p;
                            rows::add(&mut dst[ix0..ix0 + (hi - lo)], &d[lo..hi]);
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

/// Zeroes columns `..lo` and `hi..` of rows `ylo..yhi` of a `[_, ow]` map.
fn zero_borders(d: &mut [f32], ow: usize, ylo: usize, yhi: usize, lo: usize, hi: usize) {
    for row in d[ylo * ow..yhi * ow].chunks_exact_mut(ow) {
        rows::zero(&mut row[..lo]);
        rows::zero(&mut row[hi..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::Rng;

    /// im2col against its definition, and col2im as its exact adjoint
    /// (`<im2col x, g> = <x, col2im g>`), for the contiguous-run fast path
    /// (stride 1, same size out) and the general path.
    #[test]
    fn unroll_matches_definition_and_fold_is_its_adjoint() {
        for (k, s, p, hw) in [
            (3, 1, 1, 6),
            (5, 1, 2, 7),
            (3, 1, 0, 6),
            (5, 1, 1, 6),
            (3, 2, 1, 7),
        ] {
            let cfg = ConvConfig {
                input: Shape::new(2, hw, hw),
                filters: 1,
                kernel: k,
                stride: s,
                padding: p,
            };
            let out = cfg.output();
            let (n, q, ckk) = (3, out.h * out.w, 2 * k * k);
            let mut rng = Rng::new(11);
            let x: Vec<f32> = (0..n * cfg.input.len())
                .map(|_| rng.uniform(-1.0, 1.0))
                .collect();
            let mut col = vec![f32::NAN; ckk * n * q];
            im2col(&cfg, out, &x, n, &mut col);
            for ci in 0..2 {
                for ki in 0..k {
                    for kj in 0..k {
                        for i in 0..n {
                            for oy in 0..out.h {
                                for ox in 0..out.w {
                                    let (iy, ix) = (oy * s + ki, ox * s + kj);
                                    let inside = iy >= p && ix >= p && iy - p < hw && ix - p < hw;
                                    let want = if inside {
                                        x[((i * 2 + ci) * hw + iy - p) * hw + ix - p]
                                    } else {
                                        0.0
                                    };
                                    let row = (ci * k + ki) * k + kj;
                                    let got = col[row * n * q + i * q + oy * out.w + ox];
                                    assert_eq!(
                                        got, want,
                                        "k{k} s{s} p{p} at {ci},{ki},{kj},{i},{oy},{ox}"
                                    );
                                }
                            }
                        }
                    }
                }
            }
            let g: Vec<f32> = (0..col.len()).map(|_| rng.uniform(-1.0, 1.0)).collect();
            let lhs: f64 = col.iter().zip(&g).map(|(a, b)| (a * b) as f64).sum();
            let mut dx = vec![0.0; x.len()];
            col2im(&cfg, out, &mut g.clone(), n, &mut dx);
            let rhs: f64 = x.iter().zip(&dx).map(|(a, b)| (a * b) as f64).sum();
            assert!((lhs - rhs).abs() < 1e-4, "k{k} s{s} p{p}: {lhs} vs {rhs}");
        }
    }
}
