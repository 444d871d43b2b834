//! Matrix multiply on flat row-major slices, the one hot kernel of the core.
//!
//! Conv (through im2col) and dense layers reduce to `C = alpha * op(A) op(B) + beta * C`.
//! Every platform runs the same allocation-free kernel ([`simd`]),
//! instantiated for the best vector type available ([`lanes`]):
//! simd128 in wasm, AVX2 + FMA on x86_64 CPUs that have them (detected at
//! run time, so one binary runs everywhere), plain 4-lane arrays elsewhere.

pub mod lanes;
pub mod simd;

use lanes::Plain4;
use simd::gemm_acc;

/// `C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C`.
///
/// # Shapes
/// - `a`: `[m, k]` row-major, or `[k, m]` when `ta` (then `op(A) = A^T`).
/// - `b`: `[k, n]` row-major, or `[n, k]` when `tb`.
/// - `c`: `[m, n]` row-major. Only the first `m*n` values are touched; longer
///   slices are allowed so callers can pass reusable buffers sized for a larger batch.
///
/// # Panics
/// When a slice is shorter than its shape (a bug in the caller, not bad input).
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
    assert!(
        a.len() >= m * k && b.len() >= k * n && c.len() >= m * n,
        "gemm: operands shorter than {m}x{k} . {k}x{n} -> {m}x{n}"
    );
    let (a, b, c) = (&a[..m * k], &b[..k * n], &mut c[..m * n]);
    // The kernel computes C = AB or C += AB, so fold alpha and beta around it:
    // C = alpha * (beta/alpha * C + AB). Training always has alpha = 1.
    if alpha == 0.0 || k == 0 {
        scale(c, beta);
        return;
    }
    let set = beta == 0.0;
    if !set {
        scale(c, beta / alpha);
    }
    accumulate(m, n, k, a, ta, b, tb, c, set);
    if alpha != 1.0 {
        scale(c, alpha);
    }
}

fn scale(c: &mut [f32], s: f32) {
    if s == 0.0 {
        c.fill(0.0);
    } else if s != 1.0 {
        c.iter_mut().for_each(|x| *x *= s);
    }
}

/// `C = op(A) op(B)` (`set`) or `C += op(A) op(B)` with the best kernel for this machine.
#[allow(clippy::too_many_arguments)]
fn accumulate(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
    set: bool,
) {
    #[cfg(target_arch = "wasm32")]
    {
        // SAFETY: `gemm` sliced every operand to exactly its shape, and k > 0. 4 x 4 NT blocks:
        // browsers map wasm locals onto 16 vector registers.
        unsafe { gemm_acc::<lanes::Wasm4, 4, 2, 2>(m, n, k, a, ta, b, tb, c, set) };
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (just checked); operands sliced to shape.
            unsafe { gemm_avx2(m, n, k, a, ta, b, tb, c, set) };
            return;
        }
        gemm_portable(m, n, k, a, ta, b, tb, c, set);
    }
}

/// The kernel on plain 4-lane arrays (any CPU). Public to the crate so tests
/// can check it on machines that would dispatch to AVX.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) fn gemm_portable(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
    set: bool,
) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n && k > 0);
    // SAFETY: lengths checked just above.
    unsafe { gemm_acc::<Plain4, 4, 2, 2>(m, n, k, a, ta, b, tb, c, set) }
}

/// The kernel on 8-lane AVX registers with FMA; 4 x 2 NT blocks keep the
/// accumulators and operands within the 16 AVX registers.
///
/// # Safety
/// The CPU must support AVX2 and FMA, and the operands must hold their shapes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_avx2(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
    set: bool,
) {
    // SAFETY: forwarded from this function's contract.
    unsafe { gemm_acc::<lanes::Avx8, 4, 2, 2>(m, n, k, a, ta, b, tb, c, set) }
}
