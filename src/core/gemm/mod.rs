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

/// `C[i*ldc + j] = bias[i] + sum_kk A[i, kk] * b[boff[kk] + j]` for `i < m`, `j < n`:
/// a product whose B rows (`k = boff.len()` of them, `n` values each) are read
/// in place wherever `boff` says, such as the shifted input rows of a stride-1
/// convolution. C's rows are `ldc` apart, so the output can be one row of
/// every channel of an NCHW map.
///
/// # Shapes
/// - `a`: `[m, k]` row-major; `bias`: `[m]`;
/// - `b`: any buffer with `boff[kk] + n <= b.len()` for every `kk`;
/// - `c`: rows `i*ldc .. i*ldc + n` for `i < m` (`ldc >= n`).
///
/// # Panics
/// When an operand is shorter than its shape.
#[allow(clippy::too_many_arguments)]
pub fn gemm_gathered(
    m: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    boff: &[usize],
    bias: &[f32],
    c: &mut [f32],
    ldc: usize,
) {
    let k = boff.len();
    if m == 0 || n == 0 {
        return;
    }
    let reach = boff.iter().max().map_or(0, |&o| o + n);
    assert!(
        a.len() >= m * k
            && bias.len() >= m
            && reach <= b.len()
            && ldc >= n
            && c.len() >= (m - 1) * ldc + n,
        "gemm_gathered: operands shorter than {m}x{k} . {k}x{n} -> {m}x{n} (ldc {ldc})"
    );
    #[cfg(target_arch = "wasm32")]
    {
        // SAFETY: checked just above.
        unsafe { simd::gathered::<lanes::Wasm4, 4, 2>(m, n, a, b, boff, bias, c, ldc) };
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (just checked); operands checked above.
            unsafe { gathered_avx2(m, n, a, b, boff, bias, c, ldc) };
            return;
        }
        gathered_portable(m, n, a, b, boff, bias, c, ldc);
    }
}

/// How [`gemm_scattered`] walks its operands: `rows` windows, each a
/// product of `len` columns. Window `r` reads B's row `kk` at
/// `r*b_row + kk*ldb` and adds C's row `i` at `r*c_row + coff[i]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scatter {
    pub rows: usize,
    pub len: usize,
    pub ldb: usize,
    pub b_row: usize,
    pub c_row: usize,
}

/// `c[r*c_row + coff[i] + j] += sum_kk a[kk*m + i] * b[r*b_row + kk*ldb + j]`
/// for every window `r < rows`, `i < m = coff.len()`, `j < len`: `C += A^T . B`
/// with C's rows added in place wherever `coff` says, such as the shifted
/// input rows of a stride-1 convolution (its input gradient `dX += W^T . dY`,
/// with no `dcol` matrix and no col2im). Rows may overlap in `c`.
///
/// # Shapes
/// - `a`: `[k, m]` row-major (`A^T`; a conv's weights `[f, ckk]`);
/// - `b`, `c`: any buffers holding every window [`Scatter`] names.
///
/// # Panics
/// When a window falls outside its buffer.
pub fn gemm_scattered(k: usize, a: &[f32], b: &[f32], coff: &[usize], s: Scatter, c: &mut [f32]) {
    let m = coff.len();
    if m == 0 || k == 0 || s.rows == 0 || s.len == 0 {
        return;
    }
    let far = coff.iter().max().copied().unwrap_or(0);
    assert!(
        a.len() >= k * m
            && (s.rows - 1) * s.b_row + (k - 1) * s.ldb + s.len <= b.len()
            && (s.rows - 1) * s.c_row + far + s.len <= c.len(),
        "gemm_scattered: windows {s:?} outside the operands ({m} x {k})"
    );
    #[cfg(target_arch = "wasm32")]
    {
        // SAFETY: checked just above.
        unsafe { simd::scattered::<lanes::Wasm4, 4, 2>(k, a, b, coff, s, c) };
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (just checked); operands checked above.
            unsafe { scattered_avx2(k, a, b, coff, s, c) };
            return;
        }
        // SAFETY: checked above.
        unsafe { simd::scattered::<Plain4, 4, 2>(k, a, b, coff, s, c) };
    }
}

/// # Safety
/// The CPU must support AVX2 and FMA, and every window must be inside its operand.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn scattered_avx2(
    k: usize,
    a: &[f32],
    b: &[f32],
    coff: &[usize],
    s: Scatter,
    c: &mut [f32],
) {
    // SAFETY: forwarded from this function's contract.
    unsafe { simd::scattered::<lanes::Avx8, 4, 2>(k, a, b, coff, s, c) }
}

/// How [`gemm_windows_nt`] walks its operands: `images` x `rows` windows of
/// `len` values each. Window `(img, r)` of A's row `i` starts at
/// `img*a_image + i*a_row_of + r*a_row`; of B's row `j` at
/// `img*b_image + r*b_row + boff[j]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    pub images: usize,
    pub rows: usize,
    pub len: usize,
    pub a_image: usize,
    pub a_row_of: usize,
    pub a_row: usize,
    pub b_image: usize,
    pub b_row: usize,
}

impl Windows {
    /// One past the last value a row at `start` reads, for `first` rows of A
    /// (`a_row_of` apart) or, with `first = 1`, one row of B.
    fn reach(&self, image: usize, row: usize, start: usize, first: usize, row_of: usize) -> usize {
        (self.images - 1) * image + (first - 1) * row_of + (self.rows - 1) * row + start + self.len
    }
}

/// `C[i*n + j] += sum over every window of dot(A's window of row i, B's window of row j)`,
/// `i < m`, `j < n = boff.len()`: the weight gradient of a direct
/// convolution (`dW += dY . col^T`, with neither operand unrolled).
///
/// # Shapes
/// - `a`, `b`: any buffers holding every window [`Windows`] names;
/// - `c`: `[m, n]` row-major.
///
/// # Panics
/// When a window falls outside its buffer.
pub fn gemm_windows_nt(m: usize, a: &[f32], b: &[f32], boff: &[usize], w: Windows, c: &mut [f32]) {
    let n = boff.len();
    if m == 0 || n == 0 || w.images == 0 || w.rows == 0 || w.len == 0 {
        return;
    }
    let far = boff.iter().max().copied().unwrap_or(0);
    assert!(
        w.reach(w.a_image, w.a_row, 0, m, w.a_row_of) <= a.len()
            && w.reach(w.b_image, w.b_row, far, 1, 0) <= b.len()
            && c.len() >= m * n,
        "gemm_windows_nt: windows {w:?} outside the operands ({m} x {n})"
    );
    #[cfg(target_arch = "wasm32")]
    {
        // SAFETY: checked just above.
        unsafe { simd::windows_nt::<lanes::Wasm4, 2>(m, a, b, boff, w, c) };
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (just checked); operands checked above.
            unsafe { windows_avx2(m, a, b, boff, w, c) };
            return;
        }
        // SAFETY: checked above.
        unsafe { simd::windows_nt::<Plain4, 2>(m, a, b, boff, w, c) };
    }
}

/// # Safety
/// The CPU must support AVX2 and FMA, and every window must be inside its operand.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn windows_avx2(m: usize, a: &[f32], b: &[f32], boff: &[usize], w: Windows, c: &mut [f32]) {
    // SAFETY: forwarded from this function's contract.
    unsafe { simd::windows_nt::<lanes::Avx8, 2>(m, a, b, boff, w, c) }
}

/// [`gemm_gathered`] on plain 4-lane arrays; public to the crate for tests.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) fn gathered_portable(
    m: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    boff: &[usize],
    bias: &[f32],
    c: &mut [f32],
    ldc: usize,
) {
    let k = boff.len();
    let reach = boff.iter().max().map_or(0, |&o| o + n);
    assert!(
        m == 0
            || n == 0
            || (a.len() >= m * k
                && bias.len() >= m
                && reach <= b.len()
                && ldc >= n
                && c.len() >= (m - 1) * ldc + n)
    );
    // SAFETY: checked just above.
    unsafe { simd::gathered::<Plain4, 4, 2>(m, n, a, b, boff, bias, c, ldc) }
}

/// # Safety
/// The CPU must support AVX2 and FMA, and the operands must hold their shapes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn gathered_avx2(
    m: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    boff: &[usize],
    bias: &[f32],
    c: &mut [f32],
    ldc: usize,
) {
    // SAFETY: forwarded from this function's contract.
    unsafe { simd::gathered::<lanes::Avx8, 4, 2>(m, n, a, b, boff, bias, c, ldc) }
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
