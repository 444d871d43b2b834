//! Matrix multiply on flat row-major slices, the one hot kernel of the core.
//!
//! Conv (through im2col) and dense layers reduce to `C = alpha * op(A) op(B) + beta * C`.
//! Natively this is ndarray's `general_mat_mul` (matrixmultiply, with runtime
//! AVX/FMA detection). The wrapper keeps the call sites free of view plumbing
//! and is the single place where wasm switches to the hand-written SIMD kernel
//! of [`super::simd_gemm`] (matrixmultiply has no wasm SIMD path).

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

/// `C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C`.
///
/// # Shapes
/// - `a`: `[m, k]` row-major, or `[k, m]` when `ta` (then `op(A) = A^T`).
/// - `b`: `[k, n]` row-major, or `[n, k]` when `tb`.
/// - `c`: `[m, n]` row-major. Only the first `m*n` values are touched; longer
///   slices are allowed so callers can pass reusable buffers sized for a larger batch.
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    beta: f32,
    c: &mut [f32],
) {
    #[cfg(target_arch = "wasm32")]
    if alpha == 1.0 && (beta == 0.0 || beta == 1.0) {
        super::simd_gemm::gemm(m, n, k, a, ta, b, tb, beta, c);
        return;
    }
    let av = if ta {
        view(&a[..k * m], k, m).reversed_axes()
    } else {
        view(&a[..m * k], m, k)
    };
    let bv = if tb {
        view(&b[..n * k], n, k).reversed_axes()
    } else {
        view(&b[..k * n], k, n)
    };
    // Lengths were sliced to exactly rows*cols above, so the shape always fits.
    let mut cv = ArrayViewMut2::from_shape((m, n), &mut c[..m * n]).expect("gemm: C shape");
    general_mat_mul(alpha, &av, &bv, beta, &mut cv);
}

fn view(s: &[f32], rows: usize, cols: usize) -> ArrayView2<'_, f32> {
    ArrayView2::from_shape((rows, cols), s).expect("gemm: operand shape")
}
