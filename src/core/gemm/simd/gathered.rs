//! The product behind a direct convolution: `C = bias + A . B` where the rows
//! of B are not stored as a matrix but read from anywhere in one buffer, each
//! at its own offset (`boff`). For a stride-1 conv, B's row `(ci, ki, kj)` for
//! one output row `oy` is the input run `x[ci, oy + ki, kj ..]`, so the
//! product reads the (padded) input in place and no im2col matrix is written.
//!
//! Blocks as in the `NN` kernel: `R` rows x `V` vectors of C, one A value
//! broadcast per row against `V` B vectors for each step along `k`; the
//! accumulators start at the row's bias and are stored once.

use crate::core::gemm::lanes::Lanes;

/// The operands of one gathered product (bounds checked by the caller of [`gathered`]).
#[derive(Clone, Copy)]
struct Gather {
    k: usize,
    /// `[m, k]` row-major.
    a: *const f32,
    b: *const f32,
    /// `[k]`: where row `kk` of B starts in `b`.
    boff: *const usize,
    /// `[m]`
    bias: *const f32,
    /// `[m, ldc]`-strided rows of `n` values.
    c: *mut f32,
    ldc: usize,
}

/// `C[i*ldc + j] = bias[i] + sum_kk A[i*k + kk] * b[boff[kk] + j]`, `i < m`, `j < n`.
///
/// # Safety
/// `a` holds `m*k` values, `bias` `m`, every `boff[kk] + n <= b.len()`,
/// `c` holds `(m-1)*ldc + n` values, and `k = boff.len()`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gathered<L: Lanes, const MR: usize, const NV: usize>(
    m: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    boff: &[usize],
    bias: &[f32],
    c: &mut [f32],
    ldc: usize,
) {
    let g = Gather {
        k: boff.len(),
        a: a.as_ptr(),
        b: b.as_ptr(),
        boff: boff.as_ptr(),
        bias: bias.as_ptr(),
        c: c.as_mut_ptr(),
        ldc,
    };
    let w = L::W;
    let mut j = 0;
    // SAFETY (whole block): every index is i < m, j < n, kk < k, within the operands.
    unsafe {
        while j + NV * w <= n {
            rows::<L, MR, NV>(m, g, j);
            j += NV * w;
        }
        while j + w <= n {
            rows::<L, MR, 1>(m, g, j);
            j += w;
        }
        if j < n && n >= w {
            // The last few columns: one more vector ending at `n`. It recomputes
            // some columns already stored, lane for lane in the same order, so
            // it writes the very same values there.
            rows::<L, MR, 1>(m, g, n - w);
            j = n;
        }
        for i in 0..m {
            for jj in j..n {
                let mut s = *g.bias.add(i);
                for kk in 0..g.k {
                    s += *g.a.add(i * g.k + kk) * *g.b.add(*g.boff.add(kk) + jj);
                }
                *g.c.add(i * g.ldc + jj) = s;
            }
        }
    }
}

/// Every row of C for the `V`-vector column panel at `j`: `MR`-row blocks, then smaller.
#[inline(always)]
unsafe fn rows<L: Lanes, const MR: usize, const V: usize>(m: usize, g: Gather, j: usize) {
    let mut i = 0;
    // SAFETY: forwarded; each block covers rows i..i+R <= m.
    unsafe {
        while i + MR <= m {
            block::<L, MR, V>(g, i, j);
            i += MR;
        }
        while i < m {
            let r = (m - i).min(4);
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

/// `C[i..i+R, j..j+V*W] = bias + A[i..i+R, :] . B[:, j..j+V*W]`.
#[inline(always)]
unsafe fn block<L: Lanes, const R: usize, const V: usize>(g: Gather, i: usize, j: usize) {
    let mut acc = [[L::zero(); V]; R];
    // SAFETY: the caller keeps rows, columns and kk inside the operands.
    unsafe {
        for (r, row) in acc.iter_mut().enumerate() {
            *row = [L::splat(*g.bias.add(i + r)); V];
        }
        let b = g.b.add(j);
        for kk in 0..g.k {
            let brow = b.add(*g.boff.add(kk));
            let mut bv = [L::zero(); V];
            for (v, slot) in bv.iter_mut().enumerate() {
                *slot = L::load(brow.add(v * L::W));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let av = L::splat(*g.a.add((i + r) * g.k + kk));
                for v in 0..V {
                    row[v] = row[v].mul_add(av, bv[v]);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            for (v, &x) in row.iter().enumerate() {
                x.store(g.c.add((i + r) * g.ldc + j + v * L::W));
            }
        }
    }
}
