//! The `NN`/`TN` micro-kernel (B row-major `[k, n]`): `R` rows x `V` vectors
//! of C, broadcasting one A value per row against `V` B vectors for each step
//! along `k`.

use super::{Job, KC};
use crate::core::gemm::lanes::Lanes;

/// B row-major `[k, n]`: `C[i, j..] (+)= sum_kk A[i, kk] * B[kk, j..]`.
#[inline(always)]
pub(super) unsafe fn nn<L: Lanes, const MR: usize, const NV: usize>(m: usize, job: Job, set: bool) {
    let (w, n) = (L::W, job.n);
    let mut k0 = 0;
    while k0 < job.k {
        let k1 = (k0 + KC).min(job.k);
        let set = set && k0 == 0;
        // Column panels outside row blocks: a chunk x NV*W slice of B stays in L1.
        let mut j = 0;
        // SAFETY (whole block): every index is i < m, j < n, kk < k, within the operands.
        unsafe {
            while j + NV * w <= n {
                nn_rows::<L, MR, NV>(m, job, j, k0, k1, set);
                j += NV * w;
            }
            while j + w <= n {
                nn_rows::<L, MR, 1>(m, job, j, k0, k1, set);
                j += w;
            }
            for i in 0..m {
                for jj in j..n {
                    let mut s = 0.0f32;
                    for kk in k0..k1 {
                        s += *job.a.add(i * job.sa_i + kk * job.sa_k) * *job.b.add(kk * n + jj);
                    }
                    job.put(i * n + jj, s, set);
                }
            }
        }
        k0 = k1;
    }
}

/// All rows of C for the `V`-vector column panel starting at `j`, over `k0..k1`:
/// blocks of `MR` rows, then at most four-row blocks for the rest.
#[inline(always)]
unsafe fn nn_rows<L: Lanes, const MR: usize, const V: usize>(
    m: usize,
    job: Job,
    j: usize,
    k0: usize,
    k1: usize,
    set: bool,
) {
    let mut i = 0;
    // SAFETY: forwarded; each block covers rows i..i+R <= m.
    unsafe {
        while i + MR <= m {
            nn_block::<L, MR, V>(job, i, j, k0, k1, set);
            i += MR;
        }
        while i < m {
            let r = (m - i).min(4);
            match r {
                4 => nn_block::<L, 4, V>(job, i, j, k0, k1, set),
                3 => nn_block::<L, 3, V>(job, i, j, k0, k1, set),
                2 => nn_block::<L, 2, V>(job, i, j, k0, k1, set),
                _ => nn_block::<L, 1, V>(job, i, j, k0, k1, set),
            }
            i += r;
        }
    }
}

/// `C[i..i+R, j..j+V*W] (+)= A[i..i+R, k0..k1] . B[k0..k1, j..j+V*W]`.
#[inline(always)]
unsafe fn nn_block<L: Lanes, const R: usize, const V: usize>(
    job: Job,
    i: usize,
    j: usize,
    k0: usize,
    k1: usize,
    set: bool,
) {
    let mut acc = [[L::zero(); V]; R];
    // SAFETY: the caller keeps rows, columns and kk inside the operands.
    unsafe {
        for kk in k0..k1 {
            let brow = job.b.add(kk * job.n + j);
            let mut bv = [L::zero(); V];
            for (v, slot) in bv.iter_mut().enumerate() {
                *slot = L::load(brow.add(v * L::W));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let av = L::splat(*job.a.add((i + r) * job.sa_i + kk * job.sa_k));
                for v in 0..V {
                    row[v] = row[v].mul_add(av, bv[v]);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            for (v, &x) in row.iter().enumerate() {
                job.put_lanes((i + r) * job.n + j + v * L::W, x, set);
            }
        }
    }
}
