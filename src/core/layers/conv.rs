//! 2-D convolution (cross-correlation) with bias, by im2col + GEMM.
//!
//! Legend: `n` batch, `c` input channels, `h x w` input map, `f` filters,
//! `k` kernel side, `s` stride, `p` zero padding, `oh x ow` output map,
//! `q = oh*ow` output pixels per image, `ckk = c*k*k` one receptive field.
//!
//! The whole batch is unrolled into one `col` matrix `[ckk, n*q]`, so each
//! pass is a single large GEMM instead of `n` thin ones.

use super::super::gemm::gemm;
use super::super::rng::Rng;
use super::super::spec::Shape;
use super::he_uniform;

/// Geometry of a conv layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvConfig {
    pub input: Shape,
    pub filters: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
}

impl ConvConfig {
    /// Output shape (the spec has already checked that the window fits).
    pub fn output(&self) -> Shape {
        let o = |x: usize| (x + 2 * self.padding - self.kernel) / self.stride + 1;
        Shape::new(self.filters, o(self.input.h), o(self.input.w))
    }
    fn ckk(&self) -> usize {
        self.input.c * self.kernel * self.kernel
    }
}

/// A conv layer: parameters, their gradients, and per-batch scratch buffers.
#[derive(Clone, Debug)]
pub struct Conv2d {
    pub cfg: ConvConfig,
    pub out: Shape,
    /// `[f, c, k, k]` (= `[out, in, kh, kw]`), row-major.
    pub weight: Vec<f32>,
    /// `[f]`
    pub bias: Vec<f32>,
    pub dweight: Vec<f32>,
    pub dbias: Vec<f32>,
    /// `[ckk, n*q]`: the unrolled input, kept for the weight gradient.
    col: Vec<f32>,
    /// `[f, n*q]`: output (forward) or output gradient (backward) in GEMM layout.
    mat: Vec<f32>,
    /// `[ckk, n*q]`: gradient of `col`, folded back into the input gradient.
    dcol: Vec<f32>,
}

impl Conv2d {
    /// He-uniform weights (fan-in `ckk`), zero biases.
    pub fn new(cfg: ConvConfig, rng: &mut Rng) -> Conv2d {
        let out = cfg.output();
        let weight = he_uniform(cfg.filters * cfg.ckk(), cfg.ckk(), rng);
        Conv2d {
            cfg,
            out,
            dweight: vec![0.0; weight.len()],
            weight,
            bias: vec![0.0; cfg.filters],
            dbias: vec![0.0; cfg.filters],
            col: Vec::new(),
            mat: Vec::new(),
            dcol: Vec::new(),
        }
    }

    /// Grows scratch buffers to hold a batch of `n` (never shrinks).
    pub fn reserve(&mut self, n: usize, need_dinput: bool) {
        let q = self.out.h * self.out.w;
        grow(&mut self.col, self.cfg.ckk() * n * q);
        grow(&mut self.mat, self.cfg.filters * n * q);
        if need_dinput {
            grow(&mut self.dcol, self.cfg.ckk() * n * q);
        }
    }

    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `y`: `[n, f, oh, ow]` (overwritten)
    pub fn forward(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        let (f, q, ckk) = (self.cfg.filters, self.out.h * self.out.w, self.cfg.ckk());
        im2col(&self.cfg, self.out, x, n, &mut self.col);
        // mat[f, n*q] = W[f, ckk] . col[ckk, n*q]
        gemm(
            f,
            n * q,
            ckk,
            1.0,
            &self.weight,
            false,
            &self.col,
            false,
            0.0,
            &mut self.mat,
        );
        // y[i, o, :] = mat[o, i*q ..] + b[o]: from GEMM layout back to NCHW.
        for o in 0..f {
            let b = self.bias[o];
            for i in 0..n {
                let src = &self.mat[o * n * q + i * q..][..q];
                let dst = &mut y[(i * f + o) * q..][..q];
                for (d, s) in dst.iter_mut().zip(src) {
                    *d = s + b;
                }
            }
        }
    }

    /// Adds into `dweight`, `dbias`, and `dx` when given. Uses the `col` cached by
    /// the last `forward`.
    ///
    /// # Shapes
    /// - `dy`: `[n, f, oh, ow]`
    /// - `dx`: `[n, c, h, w]`
    pub fn backward(&mut self, dy: &[f32], dx: Option<&mut [f32]>, n: usize) {
        let (f, q, ckk) = (self.cfg.filters, self.out.h * self.out.w, self.cfg.ckk());
        let nq = n * q;
        // mat[o, i*q + j] = dy[i, o, j]; db[o] += sum over i, j.
        for o in 0..f {
            let mut sum = 0.0f32;
            for i in 0..n {
                let src = &dy[(i * f + o) * q..][..q];
                self.mat[o * nq + i * q..][..q].copy_from_slice(src);
                sum += src.iter().sum::<f32>();
            }
            self.dbias[o] += sum;
        }
        // y = W . col  =>  dW += dY . col^T
        gemm(
            f,
            ckk,
            nq,
            1.0,
            &self.mat,
            false,
            &self.col,
            true,
            1.0,
            &mut self.dweight,
        );
        if let Some(dx) = dx {
            // dcol = W^T . dY, then scatter-add every unrolled value back to its pixel.
            gemm(
                ckk,
                nq,
                f,
                1.0,
                &self.weight,
                true,
                &self.mat,
                false,
                0.0,
                &mut self.dcol,
            );
            col2im(&self.cfg, self.out, &self.dcol, n, dx);
        }
    }

    pub fn zero_grad(&mut self) {
        self.dweight.fill(0.0);
        self.dbias.fill(0.0);
    }
}

fn grow(v: &mut Vec<f32>, len: usize) {
    if v.len() < len {
        v.resize(len, 0.0);
    }
}

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
fn im2col(cfg: &ConvConfig, out: Shape, x: &[f32], n: usize, col: &mut [f32]) {
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
fn col2im(cfg: &ConvConfig, out: Shape, dcol: &[f32], n: usize, dx: &mut [f32]) {
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
