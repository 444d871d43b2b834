//! The f32 GEMM kernel, written once over a vector type ([`Lanes`]).
//!
//! No packing buffers and nothing allocated: training calls this thousands of
//! times a second, and the core promises an allocation-free hot loop
//! (`tests/core_alloc.rs`). matrixmultiply, behind ndarray's `general_mat_mul`,
//! allocates packing space on every call and has no wasm SIMD path.
//!
//! Two micro-kernels cover every product the layers need:
//! - `NN`/`TN` (B row-major `[k, n]`): `R` rows x `V` vectors of C, broadcasting
//!   one A value per row against `V` B vectors for each step along `k`.
//! - `NT` (B given as `[n, k]`, the weight gradients): `R x S` dot products,
//!   vectorized along `k`.
//!
//! Both walk `k` in chunks of `KC` so that the slices of A and B one chunk
//! touches stay in cache while every block of C is visited. Row and column
//! edges use smaller blocks of the same code, then a scalar loop.
//!
//! A third, `gathered.rs`, is the `NN` kernel with B's rows read in place
//! from a (padded) input map: the direct convolution; `windows.rs` its
//! weight gradient, the `NT` kernel with both operands read in place;
//! `scattered.rs` its input gradient, the `NN` kernel adding C's rows in
//! place into an input map.
//!
//! This file holds what both share (`gemm_acc`, the chunk size, the operand
//! pointers); `nn.rs` and `nt.rs` hold the two micro-kernels.

mod gathered;
mod nn;
mod nt;
mod scattered;
mod windows;

pub(crate) use gathered::gathered;
pub(crate) use scattered::scattered;
pub(crate) use windows::windows_nt;

use super::lanes::Lanes;

/// Chunk of the `k` axis kept in cache at once.
const KC: usize = 256;

/// The operands of one product, as raw pointers (bounds were checked once, by
/// the caller of [`gemm_acc`]). `A[i, kk]` lives at `a[i*sa_i + kk*sa_k]`; B is
/// `[k, n]` (NN) or `[n, k]` (NT) row-major; C is `[m, n]` row-major.
#[derive(Clone, Copy)]
struct Job {
    n: usize,
    k: usize,
    a: *const f32,
    sa_i: usize,
    sa_k: usize,
    b: *const f32,
    c: *mut f32,
}

impl Job {
    /// Writes a finished value of C: `=` for the first `k` chunk when C is to be
    /// overwritten (beta = 0, saving a pass that zeroes C), `+=` otherwise.
    #[inline(always)]
    unsafe fn put(&self, at: usize, v: f32, set: bool) {
        // SAFETY: callers pass `at < m*n`.
        unsafe {
            if set {
                *self.c.add(at) = v;
            } else {
                *self.c.add(at) += v;
            }
        }
    }
    #[inline(always)]
    unsafe fn put_lanes<L: Lanes>(&self, at: usize, v: L, set: bool) {
        // SAFETY: callers pass `at + W <= m*n`.
        unsafe {
            if set {
                v.store(self.c.add(at));
            } else {
                v.add_to(self.c.add(at));
            }
        }
    }
}

/// `C = op(A) op(B)` when `set`, else `C += op(A) op(B)` (same shapes as
/// [`super::gemm`]).
///
/// Block sizes are the caller's, chosen so the accumulators fit the register
/// file: NN blocks are `MR` rows x `NV` vectors of C, NT blocks dot four A rows
/// against `NR_NT` B rows.
///
/// # Safety
/// `a` holds `m*k`, `b` holds `k*n` and `c` holds `m*n` values (checked by the
/// caller), and `k > 0`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gemm_acc<L: Lanes, const MR: usize, const NV: usize, const NR_NT: usize>(
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
    let (sa_i, sa_k) = if ta { (1, m) } else { (k, 1) };
    let job = Job {
        n,
        k,
        a: a.as_ptr(),
        sa_i,
        sa_k,
        b: b.as_ptr(),
        c: c.as_mut_ptr(),
    };
    // SAFETY: forwarded from this function's contract.
    unsafe {
        if !tb {
            nn::nn::<L, MR, NV>(m, job, set);
        } else if !ta {
            nt::nt::<L, NR_NT>(m, job, set);
        } else {
            // A^T B^T never occurs in the layers; a plain loop keeps it correct.
            for i in 0..m {
                for j in 0..n {
                    let mut s = 0.0f32;
                    for kk in 0..k {
                        s += *job.a.add(kk * m + i) * *job.b.add(j * k + kk);
                    }
                    job.put(i * n + j, s, set);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{gemm, gemm_portable};
    use crate::core::rng::Rng;

    const SIZES: [(usize, usize, usize); 9] = [
        (1, 1, 1),
        (4, 8, 4),
        (5, 9, 7),
        (8, 36, 25),
        (13, 17, 33),
        (16, 3, 64),
        (3, 19, 2),
        (7, 40, 300),
        (6, 23, 600),
    ];

    /// `sum_kk op(A)[i, kk] op(B)[kk, j]` in f64.
    fn naive(m: usize, n: usize, k: usize, a: &[f32], ta: bool, b: &[f32], tb: bool) -> Vec<f64> {
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

    /// Every transpose combination, awkward sizes, `k` past one chunk, and
    /// alpha/beta, through the public entry (the kernel this machine
    /// dispatches to: AVX2 on most x86_64 CPUs) and through the portable kernel.
    #[test]
    fn matches_naive_for_all_layouts_and_edges() {
        let mut rng = Rng::new(5);
        for &(m, n, k) in &SIZES {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a: Vec<f32> = (0..m * k).map(|_| rng.uniform(-1.0, 1.0)).collect();
                    let b: Vec<f32> = (0..k * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
                    let c0: Vec<f32> = (0..m * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
                    let ab = naive(m, n, k, &a, ta, &b, tb);
                    let close = |got: &[f32], alpha: f64, beta: f64, what: &str| {
                        for (idx, &g) in got.iter().enumerate() {
                            let want = alpha * ab[idx] + beta * c0[idx] as f64;
                            let tol = 1e-4 * (1.0 + want.abs() + ab[idx].abs());
                            assert!(
                                (g as f64 - want).abs() < tol,
                                "{what} {m}x{n}x{k} ta={ta} tb={tb} at {idx}: {g} vs {want}"
                            );
                        }
                    };
                    for (alpha, beta) in [(1.0f32, 0.0f32), (1.0, 1.0), (0.5, -2.0)] {
                        let mut c = c0.clone();
                        gemm(m, n, k, alpha, &a, ta, &b, tb, beta, &mut c);
                        close(&c, alpha as f64, beta as f64, "dispatched");
                    }
                    let mut c = c0.clone();
                    gemm_portable(m, n, k, &a, ta, &b, tb, &mut c, false);
                    close(&c, 1.0, 1.0, "portable +=");
                    let mut c = c0.clone();
                    gemm_portable(m, n, k, &a, ta, &b, tb, &mut c, true);
                    close(&c, 1.0, 0.0, "portable =");
                }
            }
        }
    }
}
