//! The matrix kernel as the browser runs it (simd128), against a scalar f64
//! reference: every transpose combination, awkward sizes, `k` past one
//! chunk, alpha and beta. Native runs check the AVX2 and portable kernels
//! (`core::gemm::simd`'s unit tests); this is the wasm build's own check.
//!
//! Run: `make test` (or `CHROMEDRIVER=/usr/bin/chromedriver cargo test
//! --target wasm32-unknown-unknown --test wasm_gemm` with wasm-bindgen-test-runner on PATH).
#![cfg(target_arch = "wasm32")]

use cnn_playground::core::gemm::gemm;
use cnn_playground::core::Rng;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `sum_kk op(A)[i, kk] op(B)[kk, j]`, one multiply-add at a time, in f64.
#[allow(clippy::too_many_arguments)]
fn scalar(m: usize, n: usize, k: usize, a: &[f32], ta: bool, b: &[f32], tb: bool) -> Vec<f64> {
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            for kk in 0..k {
                let av = if ta { a[kk * m + i] } else { a[i * k + kk] };
                let bv = if tb { b[j * k + kk] } else { b[kk * n + j] };
                out[i * n + j] += av as f64 * bv as f64;
            }
        }
    }
    out
}

#[wasm_bindgen_test]
fn simd128_gemm_matches_the_scalar_reference() {
    assert!(cfg!(target_feature = "simd128"), "built without simd128");
    let mut rng = Rng::new(7);
    let sizes = [
        (1, 1, 1),
        (4, 8, 4),
        (5, 9, 7),
        (8, 36, 25),
        (13, 17, 33),
        (3, 19, 2),
        (7, 40, 300),
        (6, 23, 600),
        (16, 784, 72),
    ];
    for &(m, n, k) in &sizes {
        for ta in [false, true] {
            for tb in [false, true] {
                let a: Vec<f32> = (0..m * k).map(|_| rng.uniform(-1.0, 1.0)).collect();
                let b: Vec<f32> = (0..k * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
                let c0: Vec<f32> = (0..m * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
                let ab = scalar(m, n, k, &a, ta, &b, tb);
                for (alpha, beta) in [(1.0f32, 0.0f32), (1.0, 1.0), (0.5, -2.0)] {
                    let mut c = c0.clone();
                    gemm(m, n, k, alpha, &a, ta, &b, tb, beta, &mut c);
                    for (idx, &got) in c.iter().enumerate() {
                        let want = alpha as f64 * ab[idx] + beta as f64 * c0[idx] as f64;
                        let tol = 1e-4 * (1.0 + want.abs() + ab[idx].abs());
                        assert!(
                            (got as f64 - want).abs() < tol,
                            "{m}x{n}x{k} ta={ta} tb={tb} a={alpha} b={beta} at {idx}: {got} vs {want}"
                        );
                    }
                }
            }
        }
    }
}
