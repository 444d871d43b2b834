//! The weight gradient of a direct convolution: `C += A . B^T` where both
//! operands are read in place, window by window. A's row `i` is one output
//! channel of the output gradient and B's row `j` one kernel tap `(ci, ki, kj)`
//! of the (padded) input, each walked over the same `images x rows` output
//! rows of `len` values. Dot products as in the `NT` kernel (`R x S` of them
//! per block, vectorized along the row), summed across every row of every
//! image before they are added into C once.

use crate::core::gemm::lanes::Lanes;
use crate::core::gemm::Windows;

#[derive(Clone, Copy)]
struct Job {
    w: Windows,
    n: usize,
    a: *const f32,
    b: *const f32,
    boff: *const usize,
    c: *mut f32,
}

/// `C[i*n + j] += sum_{img, r, x} A[img*a_image + i*a_row_of + r*a_row + x]
/// * b[img*b_image + r*b_row + boff[j] + x]`, `i < m`, `j < n = boff.len()`,
/// `x < len`.
///
/// # Safety
/// Every index above lies inside `a`, `b` and `c` (checked by the caller).
#[inline(always)]
pub(crate) unsafe fn windows_nt<L: Lanes, const S: usize>(
    m: usize,
    a: &[f32],
    b: &[f32],
    boff: &[usize],
    w: Windows,
    c: &mut [f32],
) {
    let job = Job {
        w,
        n: boff.len(),
        a: a.as_ptr(),
        b: b.as_ptr(),
        boff: boff.as_ptr(),
        c: c.as_mut_ptr(),
    };
    let mut i = 0;
    // SAFETY (whole block): blocks stay inside rows < m and columns < n.
    unsafe {
        while i + 4 <= m {
            cols::<L, 4, S>(job, i);
            i += 4;
        }
        while i < m {
            cols::<L, 1, S>(job, i);
            i += 1;
        }
    }
}

#[inline(always)]
unsafe fn cols<L: Lanes, const R: usize, const S: usize>(job: Job, i: usize) {
    let mut j = 0;
    // SAFETY: forwarded; each block covers columns j..j+S <= n.
    unsafe {
        while j + S <= job.n {
            block::<L, R, S>(job, i, j);
            j += S;
        }
        while j < job.n {
            block::<L, R, 1>(job, i, j);
            j += 1;
        }
    }
}

/// `C[i+r, j+s] += dot(A row i+r, B row j+s)` over every window, for an `R x S` block.
#[inline(always)]
unsafe fn block<L: Lanes, const R: usize, const S: usize>(job: Job, i: usize, j: usize) {
    let w = job.w;
    let vl = w.len / L::W * L::W;
    let mut acc = [[L::zero(); S]; R];
    let mut tail = [[0.0f32; S]; R];
    // SAFETY: the caller keeps every window inside the operands.
    unsafe {
        let mut boffs = [0usize; S];
        for (s, o) in boffs.iter_mut().enumerate() {
            *o = *job.boff.add(j + s);
        }
        for img in 0..w.images {
            for row in 0..w.rows {
                let a0 = job.a.add(img * w.a_image + i * w.a_row_of + row * w.a_row);
                let b0 = job.b.add(img * w.b_image + row * w.b_row);
                let mut x = 0;
                while x < vl {
                    let mut bv = [L::zero(); S];
                    for (s, slot) in bv.iter_mut().enumerate() {
                        *slot = L::load(b0.add(boffs[s] + x));
                    }
                    for (r, accr) in acc.iter_mut().enumerate() {
                        let av = L::load(a0.add(r * w.a_row_of + x));
                        for s in 0..S {
                            accr[s] = accr[s].mul_add(av, bv[s]);
                        }
                    }
                    x += L::W;
                }
                for x in vl..w.len {
                    for (r, tr) in tail.iter_mut().enumerate() {
                        let av = *a0.add(r * w.a_row_of + x);
                        for s in 0..S {
                            tr[s] += av * *b0.add(boffs[s] + x);
                        }
                    }
                }
            }
        }
        for r in 0..R {
            for s in 0..S {
                *job.c.add((i + r) * job.n + j + s) += acc[r][s].sum() + tail[r][s];
            }
        }
    }
}
