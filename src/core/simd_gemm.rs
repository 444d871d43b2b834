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
//! Both walk `k` in chunks of [`KC`] so that the slices of A and B one chunk
//! touches stay in cache while every block of C is visited. Row and column
//! edges use smaller blocks of the same code, then a scalar loop.

use super::lanes::Lanes;

/// Chunk of the `k` axis kept in cache at once.
const KC: usize = 256;

/// `C += op(A) op(B)` (same shapes as [`super::gemm::gemm`]; C already scaled by beta).
///
/// `NR_NT` is how many B rows one NT block dots against four A rows; callers
/// pick it so the accumulators fit the register file.
///
/// # Safety
/// `a` holds `m*k`, `b` holds `k*n` and `c` holds `m*n` values (checked by the caller).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn gemm_acc<L: Lanes, const NR_NT: usize>(
    m: usize,
    n: usize,
    k: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
) {
    let (a, b, c) = (a.as_ptr(), b.as_ptr(), c.as_mut_ptr());
    // SAFETY: forwarded from this function's contract.
    unsafe {
        if !tb {
            // A[i, kk] lives at a[i*sa_i + kk*sa_k].
            let (sa_i, sa_k) = if ta { (1, m) } else { (k, 1) };
            nn::<L>(m, n, k, a, sa_i, sa_k, b, c);
        } else if !ta {
            nt::<L, NR_NT>(m, n, k, a, b, c);
        } else {
            // A^T B^T never occurs in the layers; a plain loop keeps it correct.
            for i in 0..m {
                for j in 0..n {
                    let mut s = 0.0f32;
                    for kk in 0..k {
                        s += *a.add(kk * m + i) * *b.add(j * k + kk);
                    }
                    *c.add(i * n + j) += s;
                }
            }
        }
    }
}

/// B row-major `[k, n]`: `C[i, j..] += sum_kk A[i, kk] * B[kk, j..]`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn nn<L: Lanes>(
    m: usize,
    n: usize,
    k: usize,
    a: *const f32,
    sa_i: usize,
    sa_k: usize,
    b: *const f32,
    c: *mut f32,
) {
    let w = L::W;
    let mut k0 = 0;
    while k0 < k {
        let k1 = (k0 + KC).min(k);
        // Column panels outside row blocks: a chunk x 2W slice of B stays in L1.
        let mut j = 0;
        // SAFETY (whole block): every index is i < m, j < n, kk < k, within the operands.
        unsafe {
            while j + 2 * w <= n {
                nn_rows::<L, 2>(m, n, a, sa_i, sa_k, b, c, j, k0, k1);
                j += 2 * w;
            }
            if j + w <= n {
                nn_rows::<L, 1>(m, n, a, sa_i, sa_k, b, c, j, k0, k1);
                j += w;
            }
            for i in 0..m {
                for jj in j..n {
                    let mut s = 0.0f32;
                    for kk in k0..k1 {
                        s += *a.add(i * sa_i + kk * sa_k) * *b.add(kk * n + jj);
                    }
                    *c.add(i * n + jj) += s;
                }
            }
        }
        k0 = k1;
    }
}

/// All rows of C for the `V`-vector column panel starting at `j`, over `k0..k1`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn nn_rows<L: Lanes, const V: usize>(
    m: usize,
    n: usize,
    a: *const f32,
    sa_i: usize,
    sa_k: usize,
    b: *const f32,
    c: *mut f32,
    j: usize,
    k0: usize,
    k1: usize,
) {
    let mut i = 0;
    // SAFETY: forwarded; each block covers rows i..i+R < m.
    unsafe {
        while i + 4 <= m {
            nn_block::<L, 4, V>(n, a, sa_i, sa_k, b, c, i, j, k0, k1);
            i += 4;
        }
        match m - i {
            3 => nn_block::<L, 3, V>(n, a, sa_i, sa_k, b, c, i, j, k0, k1),
            2 => nn_block::<L, 2, V>(n, a, sa_i, sa_k, b, c, i, j, k0, k1),
            1 => nn_block::<L, 1, V>(n, a, sa_i, sa_k, b, c, i, j, k0, k1),
            _ => {}
        }
    }
}

/// `C[i..i+R, j..j+V*W] += A[i..i+R, k0..k1] . B[k0..k1, j..j+V*W]`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn nn_block<L: Lanes, const R: usize, const V: usize>(
    n: usize,
    a: *const f32,
    sa_i: usize,
    sa_k: usize,
    b: *const f32,
    c: *mut f32,
    i: usize,
    j: usize,
    k0: usize,
    k1: usize,
) {
    let mut acc = [[L::zero(); V]; R];
    // SAFETY: the caller keeps rows, columns and kk inside the operands.
    unsafe {
        for kk in k0..k1 {
            let brow = b.add(kk * n + j);
            let mut bv = [L::zero(); V];
            for (v, slot) in bv.iter_mut().enumerate() {
                *slot = L::load(brow.add(v * L::W));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let av = L::splat(*a.add((i + r) * sa_i + kk * sa_k));
                for v in 0..V {
                    row[v] = row[v].mul_add(av, bv[v]);
                }
            }
        }
        for (r, row) in acc.iter().enumerate() {
            for (v, x) in row.iter().enumerate() {
                x.add_to(c.add((i + r) * n + j + v * L::W));
            }
        }
    }
}

/// B given as `[n, k]` (so `op(B) = B^T`): `C[i, j] += dot(A[i, :], B[j, :])`.
#[inline(always)]
unsafe fn nt<L: Lanes, const S: usize>(
    m: usize,
    n: usize,
    k: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
) {
    let mut k0 = 0;
    while k0 < k {
        let k1 = (k0 + KC).min(k);
        let mut i = 0;
        // SAFETY (whole block): blocks stay inside rows < m, columns < n, kk < k.
        unsafe {
            while i + 4 <= m {
                nt_cols::<L, 4, S>(n, k, a, b, c, i, k0, k1);
                i += 4;
            }
            while i < m {
                nt_cols::<L, 1, S>(n, k, a, b, c, i, k0, k1);
                i += 1;
            }
        }
        k0 = k1;
    }
}

/// Rows `i..i+R` of C, every column, over `k0..k1`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn nt_cols<L: Lanes, const R: usize, const S: usize>(
    n: usize,
    k: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    i: usize,
    k0: usize,
    k1: usize,
) {
    let mut j = 0;
    // SAFETY: forwarded; each block covers columns j..j+S < n.
    unsafe {
        while j + S <= n {
            nt_block::<L, R, S>(n, k, a, b, c, i, j, k0, k1);
            j += S;
        }
        while j < n {
            nt_block::<L, R, 1>(n, k, a, b, c, i, j, k0, k1);
            j += 1;
        }
    }
}

/// `C[i+r, j+s] += dot(A[i+r, k0..k1], B[j+s, k0..k1])` for an `R x S` block.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn nt_block<L: Lanes, const R: usize, const S: usize>(
    n: usize,
    k: usize,
    a: *const f32,
    b: *const f32,
    c: *mut f32,
    i: usize,
    j: usize,
    k0: usize,
    k1: usize,
) {
    let w = L::W;
    let kv = k0 + (k1 - k0) / w * w;
    let mut acc = [[L::zero(); S]; R];
    // SAFETY: the caller keeps rows, columns and kk inside the operands.
    unsafe {
        let mut kk = k0;
        while kk < kv {
            let mut bv = [L::zero(); S];
            for (s, slot) in bv.iter_mut().enumerate() {
                *slot = L::load(b.add((j + s) * k + kk));
            }
            for (r, row) in acc.iter_mut().enumerate() {
                let av = L::load(a.add((i + r) * k + kk));
                for s in 0..S {
                    row[s] = row[s].mul_add(av, bv[s]);
                }
            }
            kk += w;
        }
        for (r, row) in acc.iter().enumerate() {
            for (s, x) in row.iter().enumerate() {
                let (ar, br) = (a.add((i + r) * k), b.add((j + s) * k));
                let mut tail = 0.0f32;
                for t in kv..k1 {
                    tail += *ar.add(t) * *br.add(t);
                }
                *c.add((i + r) * n + j + s) += x.sum() + tail;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::gemm::{gemm, gemm_portable};
    use super::super::rng::Rng;

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
                    gemm_portable(m, n, k, &a, ta, &b, tb, &mut c);
                    close(&c, 1.0, 1.0, "portable");
                }
            }
        }
    }
}
