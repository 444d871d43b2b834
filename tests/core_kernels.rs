//! The training kernels against plain scalar references in f64: the gathered
//! product behind the direct convolution, the scattered product behind its
//! input gradient, and whole conv layers (forward and backward, direct and
//! im2col paths) on the shapes the app trains; and the 2x2 max pool's
//! branch-free path against the plain scan, ties and NaN included.
//!
//! Tolerances: a sum of `k` f32 products, accumulated in f32 (fused or not),
//! is within `k * eps * sum |a_i b_i|` of the exact sum (the classic bound
//! `gamma_k = k u / (1 - k u)` with `u = eps / 2`, rounded up to `k * eps`),
//! plus one rounding of the bias added first. So each value is checked
//! against exactly that bound, computed from its own terms: loose enough
//! for any summation order, tight enough that one wrong term fails it.

use cnn_playground::core::gemm::{gemm_gathered, gemm_scattered, Scatter};
use cnn_playground::core::layers::{Conv2d, ConvConfig, MaxPool2d};
use cnn_playground::core::{Rng, Shape};

// Natively a plain test; in wasm (`--target wasm32-unknown-unknown`) the same
// test runs in Chromium, in whichever build (simd128, or relaxed SIMD) RUSTFLAGS ask for.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const EPS: f64 = f32::EPSILON as f64;

fn uniform(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

/// `got` within `(terms + 1) * eps * mass + tiny` of `want`.
fn close(got: f32, want: f64, mass: f64, terms: usize, what: &str) {
    let tol = (terms as f64 + 1.0) * EPS * mass + 1e-30;
    assert!(
        (got as f64 - want).abs() <= tol,
        "{what}: {got} vs {want} (tolerance {tol:e})"
    );
}

/// `C[i*ldc + j] = bias[i] + sum_kk A[i, kk] * b[boff[kk] + j]` for every
/// block shape the kernel has: rows past a multiple of 4, columns past a
/// multiple of the vector width (the overlapped last vector), fewer columns
/// than one vector, B rows that overlap one another, and `ldc > n`.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn gathered_product_matches_the_scalar_reference() {
    let mut rng = Rng::new(17);
    for &m in &[1usize, 3, 4, 5, 8, 16] {
        for &n in &[1usize, 3, 4, 5, 8, 12, 14, 24, 28] {
            for &k in &[1usize, 9, 25, 200] {
                let ldc = n + (m % 3) * 5;
                let a = uniform(&mut rng, m * k);
                let bias = uniform(&mut rng, m);
                let span = 3 * n + 40;
                let b = uniform(&mut rng, span + n);
                // Offsets anywhere in b, overlapping rows included.
                let boff: Vec<usize> = (0..k).map(|kk| (kk * 7 + kk * kk) % span).collect();
                let sentinel = 1234.5f32;
                let mut c = vec![sentinel; (m - 1) * ldc + n + 3];
                gemm_gathered(m, n, &a, &b, &boff, &bias, &mut c, ldc);
                for i in 0..m {
                    for j in 0..n {
                        let (mut want, mut mass) = (bias[i] as f64, bias[i].abs() as f64);
                        for kk in 0..k {
                            let t = a[i * k + kk] as f64 * b[boff[kk] + j] as f64;
                            want += t;
                            mass += t.abs();
                        }
                        let what = format!("{m}x{n}x{k} ldc {ldc} at ({i}, {j})");
                        close(c[i * ldc + j], want, mass, k, &what);
                    }
                    // Nothing written between rows or after the last one.
                    let gap_end = if i + 1 < m { (i + 1) * ldc } else { c.len() };
                    for (g, &v) in c[i * ldc + n..gap_end].iter().enumerate() {
                        assert_eq!(v, sentinel, "{m}x{n}x{k}: wrote past row {i} at +{g}");
                    }
                }
            }
        }
    }
}

/// `c[r*c_row + coff[i] + j] += sum_kk a[kk*m + i] * b[r*b_row + kk*ldb + j]`
/// for every block shape the kernel has: rows past a multiple of 4, columns
/// past a multiple of the vector width and fewer than one vector, C rows
/// that overlap one another (as a conv's neighbouring taps do), several
/// windows, and C holding values before (the product adds to them).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn scattered_product_matches_the_scalar_reference() {
    let mut rng = Rng::new(19);
    for &m in &[1usize, 3, 4, 5, 9, 25] {
        for &len in &[1usize, 3, 4, 5, 8, 12, 14, 24] {
            for &k in &[1usize, 8, 16] {
                for &rows in &[1usize, 3] {
                    let span = 2 * len + 30;
                    // Offsets anywhere in a window of c, overlapping rows included.
                    let coff: Vec<usize> = (0..m).map(|i| (i * 5 + i * i) % span).collect();
                    let ldb = len + 2;
                    let s = Scatter {
                        rows,
                        len,
                        ldb,
                        b_row: k * ldb + 1,
                        c_row: span + len + 3,
                    };
                    let a = uniform(&mut rng, k * m);
                    let b = uniform(&mut rng, rows * s.b_row);
                    let c0 = uniform(&mut rng, rows * s.c_row + 2);
                    let mut c = c0.clone();
                    gemm_scattered(k, &a, &b, &coff, s, &mut c);
                    let mut want: Vec<f64> = c0.iter().map(|&v| v as f64).collect();
                    let mut mass: Vec<f64> = c0.iter().map(|&v| v.abs() as f64).collect();
                    let mut terms = vec![0usize; c.len()];
                    for r in 0..rows {
                        for i in 0..m {
                            for j in 0..len {
                                let at = r * s.c_row + coff[i] + j;
                                for kk in 0..k {
                                    let t =
                                        a[kk * m + i] as f64 * b[r * s.b_row + kk * ldb + j] as f64;
                                    want[at] += t;
                                    mass[at] += t.abs();
                                }
                                terms[at] += k + 1;
                            }
                        }
                    }
                    for (at, &g) in c.iter().enumerate() {
                        let what = format!("{m} rows x {len} x {k}, {rows} windows, at {at}");
                        if terms[at] == 0 {
                            assert_eq!(g, c0[at], "{what}: written outside the windows");
                        } else {
                            close(g, want[at], mass[at], terms[at], &what);
                        }
                    }
                }
            }
        }
    }
}

/// `y = conv(x)` by its definition, and `dW`, `db`, `dx` by theirs, in f64,
/// each with the mass `sum |terms|` of its sum.
#[allow(clippy::type_complexity)]
fn reference(
    cfg: &ConvConfig,
    conv: &Conv2d,
    x: &[f32],
    dy: &[f32],
    n: usize,
) -> [(Vec<f64>, Vec<f64>); 4] {
    let (c, h, w) = (cfg.input.c, cfg.input.h, cfg.input.w);
    let (f, k, s, p) = (cfg.filters, cfg.kernel, cfg.stride, cfg.padding);
    let out = cfg.output();
    let (oh, ow) = (out.h, out.w);
    let zeros = |len| (vec![0.0f64; len], vec![0.0f64; len]);
    let (mut y, mut dw, mut db, mut dx) = (
        zeros(n * f * oh * ow),
        zeros(f * c * k * k),
        zeros(f),
        zeros(n * c * h * w),
    );
    for i in 0..n {
        for o in 0..f {
            for oy in 0..oh {
                for ox in 0..ow {
                    let at = ((i * f + o) * oh + oy) * ow + ox;
                    let g = dy[at] as f64;
                    y.0[at] += conv.bias[o] as f64;
                    y.1[at] += conv.bias[o].abs() as f64;
                    db.0[o] += g;
                    db.1[o] += g.abs();
                    for ci in 0..c {
                        for ki in 0..k {
                            for kj in 0..k {
                                let (iy, ix) = (
                                    (oy * s + ki) as isize - p as isize,
                                    (ox * s + kj) as isize - p as isize,
                                );
                                if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                                    continue;
                                }
                                let xi = ((i * c + ci) * h + iy as usize) * w + ix as usize;
                                let wi = ((o * c + ci) * k + ki) * k + kj;
                                let (xv, wv) = (x[xi] as f64, conv.weight[wi] as f64);
                                y.0[at] += wv * xv;
                                y.1[at] += (wv * xv).abs();
                                dw.0[wi] += g * xv;
                                dw.1[wi] += (g * xv).abs();
                                dx.0[xi] += g * wv;
                                dx.1[xi] += (g * wv).abs();
                            }
                        }
                    }
                }
            }
        }
    }
    [y, dw, db, dx]
}

/// Conv layers forward and backward against [`reference`]: the reference
/// net's two convs and the default net's (direct forward where the rows are
/// whole vectors, im2col elsewhere), padding, one channel, a batch that is
/// not a whole number of chunks, and stride 2.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_layers_match_the_scalar_reference() {
    let cases = [
        // (c, h, w, filters, k, s, p, n)
        (1, 28, 28, 8, 5, 1, 0, 6), // reference conv1: direct, one channel
        (8, 12, 12, 16, 5, 1, 0, 7), // reference conv2: direct
        (1, 28, 28, 8, 3, 1, 1, 3), // default conv1: direct, padded
        (8, 14, 14, 16, 3, 1, 1, 3), // default conv3: 14 wide, im2col
        (3, 9, 10, 5, 3, 1, 2, 2),  // 12 wide after padding 2: direct
        (2, 9, 9, 4, 3, 2, 1, 3),   // stride 2: im2col
    ];
    let mut rng = Rng::new(23);
    for (c, h, w, filters, kernel, stride, padding, n) in cases {
        let cfg = ConvConfig {
            input: Shape::new(c, h, w),
            filters,
            kernel,
            stride,
            padding,
        };
        let out = cfg.output();
        let mut conv = Conv2d::new(cfg, &mut rng);
        conv.bias = uniform(&mut rng, filters);
        let x = uniform(&mut rng, n * cfg.input.len());
        let dy = uniform(&mut rng, n * out.len());
        let mut y = vec![f32::NAN; n * out.len()];
        conv.forward(&x, &mut y, n);
        let mut dx = vec![0.0f32; x.len()];
        conv.backward(&x, &dy, Some(&mut dx), n);
        let [ry, rdw, rdb, rdx] = reference(&cfg, &conv, &x, &dy, n);
        let ckk = c * kernel * kernel;
        let name = format!("c{c} {h}x{w} f{filters} k{kernel} s{stride} p{padding} n{n}");
        for (what, got, (want, mass), terms) in [
            ("y", &y, ry, ckk),
            ("dW", &conv.dweight, rdw, n * out.h * out.w),
            ("db", &conv.dbias, rdb, n * out.h * out.w),
            ("dx", &dx, rdx, filters * kernel * kernel),
        ] {
            assert_eq!(got.len(), want.len(), "{name} {what}");
            for (idx, &g) in got.iter().enumerate() {
                close(
                    g,
                    want[idx],
                    mass[idx],
                    terms,
                    &format!("{name} {what}[{idx}]"),
                );
            }
        }
    }
}

/// The 2x2 / stride 2 max pool (its own branch-free path) gives exactly what
/// a plain scan of each window in row-major order with `>` gives: the value,
/// and the first maximum's place (where backward sends the gradient), on
/// maps full of ties and with NaN (whatever comes first and is not beaten).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_2x2_max_pool_matches_a_plain_scan_ties_and_nan_included() {
    let mut rng = Rng::new(11);
    for (c, h, w, n) in [(8, 24, 24, 3), (16, 8, 8, 2), (3, 7, 9, 2), (1, 2, 2, 1)] {
        let input = Shape::new(c, h, w);
        let mut pool = MaxPool2d::new(input, 2, 2);
        pool.reserve(n);
        let out = pool.out;
        // Few distinct values, so most windows hold ties; a few NaN.
        let x: Vec<f32> = (0..n * input.len())
            .map(|_| match (rng.uniform(0.0, 1.0) * 20.0) as u32 {
                0 => f32::NAN,
                k => (k % 4) as f32 - 1.0,
            })
            .collect();
        let mut y = vec![0.0f32; n * out.len()];
        pool.forward(&x, &mut y, n);
        // Each output's gradient is its own index + 1, so dx names the winner.
        let dy: Vec<f32> = (0..y.len()).map(|j| j as f32 + 1.0).collect();
        let mut dx = vec![0.0f32; x.len()];
        pool.backward(&dy, &mut dx, n);
        for plane in 0..n * c {
            for oy in 0..out.h {
                for ox in 0..out.w {
                    let top = plane * h * w + 2 * oy * w + 2 * ox;
                    let (mut best, mut arg) = (x[top], top);
                    for at in [top + 1, top + w, top + w + 1] {
                        if x[at] > best {
                            best = x[at];
                            arg = at;
                        }
                    }
                    let j = plane * out.h * out.w + oy * out.w + ox;
                    assert_eq!(
                        y[j].to_bits(),
                        best.to_bits(),
                        "value of window {j} ({c}x{h}x{w})"
                    );
                    assert_eq!(dx[arg], dy[j], "winner of window {j} ({c}x{h}x{w})");
                }
            }
        }
    }
}
