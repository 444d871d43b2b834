//! Golden values for conv, max-pool and dense, forward and backward, on small
//! fixed inputs. The expected numbers come from the straightforward-loop NumPy
//! reference below (float64); every value is a short binary fraction, so f32
//! should reproduce them almost exactly.
//!
//! ```python
//! import numpy as np
//! def v(n, a, b, m): return np.array([((i * a + b) % m - m // 2) / 4.0 for i in range(n)])
//! # conv: n=1, c=2, h=w=4, f=3, k=3, s=2, p=1 -> 3x2x2
//! x = v(32, 7, 3, 11).reshape(1, 2, 4, 4)
//! w = v(54, 5, 1, 9).reshape(3, 2, 3, 3)
//! b = np.array([0.5, -0.25, 0.125])
//! s, p = 2, 1
//! xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
//! oh = (4 + 2 * p - 3) // s + 1
//! y = np.zeros((1, 3, oh, oh))
//! for f in range(3):
//!     for i in range(oh):
//!         for j in range(oh):
//!             y[0, f, i, j] = b[f] + sum(w[f, c, a, bb] * xp[0, c, i * s + a, j * s + bb]
//!                                        for c in range(2) for a in range(3) for bb in range(3))
//! dy = v(12, 3, 2, 7).reshape(y.shape)
//! dw = np.zeros_like(w); dxp = np.zeros_like(xp); db = dy.sum(axis=(0, 2, 3))
//! for f in range(3):
//!     for i in range(oh):
//!         for j in range(oh):
//!             for c in range(2):
//!                 for a in range(3):
//!                     for bb in range(3):
//!                         dw[f, c, a, bb] += dy[0, f, i, j] * xp[0, c, i * s + a, j * s + bb]
//!                         dxp[0, c, i * s + a, j * s + bb] += dy[0, f, i, j] * w[f, c, a, bb]
//! dx = dxp[:, :, p:-p, p:-p]
//! # maxpool 3x3 stride 2 on 1x1x5x5 (overlapping windows)
//! x = v(25, 13, 5, 17).reshape(1, 1, 5, 5)
//! y = np.zeros((1, 1, 2, 2)); dx = np.zeros_like(x); dy = np.array([1.0, -2.0, 3.0, 0.5]).reshape(y.shape)
//! for i in range(2):
//!     for j in range(2):
//!         win = x[0, 0, 2 * i:2 * i + 3, 2 * j:2 * j + 3]
//!         a = np.argmax(win)  # first maximum in row-major order
//!         y[0, 0, i, j] = win.ravel()[a]
//!         dx[0, 0, 2 * i + a // 3, 2 * j + a % 3] += dy[0, 0, i, j]
//! # dense: n=2, d=5, u=3
//! x = v(10, 3, 1, 7).reshape(2, 5); w = v(15, 4, 2, 9).reshape(3, 5); b = np.array([0.1, 0.2, -0.3])
//! y = np.array([[b[u] + sum(w[u, d] * x[n, d] for d in range(5)) for u in range(3)] for n in range(2)])
//! dy = v(6, 5, 3, 8).reshape(2, 3)
//! dw = np.array([[sum(dy[n, u] * x[n, d] for n in range(2)) for d in range(5)] for u in range(3)])
//! dx = np.array([[sum(dy[n, u] * w[u, d] for u in range(3)) for d in range(5)] for n in range(2)])
//! ```

use cnn_playground::core::layers::{Conv2d, ConvConfig, Dense, MaxPool2d};
use cnn_playground::core::{Rng, Shape};

// Natively a plain test; in wasm (`--target wasm32-unknown-unknown`) the same
// test runs in Chromium, in whichever build (simd128, or relaxed SIMD) RUSTFLAGS ask for.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The reference's `v(n, a, b, m)`.
fn v(n: usize, a: usize, b: usize, m: usize) -> Vec<f32> {
    (0..n)
        .map(|i| (((i * a + b) % m) as f32 - (m / 2) as f32) / 4.0)
        .collect()
}

fn assert_close(name: &str, got: &[f32], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g as f64 - w).abs() <= 1e-5 * (1.0 + w.abs()),
            "{name}[{i}]: got {g}, want {w}"
        );
    }
}

const CONV_Y: [f64; 12] = [
    1.25, 1.4375, -1.875, -3.0625, 0.5, 0.6875, -2.625, -3.8125, 0.875, 1.0625, -2.25, -3.4375,
];
const CONV_DW: [f64; 54] = [
    0.0, -0.75, 0.1875, 0.3125, 0.5, -0.1875, 0.0625, -1.5625, 0.5, 0.125, 0.5, 0.0625, -0.6875,
    0.5, 0.5, 0.4375, 0.5, -0.1875, 0.0, 1.0, -0.1875, 0.3125, 0.0625, -1.75, -0.0625, 0.375,
    -0.0625, -0.125, -0.8125, 0.0625, 0.1875, -0.0625, 0.1875, -0.1875, 0.25, 0.5, 0.0, 1.0,
    -0.5625, 0.3125, -0.8125, 1.0625, -0.1875, 1.875, -1.0625, -0.375, 0.0625, -0.8125, 1.0625,
    -1.0625, -0.5625, -0.8125, -0.4375, 0.75,
];
const CONV_DB: [f64; 3] = [0.0, -0.25, -0.5];
const CONV_DX: [f64; 32] = [
    0.125, -0.5, 0.0, 0.0, 0.75, 0.1875, -0.375, 0.375, -0.125, -0.0625, 0.1875, -0.75, -0.5,
    0.125, 0.75, -0.1875, 0.125, -0.5, 0.0, 0.0, 0.75, 0.1875, -0.375, 0.375, -0.125, -0.0625,
    0.1875, -0.75, -0.5, 0.125, 0.75, -0.1875,
];

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_stride2_pad1_matches_reference() {
    let cfg = ConvConfig {
        input: Shape::new(2, 4, 4),
        filters: 3,
        kernel: 3,
        stride: 2,
        padding: 1,
    };
    let mut conv = Conv2d::new(cfg, &mut Rng::new(1));
    assert_eq!(conv.out, Shape::new(3, 2, 2));
    conv.weight = v(54, 5, 1, 9);
    conv.bias = vec![0.5, -0.25, 0.125];
    conv.reserve(1, true);
    let x = v(32, 7, 3, 11);
    let mut y = vec![0.0; 12];
    conv.forward(&x, &mut y, 1);
    assert_close("y", &y, &CONV_Y);
    let mut dx = vec![0.0; 32];
    conv.backward(&x, &v(12, 3, 2, 7), Some(&mut dx), 1);
    assert_close("dw", &conv.dweight, &CONV_DW);
    assert_close("db", &conv.dbias, &CONV_DB);
    assert_close("dx", &dx, &CONV_DX);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn overlapping_maxpool_matches_reference_and_accumulates() {
    let mut pool = MaxPool2d::new(Shape::new(1, 5, 5), 3, 2);
    pool.reserve(1);
    let x = v(25, 13, 5, 17);
    let mut y = vec![0.0; 4];
    pool.forward(&x, &mut y, 1);
    assert_close("y", &y, &[2.0, 1.5, 2.0, 1.75]);
    let mut dx = vec![0.0; 25];
    pool.backward(&[1.0, -2.0, 3.0, 0.5], &mut dx, 1);
    let mut want = [0.0; 25];
    // Two windows share the 2.0 at index 10, so its gradient is 1 + 3.
    (want[2], want[10], want[23]) = (-2.0, 4.0, 0.5);
    assert_close("dx", &dx, &want);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn dense_matches_reference() {
    let mut dense = Dense::new(5, 3, &mut Rng::new(1));
    dense.weight = v(15, 4, 2, 9);
    dense.bias = vec![0.1, 0.2, -0.3];
    let x = v(10, 3, 1, 7);
    let mut y = vec![0.0; 6];
    dense.forward(&x, &mut y, 2);
    assert_close("y", &y, &[0.2875, 0.2625, -0.925, 1.6625, 1.3875, -1.175]);
    let mut dx = vec![0.0; 10];
    dense.backward(&x, &v(6, 5, 3, 8), Some(&mut dx), 2);
    let dw = [
        0.25, -0.3125, 0.4375, -0.125, 0.1875, 0.3125, 0.125, 0.375, 0.1875, -1.3125, -0.125,
        0.0625, -0.1875, 0.0, 0.1875,
    ];
    assert_close("dw", &dense.dweight, &dw);
    assert_close("db", &dense.dbias, &[-0.75, -0.25, 0.25]);
    let dxw = [
        0.25, -1.3125, 0.5, -1.0625, 0.75, 0.25, 0.5, 0.1875, 0.4375, 0.125,
    ];
    assert_close("dx", &dx, &dxw);
}
