//! Copies, sums and zeroing of short runs of f32 (a few to a few dozen values),
//! the inner steps of im2col and col2im.
//!
//! `copy_from_slice` and `fill` compile to `memory.copy` / `memory.fill` in
//! wasm, and the browser runs each as a call out of the module: for the
//! 8-value rows of a 5x5 conv on an 12x12 map that call costs more than the
//! copy. These loops move 4 lanes at a time through the GEMM's vector type
//! and never become a call (the lane loads and stores are not a pattern LLVM
//! rewrites into `memcpy`/`memset`). Long runs still take the library call.

use crate::core::gemm::lanes::Lanes;

#[cfg(target_arch = "wasm32")]
type V = crate::core::gemm::lanes::Wasm4;
#[cfg(not(target_arch = "wasm32"))]
type V = crate::core::gemm::lanes::Plain4;

/// Runs at least this long go to the library's `copy_from_slice` / `fill`.
const LONG: usize = 64;

/// `d = s` (same lengths).
#[inline(always)]
pub(super) fn copy(d: &mut [f32], s: &[f32]) {
    let n = d.len();
    assert_eq!(n, s.len());
    if n >= LONG {
        d.copy_from_slice(s);
        return;
    }
    let mut i = 0;
    // SAFETY: every access is below `n`, the length of both slices.
    unsafe {
        while i + 4 <= n {
            V::load(s.as_ptr().add(i)).store(d.as_mut_ptr().add(i));
            i += 4;
        }
        while i < n {
            std::ptr::write_volatile(d.as_mut_ptr().add(i), *s.get_unchecked(i));
            i += 1;
        }
    }
}

/// `d += s` (same lengths).
#[inline(always)]
pub(super) fn add(d: &mut [f32], s: &[f32]) {
    let n = d.len();
    assert_eq!(n, s.len());
    let mut i = 0;
    // SAFETY: every access is below `n`, the length of both slices.
    unsafe {
        while i + 4 <= n {
            V::load(s.as_ptr().add(i)).add_to(d.as_mut_ptr().add(i));
            i += 4;
        }
    }
    for (o, &v) in d[i..].iter_mut().zip(&s[i..]) {
        *o += v;
    }
}

/// `d = 0`.
#[inline(always)]
pub(super) fn zero(d: &mut [f32]) {
    let n = d.len();
    if n >= LONG {
        d.fill(0.0);
        return;
    }
    let mut i = 0;
    // SAFETY: every access is below `n`.
    unsafe {
        while i + 4 <= n {
            V::zero().store(d.as_mut_ptr().add(i));
            i += 4;
        }
        while i < n {
            std::ptr::write_volatile(d.as_mut_ptr().add(i), 0.0);
            i += 1;
        }
    }
}

/// `d[r*len .. (r+1)*len] = s[r*stride ..][..len]` for every row `r` of `d`:
/// a window of a map, gathered into consecutive rows.
#[inline(always)]
pub(super) fn gather(d: &mut [f32], s: &[f32], len: usize, stride: usize) {
    let rows = d.len() / len;
    assert!(
        rows * len == d.len()
            && len <= stride
            && (rows == 0 || (rows - 1) * stride + len <= s.len())
    );
    let (mut dp, mut sp) = (d.as_mut_ptr(), s.as_ptr());
    // SAFETY: row r reads s[r*stride .. r*stride + len] and writes d[r*len ..][..len],
    // both inside their slices (asserted above).
    unsafe {
        for _ in 0..rows {
            let mut t = 0;
            while t + 4 <= len {
                V::load(sp.add(t)).store(dp.add(t));
                t += 4;
            }
            while t < len {
                std::ptr::write_volatile(dp.add(t), *sp.add(t));
                t += 1;
            }
            dp = dp.add(len);
            sp = sp.add(stride);
        }
    }
}

/// The adjoint of [`gather`]: `d[r*stride ..][..len] += s[r*len .. (r+1)*len]`.
#[inline(always)]
pub(super) fn scatter_add(d: &mut [f32], s: &[f32], len: usize, stride: usize) {
    let rows = s.len() / len;
    assert!(
        rows * len == s.len()
            && len <= stride
            && (rows == 0 || (rows - 1) * stride + len <= d.len())
    );
    let (mut dp, mut sp) = (d.as_mut_ptr(), s.as_ptr());
    // SAFETY: as in `gather`, with the roles of the slices swapped.
    unsafe {
        for _ in 0..rows {
            let mut t = 0;
            while t + 4 <= len {
                V::load(sp.add(t)).add_to(dp.add(t));
                t += 4;
            }
            while t < len {
                *dp.add(t) += *sp.add(t);
                t += 1;
            }
            dp = dp.add(stride);
            sp = sp.add(len);
        }
    }
}
