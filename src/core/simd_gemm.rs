//! A hand-written f32 GEMM with 4-lane vectors, used in wasm (simd128).
//!
//! matrixmultiply has no wasm SIMD kernels and allocates packing buffers on
//! every call; this kernel needs no packing and allocates nothing. The same
//! code compiles natively (lanes as `[f32; 4]`), so native tests check it
//! against ndarray.
//!
//! Two micro-kernels cover every product the layers need:
//! - `NN`/`TN` (B row-major `[k, n]`): 4 rows x 8 columns of C, broadcasting
//!   one A value per row against two B vectors for each step along `k`.
//! - `NT` (B given as `[n, k]`): 4 x 4 dot products, vectorized along `k`.
//!
//! Edges that do not fill a block fall back to scalar loops.

#[cfg(target_arch = "wasm32")]
mod lanes {
    use core::arch::wasm32::*;
    pub type F4 = v128;
    #[inline(always)]
    pub fn zero() -> F4 {
        f32x4_splat(0.0)
    }
    #[inline(always)]
    pub fn splat(x: f32) -> F4 {
        f32x4_splat(x)
    }
    #[inline(always)]
    pub fn load(s: &[f32], at: usize) -> F4 {
        debug_assert!(at + 4 <= s.len());
        // SAFETY: callers only pass `at + 4 <= s.len()` (the public `gemm` checks the
        // operand lengths once, and every index below stays inside them);
        // v128_load allows unaligned reads.
        unsafe { v128_load(s.as_ptr().add(at) as *const v128) }
    }
    #[inline(always)]
    pub fn fma(acc: F4, a: F4, b: F4) -> F4 {
        f32x4_add(acc, f32x4_mul(a, b))
    }
    #[inline(always)]
    pub fn to_array(v: F4) -> [f32; 4] {
        [
            f32x4_extract_lane::<0>(v),
            f32x4_extract_lane::<1>(v),
            f32x4_extract_lane::<2>(v),
            f32x4_extract_lane::<3>(v),
        ]
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod lanes {
    pub type F4 = [f32; 4];
    #[inline(always)]
    pub fn zero() -> F4 {
        [0.0; 4]
    }
    #[inline(always)]
    pub fn splat(x: f32) -> F4 {
        [x; 4]
    }
    #[inline(always)]
    pub fn load(s: &[f32], at: usize) -> F4 {
        [s[at], s[at + 1], s[at + 2], s[at + 3]]
    }
    #[inline(always)]
    pub fn fma(acc: F4, a: F4, b: F4) -> F4 {
        [
            acc[0] + a[0] * b[0],
            acc[1] + a[1] * b[1],
            acc[2] + a[2] * b[2],
            acc[3] + a[3] * b[3],
        ]
    }
    #[inline(always)]
    pub fn to_array(v: F4) -> [f32; 4] {
        v
    }
}

use lanes::*;

/// `C = op(A) op(B) + beta C` for `beta` 0 or 1 (same shapes as [`super::gemm::gemm`]).
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    beta: f32,
    c: &mut [f32],
) {
    let c = &mut c[..m * n];
    if beta == 0.0 {
        c.fill(0.0);
    }
    // A[i, kk] lives at a[i*sa_i + kk*sa_k].
    let (sa_i, sa_k) = if ta { (1, m) } else { (k, 1) };
    if tb {
        gemm_nt(m, n, k, a, ta, b, c);
    } else {
        gemm_nn(m, n, k, a, sa_i, sa_k, b, c);
    }
}

/// B row-major `[k, n]`: C[i, j..j+8] += sum_kk A[i, kk] * B[kk, j..j+8].
#[allow(clippy::too_many_arguments)]
fn gemm_nn(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    sa_i: usize,
    sa_k: usize,
    b: &[f32],
    c: &mut [f32],
) {
    let (m4, n8) = (m / 4 * 4, n / 8 * 8);
    // Column panels outermost: a k x 8 slice of B stays in L1 across all row blocks.
    for j in (0..n8).step_by(8) {
        for i in (0..m4).step_by(4) {
            let mut acc = [zero(); 8];
            for kk in 0..k {
                let b0 = load(b, kk * n + j);
                let b1 = load(b, kk * n + j + 4);
                for r in 0..4 {
                    // SAFETY: i + r < m and kk < k, so the index is < m*k = a.len().
                    let av = splat(unsafe { *a.get_unchecked((i + r) * sa_i + kk * sa_k) });
                    acc[2 * r] = fma(acc[2 * r], av, b0);
                    acc[2 * r + 1] = fma(acc[2 * r + 1], av, b1);
                }
            }
            for r in 0..4 {
                let row = &mut c[(i + r) * n + j..][..8];
                let (lo, hi) = (to_array(acc[2 * r]), to_array(acc[2 * r + 1]));
                for t in 0..4 {
                    row[t] += lo[t];
                    row[4 + t] += hi[t];
                }
            }
        }
    }
    // Leftover rows (all columns) and leftover columns (block rows), scalar.
    let scalar = |i: usize, j: usize, c: &mut [f32]| {
        let mut s = 0.0f32;
        for kk in 0..k {
            s += a[i * sa_i + kk * sa_k] * b[kk * n + j];
        }
        c[i * n + j] += s;
    };
    for i in m4..m {
        for j in 0..n {
            scalar(i, j, c);
        }
    }
    for i in 0..m4 {
        for j in n8..n {
            scalar(i, j, c);
        }
    }
}

/// B given as `[n, k]` (so `op(B) = B^T`): C[i, j] += dot(A[i, :], B[j, :]).
/// With `ta`, A is `[k, m]` and rows of A are strided; that case only occurs
/// with small `m` and is handled by the scalar path.
fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], ta: bool, b: &[f32], c: &mut [f32]) {
    if ta {
        for i in 0..m {
            for j in 0..n {
                let mut s = 0.0f32;
                for kk in 0..k {
                    s += a[kk * m + i] * b[j * k + kk];
                }
                c[i * n + j] += s;
            }
        }
        return;
    }
    let (m4, n4, k4) = (m / 4 * 4, n / 4 * 4, k / 4 * 4);
    let dot_tail = |i: usize, j: usize| -> f32 {
        let mut s = 0.0f32;
        for kk in k4..k {
            s += a[i * k + kk] * b[j * k + kk];
        }
        s
    };
    for i in (0..m4).step_by(4) {
        for j in (0..n4).step_by(4) {
            let mut acc = [zero(); 16];
            for kk in (0..k4).step_by(4) {
                let av = [
                    load(a, i * k + kk),
                    load(a, (i + 1) * k + kk),
                    load(a, (i + 2) * k + kk),
                    load(a, (i + 3) * k + kk),
                ];
                let bv = [
                    load(b, j * k + kk),
                    load(b, (j + 1) * k + kk),
                    load(b, (j + 2) * k + kk),
                    load(b, (j + 3) * k + kk),
                ];
                for r in 0..4 {
                    for s in 0..4 {
                        acc[r * 4 + s] = fma(acc[r * 4 + s], av[r], bv[s]);
                    }
                }
            }
            for r in 0..4 {
                for s in 0..4 {
                    let v = to_array(acc[r * 4 + s]);
                    c[(i + r) * n + j + s] +=
                        (v[0] + v[1]) + (v[2] + v[3]) + dot_tail(i + r, j + s);
                }
            }
        }
    }
    let full = |i: usize, j: usize, c: &mut [f32]| {
        let mut acc = zero();
        for kk in (0..k4).step_by(4) {
            acc = fma(acc, load(a, i * k + kk), load(b, j * k + kk));
        }
        let v = to_array(acc);
        c[i * n + j] += (v[0] + v[1]) + (v[2] + v[3]) + dot_tail(i, j);
    };
    for i in m4..m {
        for j in 0..n {
            full(i, j, c);
        }
    }
    for i in 0..m4 {
        for j in n4..n {
            full(i, j, c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rng::Rng;

    /// Every transpose combination and awkward sizes against a plain triple loop.
    #[test]
    fn matches_naive_for_all_layouts_and_edges() {
        let mut rng = Rng::new(5);
        for &(m, n, k) in &[
            (1, 1, 1),
            (4, 8, 4),
            (5, 9, 7),
            (8, 36, 25),
            (13, 17, 33),
            (16, 3, 64),
            (3, 19, 2),
        ] {
            for ta in [false, true] {
                for tb in [false, true] {
                    for beta in [0.0, 1.0] {
                        let a: Vec<f32> = (0..m * k).map(|_| rng.uniform(-1.0, 1.0)).collect();
                        let b: Vec<f32> = (0..k * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
                        let c0: Vec<f32> = (0..m * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
                        let mut c = c0.clone();
                        super::gemm(m, n, k, &a, ta, &b, tb, beta, &mut c);
                        for i in 0..m {
                            for j in 0..n {
                                let mut s = beta as f64 * c0[i * n + j] as f64;
                                for kk in 0..k {
                                    let av = if ta { a[kk * m + i] } else { a[i * k + kk] };
                                    let bv = if tb { b[j * k + kk] } else { b[kk * n + j] };
                                    s += av as f64 * bv as f64;
                                }
                                let got = c[i * n + j] as f64;
                                assert!(
                                    (got - s).abs() < 1e-4 * (1.0 + s.abs()),
                                    "{m}x{n}x{k} ta={ta} tb={tb}: {got} vs {s}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
