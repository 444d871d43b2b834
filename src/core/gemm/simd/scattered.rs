//! The input gradient of a direct convolution: `C += A^T . B` where the rows
//! of C are not stored as a matrix but added in place wherever `coff` says,
//! the adjoint of `gathered.rs`. For a stride-1 conv, row `(ci, ki, kj)` of
//! `W^T . dY` for one output row `oy` belongs to the input run
//! `dx[ci, oy + ki, kj ..]`, so the product adds straight into the input
//! gradient: no `dcol` matrix is written and no col2im reads it back.
//!
//! Blocks as in the `NN` kernel: `R` rows x `V` vectors of C, one A value
//! broadcast per row against `V` B vectors for each step along `k`. A block's
//! rows may overlap in C (neighbouring taps are one value apart); each is
//! added whole before the next, so every sum lands.

use crate::core::gemm::lanes::Lanes;
use crate::core::gemm::Scatter;

/// The operands of one scattered product (bounds checked by the caller of [`scattered`]).
#[derive(Clone, Copy)]
struct Job {
    m: usize,
    k: usize,
    /// `[k, m]` row-major: `A^T`.
    a: *const f32,
    /// Row `kk` of one window starts at `kk * ldb`.
    b: *const f32,
    ldb: usize,
    /// `[m]`: where row `i` of one window of C starts in `c`.
    coff: *const usize,
    c: *mut f32,
}

/// For every window `r < s.rows`:
/// `c[r*s.c_row + coff[i] + j] += sum_kk a[kk*m + i] * b[r*s.b_row + kk*s.ldb + j]`,
/// `i < m = coff.len()`, `j < s.len`, `kk < k`.
///
/// # Safety
/// `a` holds `k*m` values and every index above lies inside `b` and `c`.
#[inline(always)]
pub(crate) unsafe fn scattered<L: Lanes, const MR: usize, const NV: usize>(
    k: usize,
    a: &[f32],
    b: &[f32],
    coff: &[usize],
    s: Scatter,
    c: &mut [f32],
) {
    let w = L::W;
    let n = s.len;
    // SAFETY (whole block): every index is i < m, j < n, kk < k within a window
    // the caller checked.
    unsafe {
        for r in 0..s.rows {
            let g = Job {
                m: coff.len(),
                k,
                a: a.as_ptr(),
                b: b.as_ptr().add(r * s.b_row),
                ldb: s.ldb,
                coff: coff.as_ptr(),
                c: c.as_mut_ptr().add(r * s.c_row),
            };
            let mut j = 0;
            while j + NV * w <= n {
                rows::<L, MR, NV>(g, j);
                j += NV * w;
            }
            while j + w <= n {
                rows::<L, MR, 1>(g, j);
                j += w;
            }
            for i in 0..g.m {
                for jj in j..n {
                    let mut t = 0.0f32;
                    for kk in 0..k {
                        t += *g.a.add(kk * g.m + i) * *g.b.add(kk * g.ldb + jj);
                    }
                    *g.c.add(*g.coff.add(i) + jj) += t;
                }
            }
        }
    }
}

/// Every row of C for the `V`-vector column panel at `j`: `MR`-row blocks, then smaller.
#[inline(always)]
unsafe fn rows<L: Lanes, const MR: usize, const V: usize>(g: Job, j: usize) {
    let mut i = 0;
    // SAFETY: forwarded; each block covers rows i..i+R <= m.
    unsafe {
        while i + MR <= g.m {
            block::<L, MR, V>(g, i, j);
            i += MR;
        }
        while i < g.m {
            let r = (g.m - i).min(4);
            match r {
                4 => block::<L, 4, V>(g, i, j),
                3 => block::<L, 3, V>(g, i, j),
                2 => block::<L, 2, V>(g, i, j),
                _ => block::<L, 1, V>(g, i, j),
            }
            i += r;
        }
    }
}

/// `C rows i..i+R, columns j..j+V*W += A^T[i..i+R, :] . B[:, j..j+V*W]`.
#[inline(always)]
unsafe fn block<L: Lanes, const R: usize, const V: usize>(g: Job, i: usize, j: usize) {
    let mut acc = [[L::zero(); V]; R];
    // SAFETY: the caller keeps rows, columns and kk inside the operands.
    unsafe {
        let b = g.b.add(j);
        for kk in 0..g.k {
            let brow = b.add(kk * g.ldb);
            let mut bv = [L::zero(); V];
            for (v, slot) in bv.iter_mut().enumerate() {
                *slot = L::load(brow.add(v * L::W));
            }
            let arow = g.a.add(kk * g.m + i);
            for (r, row) in acc.iter_mut().enumerate() {
                let av = L::splat(*arow.add(r));
                for v in 0..V {
                    row[v] = row[v].mul_add(av, bv[v]);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            let dst = g.c.add(*g.coff.add(i + r) + j);
            for (v, &x) in row.iter().enumerate() {
                x.add_to(dst.add(v * L::W));
            }
        }
    }
}
