//! 2-D convolution (cross-correlation) with bias, by im2col + GEMM, or
//! directly for stride-1 convs whose output rows are whole 4-lane vectors.
//!
//! Legend: `n` batch, `c` input channels, `h x w` input map, `f` filters,
//! `k` kernel side, `s` stride, `p` zero padding, `oh x ow` output map,
//! `q = oh*ow` output pixels per image, `ckk = c*k*k` one receptive field.
//!
//! The batch is processed in chunks of a few images. Each chunk is unrolled
//! into a `col` matrix `[ckk, chunk*q]` small enough to stay in cache while
//! its GEMMs run, so the unrolled batch never streams through main memory (at
//! batch 64 it would be 14 MB for the default net's second conv). Backward
//! unrolls each chunk again instead of keeping the whole batch's `col`: that
//! costs less than the memory traffic, and the buffers stop growing with the batch.
//!
//! The direct forward pass writes no `col` at all: each output row of every
//! filter is one product whose B rows are read in place from the input
//! (`gemm_gathered`), with the bias as the accumulators' start. Writing `col`
//! took about as long as the GEMM on it for the reference net's second conv.
//! Backward gets the weight gradient the same way (`gemm_windows_nt`), and
//! the input gradient by adding each row of `W^T . dY` in place into the
//! input run it came from (`gemm_scattered`): no `dcol`, no col2im. For the
//! reference net's second conv that part of backward took about 10% less
//! time in wasm (simd128) and 20% less with relaxed SIMD. `dcol` and `mat`
//! are still reserved (and counted by the budget) for every conv.

mod config;
mod im2col;
mod rows;

pub use config::ConvConfig;

use super::he_uniform;
use crate::core::gemm::{gemm, gemm_gathered, gemm_scattered, gemm_windows_nt, Scatter, Windows};
use crate::core::rng::Rng;
use crate::core::spec::Shape;
use im2col::{col2im, im2col};

/// Target size of one chunk's `col` matrix, in floats (256 KB, inside L2; 128 KB
/// and 512 KB both measured slower, natively and in wasm).
pub(crate) const CHUNK_FLOATS: usize = 1 << 16;

/// A conv layer: parameters, their gradients, and per-chunk scratch buffers.
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
    /// Images per chunk.
    chunk: usize,
    /// `[ckk, chunk*q]`: one chunk's unrolled input.
    col: Vec<f32>,
    /// `[f, chunk*q]`: a chunk's output (forward) or output gradient (backward)
    /// in GEMM layout. Unused when a chunk is one image: that is NCHW already.
    mat: Vec<f32>,
    /// `[ckk, chunk*q]`: gradient of `col`, folded back into the input gradient.
    dcol: Vec<f32>,
    /// Batch size of the last forward when it fit in one chunk: `col` then
    /// still holds its unrolled input, and backward need not unroll it again.
    col_holds: usize,
    /// `[ckk]`: when the forward pass is direct (see [`Conv2d::new`]), where row `(ci, ki, kj)` of the unrolled
    /// input starts in one padded image `[c, h+2p, w+2p]`
    /// (`(ci*(h+2p) + ki)*(w+2p) + kj`); empty otherwise.
    taps: Vec<usize>,
}

impl Conv2d {
    /// He-uniform weights (fan-in `ckk`), zero biases.
    pub fn new(cfg: ConvConfig, rng: &mut Rng) -> Conv2d {
        let out = cfg.output();
        let weight = he_uniform(cfg.filters * cfg.ckk(), cfg.ckk(), rng);
        let per_image = cfg.ckk() * out.h * out.w;
        let (k, hp, wp) = (
            cfg.kernel,
            cfg.input.h + 2 * cfg.padding,
            cfg.input.w + 2 * cfg.padding,
        );
        // Direct only where it measured faster than im2col + one GEMM per chunk
        // (in wasm): stride 1 and rows of whole 4-lane vectors. Narrower or
        // ragged rows (14 wide, say) leave too little work per block.
        let taps = if cfg.stride == 1 && out.w.is_multiple_of(4) {
            (0..cfg.ckk())
                .map(|r| ((r / (k * k)) * hp + (r / k) % k) * wp + r % k)
                .collect()
        } else {
            Vec::new()
        };
        Conv2d {
            cfg,
            out,
            dweight: vec![0.0; weight.len()],
            weight,
            bias: vec![0.0; cfg.filters],
            dbias: vec![0.0; cfg.filters],
            chunk: (CHUNK_FLOATS / per_image.max(1)).max(1),
            col: Vec::new(),
            mat: Vec::new(),
            dcol: Vec::new(),
            col_holds: 0,
            taps,
        }
    }

    /// Grows scratch buffers for batches of up to `n` (at most one chunk; never shrinks).
    pub fn reserve(&mut self, n: usize, need_dinput: bool) {
        let cq = n.min(self.chunk) * self.out.h * self.out.w;
        grow(&mut self.col, self.cfg.ckk() * cq);
        if self.chunk > 1 {
            grow(&mut self.mat, self.cfg.filters * cq);
        }
        if need_dinput {
            grow(&mut self.dcol, self.cfg.ckk() * cq);
        }
    }

    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `y`: `[n, f, oh, ow]` (overwritten)
    pub fn forward(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        let (f, q, ckk) = (self.cfg.filters, self.out.h * self.out.w, self.cfg.ckk());
        let chw = self.cfg.input.len();
        self.reserve(n, false);
        if !self.taps.is_empty() {
            return self.forward_direct(x, y, n);
        }
        let mut i0 = 0;
        while i0 < n {
            let c = self.chunk.min(n - i0);
            let cq = c * q;
            im2col(&self.cfg, self.out, &x[i0 * chw..], c, &mut self.col);
            if c == 1 {
                // One image: W . col is `[f, q]`, already NCHW; accumulate it onto the bias.
                let yi = &mut y[i0 * f * q..][..f * q];
                for (row, &b) in yi.chunks_exact_mut(q).zip(&self.bias) {
                    row.fill(b);
                }
                gemm(
                    f,
                    q,
                    ckk,
                    1.0,
                    &self.weight,
                    false,
                    &self.col,
                    false,
                    1.0,
                    yi,
                );
            } else {
                // mat[f, c*q] = W[f, ckk] . col[ckk, c*q], then to NCHW with the bias.
                let mat = &mut self.mat[..f * cq];
                gemm(
                    f,
                    cq,
                    ckk,
                    1.0,
                    &self.weight,
                    false,
                    &self.col,
                    false,
                    0.0,
                    mat,
                );
                for (o, &b) in self.bias.iter().enumerate() {
                    for i in 0..c {
                        let src = &mat[o * cq + i * q..][..q];
                        let dst = &mut y[((i0 + i) * f + o) * q..][..q];
                        for (d, s) in dst.iter_mut().zip(src) {
                            *d = s + b;
                        }
                    }
                }
            }
            i0 += c;
        }
        self.col_holds = if n <= self.chunk { n } else { 0 };
    }

    /// Stride 1: no im2col. Each output row `oy` of every filter is one
    /// gathered product whose B rows are the input rows it slides over, read
    /// in place (from a zero-padded copy of the image in `col` when the conv
    /// pads), and whose result lands in NCHW `y` with the bias added.
    fn forward_direct(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        let (c, h, w, p) = (
            self.cfg.input.c,
            self.cfg.input.h,
            self.cfg.input.w,
            self.cfg.padding,
        );
        let (f, oh, ow) = (self.cfg.filters, self.out.h, self.out.w);
        let (q, chw, hp, wp) = (oh * ow, c * h * w, h + 2 * p, w + 2 * p);
        for i in 0..n {
            let img = &x[i * chw..][..chw];
            let src: &[f32] = if p == 0 {
                img
            } else {
                self.pad(img, 1);
                &self.col[..c * hp * wp]
            };
            let yi = &mut y[i * f * q..][..f * q];
            for oy in 0..oh {
                gemm_gathered(
                    f,
                    ow,
                    &self.weight,
                    &src[oy * wp..],
                    &self.taps,
                    &self.bias,
                    &mut yi[oy * ow..],
                    q,
                );
            }
        }
        self.col_holds = 0;
    }

    /// Copies `images` images `[c, h, w]` into `col` as `[images, c, h+2p, w+2p]`
    /// with zero borders, for the direct passes of a padded conv. `col` holds
    /// `ckk * chunk * q` floats, at least `chunk * c * (h+2p) * (w+2p)` for
    /// stride 1 (`k * oh >= oh + k - 1`), so for up to a chunk of images this never grows it.
    fn pad(&mut self, x: &[f32], images: usize) {
        let (c, h, w, p) = (
            self.cfg.input.c,
            self.cfg.input.h,
            self.cfg.input.w,
            self.cfg.padding,
        );
        let (hp, wp) = (h + 2 * p, w + 2 * p);
        grow(&mut self.col, images * c * hp * wp);
        let pad = &mut self.col[..images * c * hp * wp];
        pad.fill(0.0);
        for (plane, dst) in x[..images * c * h * w]
            .chunks_exact(h * w)
            .zip(pad.chunks_exact_mut(hp * wp))
        {
            let inner = &mut dst[p * wp + p..][..(h - 1) * wp + w];
            for (r, line) in plane.chunks_exact(w).enumerate() {
                rows::copy(&mut inner[r * wp..r * wp + w], line);
            }
        }
    }

    /// One image's output rows `oy0..oy1` (every filter), for a forward pass
    /// cut into pieces: only those rows are unrolled, into `band`
    /// (`[ckk, (oy1-oy0)*ow]`), multiplied into `mat` (`[f, (oy1-oy0)*ow]`)
    /// and written with the bias into `y`, the image's whole `[f, oh, ow]`
    /// output. The layer's own buffers are untouched. Equal to the same rows
    /// of [`Conv2d::forward`] up to float rounding.
    pub fn forward_band(
        &self,
        x: &[f32],
        y: &mut [f32],
        (oy0, oy1): (usize, usize),
        band: &mut Vec<f32>,
        mat: &mut Vec<f32>,
    ) {
        let (c, h, w) = (self.cfg.input.c, self.cfg.input.h, self.cfg.input.w);
        let (k, s, p) = (self.cfg.kernel, self.cfg.stride, self.cfg.padding);
        let (f, ow, q, ckk) = (
            self.cfg.filters,
            self.out.w,
            self.out.h * self.out.w,
            self.cfg.ckk(),
        );
        let bq = (oy1 - oy0) * ow;
        band.resize(ckk * bq, 0.0);
        mat.resize(f * bq, 0.0);
        for ci in 0..c {
            let plane = &x[ci * h * w..][..h * w];
            for ki in 0..k {
                for kj in 0..k {
                    let row = &mut band[((ci * k + ki) * k + kj) * bq..][..bq];
                    for (r, oy) in (oy0..oy1).enumerate() {
                        let d = &mut row[r * ow..][..ow];
                        let iy = (oy * s + ki) as isize - p as isize;
                        if iy < 0 || iy >= h as isize {
                            d.fill(0.0);
                            continue;
                        }
                        let src = &plane[iy as usize * w..][..w];
                        for (ox, v) in d.iter_mut().enumerate() {
                            let ix = (ox * s + kj) as isize - p as isize;
                            *v = if ix < 0 || ix >= w as isize {
                                0.0
                            } else {
                                src[ix as usize]
                            };
                        }
                    }
                }
            }
        }
        gemm(f, bq, ckk, 1.0, &self.weight, false, band, false, 0.0, mat);
        for (o, &b) in self.bias.iter().enumerate() {
            let dst = &mut y[o * q + oy0 * ow..][..bq];
            for (d, v) in dst.iter_mut().zip(&mat[o * bq..][..bq]) {
                *d = v + b;
            }
        }
    }

    /// Adds into `dweight`, `dbias`, and `dx` when given. `x` must be the
    /// input of the last `forward`.
    ///
    /// # Shapes
    /// - `x`: `[n, c, h, w]`
    /// - `dy`: `[n, f, oh, ow]`
    /// - `dx`: `[n, c, h, w]`
    pub fn backward(&mut self, x: &[f32], dy: &[f32], mut dx: Option<&mut [f32]>, n: usize) {
        let (f, q, ckk) = (self.cfg.filters, self.out.h * self.out.w, self.cfg.ckk());
        let chw = self.cfg.input.len();
        self.reserve(n, dx.is_some());
        for img in dy[..n * f * q].chunks_exact(f * q) {
            for (db, row) in self.dbias.iter_mut().zip(img.chunks_exact(q)) {
                *db += row.iter().sum::<f32>();
            }
        }
        let mut i0 = 0;
        while i0 < n {
            let c = self.chunk.min(n - i0);
            let cq = c * q;
            let direct = !self.taps.is_empty();
            if direct {
                // dW += dY . col^T with neither unrolled: the windows of the
                // (padded) input are read in place, as the forward pass does.
                let (p, h, w) = (self.cfg.padding, self.cfg.input.h, self.cfg.input.w);
                let (hp, wp) = (h + 2 * p, w + 2 * p);
                let chwp = self.cfg.input.c * hp * wp;
                let xs = &x[i0 * chw..][..c * chw];
                let src: &[f32] = if p == 0 {
                    xs
                } else {
                    self.pad(xs, c);
                    &self.col[..c * chwp]
                };
                let win = Windows {
                    images: c,
                    rows: self.out.h,
                    len: self.out.w,
                    a_image: f * q,
                    a_row_of: q,
                    a_row: self.out.w,
                    b_image: chwp,
                    b_row: wp,
                };
                let dyc = &dy[i0 * f * q..][..c * f * q];
                gemm_windows_nt(f, dyc, src, &self.taps, win, &mut self.dweight);
                if let Some(dx) = dx.as_deref_mut() {
                    self.input_grad_direct(dyc, &mut dx[i0 * chw..][..c * chw], c);
                }
                i0 += c;
                continue;
            } else if self.col_holds != n {
                im2col(&self.cfg, self.out, &x[i0 * chw..], c, &mut self.col);
            }
            // The chunk's output gradient as a `[f, c*q]` matrix.
            let g: &[f32] = if c == 1 {
                &dy[i0 * f * q..][..f * q]
            } else {
                for o in 0..f {
                    for i in 0..c {
                        let src = &dy[((i0 + i) * f + o) * q..][..q];
                        self.mat[o * cq + i * q..][..q].copy_from_slice(src);
                    }
                }
                &self.mat[..f * cq]
            };
            if !direct {
                // y = W . col  =>  dW += dY . col^T
                gemm(
                    f,
                    ckk,
                    cq,
                    1.0,
                    g,
                    false,
                    &self.col,
                    true,
                    1.0,
                    &mut self.dweight,
                );
            }
            if let Some(dx) = dx.as_deref_mut() {
                // dcol = W^T . dY, then scatter-add every unrolled value back to its pixel.
                gemm(
                    ckk,
                    cq,
                    f,
                    1.0,
                    &self.weight,
                    true,
                    g,
                    false,
                    0.0,
                    &mut self.dcol,
                );
                col2im(&self.cfg, self.out, &mut self.dcol, c, &mut dx[i0 * chw..]);
            }
            i0 += c;
        }
    }

    /// Stride 1: `dx += W^T . dY` without `dcol` or col2im. Each output
    /// row `oy` of `dy` gives every tap `(ci, ki, kj)` one run of `ow`
    /// values, added in place at `dx[ci, oy + ki, kj ..]` (into a zero-padded
    /// copy in `col` when the conv pads, whose inside is then added to `dx`).
    ///
    /// # Shapes
    /// - `dy`: `[images, f, oh, ow]`; `dx`: `[images, c, h, w]`
    fn input_grad_direct(&mut self, dy: &[f32], dx: &mut [f32], images: usize) {
        let (c, h, w, p) = (
            self.cfg.input.c,
            self.cfg.input.h,
            self.cfg.input.w,
            self.cfg.padding,
        );
        let (f, oh, ow) = (self.cfg.filters, self.out.h, self.out.w);
        let (q, chw, hp, wp) = (oh * ow, c * h * w, h + 2 * p, w + 2 * p);
        let win = Scatter {
            rows: oh,
            len: ow,
            ldb: q,
            b_row: ow,
            c_row: wp,
        };
        for (g, d) in dy[..images * f * q]
            .chunks_exact(f * q)
            .zip(dx[..images * chw].chunks_exact_mut(chw))
        {
            if p == 0 {
                gemm_scattered(f, &self.weight, g, &self.taps, win, d);
                continue;
            }
            let pad = &mut self.col[..c * hp * wp];
            pad.fill(0.0);
            gemm_scattered(f, &self.weight, g, &self.taps, win, pad);
            for (plane, src) in d.chunks_exact_mut(h * w).zip(pad.chunks_exact(hp * wp)) {
                let inner = &src[p * wp + p..][..(h - 1) * wp + w];
                for (r, line) in plane.chunks_exact_mut(w).enumerate() {
                    rows::add(line, &inner[r * wp..r * wp + w]);
                }
            }
        }
    }

    pub fn zero_grad(&mut self) {
        self.dweight.fill(0.0);
        self.dbias.fill(0.0);
    }
}

fn grow(v: &mut Vec<f32>, len: usize) {
    super::grow(v, len, 0.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunked passes give the same outputs and gradients as one chunk for the
    /// whole batch, including a short last chunk and a padded, strided conv.
    #[test]
    fn chunking_does_not_change_results() {
        for (stride, padding) in [(1, 0), (2, 1)] {
            let cfg = ConvConfig {
                input: Shape::new(3, 7, 7),
                filters: 5,
                kernel: 3,
                stride,
                padding,
            };
            let n = 7;
            let mut rng = Rng::new(3);
            let x: Vec<f32> = (0..n * cfg.input.len())
                .map(|_| rng.uniform(-1.0, 1.0))
                .collect();
            let out = cfg.output();
            let dy: Vec<f32> = (0..n * out.len()).map(|_| rng.uniform(-1.0, 1.0)).collect();
            let run = |chunk: usize| {
                let mut conv = Conv2d::new(cfg, &mut Rng::new(1));
                conv.bias = vec![0.1, -0.2, 0.3, 0.0, 0.5];
                conv.chunk = chunk;
                let mut y = vec![0.0; n * out.len()];
                conv.forward(&x, &mut y, n);
                let mut dx = vec![0.0; x.len()];
                conv.backward(&x, &dy, Some(&mut dx), n);
                (y, dx, conv.dweight, conv.dbias)
            };
            let whole = run(n);
            for chunk in [1, 3] {
                let part = run(chunk);
                for (name, a, b) in [
                    ("y", &whole.0, &part.0),
                    ("dx", &whole.1, &part.1),
                    ("dw", &whole.2, &part.2),
                    ("db", &whole.3, &part.3),
                ] {
                    for (u, v) in a.iter().zip(b.iter()) {
                        assert!((u - v).abs() < 1e-4, "{name} chunk {chunk}: {u} vs {v}");
                    }
                }
            }
        }
    }
}
