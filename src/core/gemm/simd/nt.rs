//! The `NT` micro-kernel (B given as `[n, k]`, the weight gradients): `R x S`
//! dot products, vectorized along `k`.

use super::{Job, KC};
use crate::core::gemm::lanes::Lanes;

/// B given as `[n, k]` (so `op(B) = B^T`): `C[i, j] (+)= dot(A[i, :], B[j, :])`.
#[inline(always)]
pub(super) unsafe fn nt<L: Lanes, const S: usize>(m: usize, job: Job, set: bool) {
    let mut k0 = 0;
    while k0 < job.k {
        let k1 = (k0 + KC).min(job.k);
        let set = set && k0 == 0;
        let mut i = 0;
        // SAFETY (whole block): blocks stay inside rows < m, columns < n, kk < k.
        unsafe {
            while i + 4 <= m {
                nt_cols::<L, 4, S>(job, i, k0, k1, set);
                i += 4;
            }
            while i < m {
                nt_cols::<L, 1, S>(job, i, k0, k1, set);
                i += 1;
            }
        }
        k0 = k1;
    }
}

/// Rows `i..i+R` of C, every column, over `k0..k1`.
#[inline(always)]
unsafe fn nt_cols<L: Lanes, const R: usize, const S: usize>(
    job: Job,
    i: usize,
    k0: usize,
    k1: usize,
    set: bool,
) {
    let mut j = 0;
    // SAFETY: forwarded; each block covers columns j..j+S < n.
    unsafe {
        while j + S <= job.n {
            nt_block::<L, R, S>(job, i, j, k0, k1, set);
            j += S;
        }
        while j < job.n {
            nt_block::<L, R, 1>(job, i, j, k0, k1, set);
            j += 1;
        }
    }
}

/// `C[i+r, j+s] (+)= dot(A[i+r, k0..k1], B[j+s, k0..k1])` for an `R x S` block.
#[inline(always)]
unsafe fn nt_block<L: Lanes, const R: usize, const S: usize>(
    job: Job,
    i: usize,
    j: usize,
    k0: usize,
    k1: usize,
    set: bool,
) {
    let (w, k) = (L::W, job.k);
    let kv = k0 + (k1 - k0) / w * w;
    let mut acc = [[L::zero(); S]; R];
    // SAFETY: the caller keeps rows, columns and kk inside the operands.
    unsafe {
        let mut kk = k0;
        while kk < kv {
            let mut bv = [L::zero(); S];
            for (s, slot) in bv.iter_mut().enumerate() {
                *slot = L::load(job.b.add((j + s) * k + kk));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let av = L::load(job.a.add((i + r) * k + kk));
                for s in 0..S {
                    row[s] = row[s].mul_add(av, bv[s]);
                }
            }
            kk += w;
        }
        for (r, row) in acc.iter().enumerate() {
            for (s, x) in row.iter().enumerate() {
                let (ar, br) = (job.a.add((i + r) * k), job.b.add((j + s) * k));
                let mut tail = 0.0f32;
                for t in kv..k1 {
                    tail += *ar.add(t) * *br.add(t);
                }
                job.put((i + r) * job.n + j + s, x.sum() + tail, set);
            }
        }
    }
}
