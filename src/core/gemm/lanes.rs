//! f32 vector types for the GEMM kernel, one per instruction set.
//!
//! The kernel in [`super::simd`] is written once, generic over
//! [`Lanes`]; each platform supplies the vector type:
//! - wasm32: `v128` as 4 lanes (simd128 is enabled in `.cargo/config.toml`), with
//!   `f32x4_relaxed_madd` (FMA) in the build compiled with `+relaxed-simd`;
//! - x86_64 with AVX2 and FMA (checked at run time): `__m256`, 8 lanes, fused multiply-add;
//! - anything else: `[f32; 4]`, which LLVM turns into the target's vectors where it can.
//!
//! Every method is `#[inline(always)]`: the kernel only becomes fast once
//! these are inlined into it, and, for AVX, into a function compiled with the
//! AVX2/FMA target features (see `super`).

/// A short vector of `W` f32 lanes.
pub trait Lanes: Copy {
    /// Number of lanes.
    const W: usize;
    fn zero() -> Self;
    fn splat(x: f32) -> Self;
    /// Reads `W` values starting at `p`.
    ///
    /// # Safety
    /// `p .. p + W` must be readable f32s (no alignment needed).
    unsafe fn load(p: *const f32) -> Self;
    /// `p[t] += self[t]` for every lane.
    ///
    /// # Safety
    /// `p .. p + W` must be writable f32s (no alignment needed).
    unsafe fn add_to(self, p: *mut f32);
    /// `p[t] = self[t]` for every lane.
    ///
    /// # Safety
    /// `p .. p + W` must be writable f32s (no alignment needed).
    unsafe fn store(self, p: *mut f32);
    /// `self + a * b` (fused where the hardware has it).
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Sum of the lanes.
    fn sum(self) -> f32;
}

/// Four lanes in wasm's simd128 register.
#[cfg(target_arch = "wasm32")]
#[derive(Clone, Copy)]
pub struct Wasm4(core::arch::wasm32::v128);

#[cfg(target_arch = "wasm32")]
impl Lanes for Wasm4 {
    const W: usize = 4;
    #[inline(always)]
    fn zero() -> Self {
        Wasm4(core::arch::wasm32::f32x4_splat(0.0))
    }
    #[inline(always)]
    fn splat(x: f32) -> Self {
        Wasm4(core::arch::wasm32::f32x4_splat(x))
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        use core::arch::wasm32::*;
        // SAFETY: the caller guarantees 4 readable values; v128_load allows unaligned reads.
        Wasm4(unsafe { v128_load(p as *const v128) })
    }
    #[inline(always)]
    unsafe fn add_to(self, p: *mut f32) {
        use core::arch::wasm32::*;
        // SAFETY: the caller guarantees 4 writable values; unaligned access is allowed.
        unsafe {
            let old = v128_load(p as *const v128);
            v128_store(p as *mut v128, f32x4_add(old, self.0));
        }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        // SAFETY: the caller guarantees 4 writable values; unaligned access is allowed.
        unsafe { core::arch::wasm32::v128_store(p as *mut core::arch::wasm32::v128, self.0) }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        use core::arch::wasm32::*;
        // Built with `+relaxed-simd`, the multiply and the add may fuse into one
        // FMA (they do on CPUs that have it): results within float rounding.
        #[cfg(target_feature = "relaxed-simd")]
        return Wasm4(f32x4_relaxed_madd(a.0, b.0, self.0));
        // Plain simd128 has no fused multiply-add.
        #[cfg(not(target_feature = "relaxed-simd"))]
        Wasm4(f32x4_add(self.0, f32x4_mul(a.0, b.0)))
    }
    #[inline(always)]
    fn sum(self) -> f32 {
        use core::arch::wasm32::*;
        let v = self.0;
        (f32x4_extract_lane::<0>(v) + f32x4_extract_lane::<1>(v))
            + (f32x4_extract_lane::<2>(v) + f32x4_extract_lane::<3>(v))
    }
}

/// Four lanes as a plain array: the portable fallback.
#[derive(Clone, Copy)]
pub struct Plain4([f32; 4]);

impl Lanes for Plain4 {
    const W: usize = 4;
    #[inline(always)]
    fn zero() -> Self {
        Plain4([0.0; 4])
    }
    #[inline(always)]
    fn splat(x: f32) -> Self {
        Plain4([x; 4])
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        // SAFETY: the caller guarantees 4 readable values; read_unaligned needs no alignment.
        Plain4(unsafe { (p as *const [f32; 4]).read_unaligned() })
    }
    #[inline(always)]
    unsafe fn add_to(self, p: *mut f32) {
        for (t, v) in self.0.iter().enumerate() {
            // SAFETY: the caller guarantees 4 writable values.
            unsafe { *p.add(t) += v };
        }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        // SAFETY: the caller guarantees 4 writable values; write_unaligned needs no alignment.
        unsafe { (p as *mut [f32; 4]).write_unaligned(self.0) }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        let mut out = self.0;
        for ((o, x), y) in out.iter_mut().zip(a.0).zip(b.0) {
            *o += x * y;
        }
        Plain4(out)
    }
    #[inline(always)]
    fn sum(self) -> f32 {
        let v = self.0;
        (v[0] + v[1]) + (v[2] + v[3])
    }
}

/// Eight lanes in an AVX register, with FMA. Only valid inside functions
/// compiled with `#[target_feature(enable = "avx2,fma")]` on a CPU that has them.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
pub struct Avx8(core::arch::x86_64::__m256);

// SAFETY (all methods): Avx8 is only used by `super`'s AVX entry point, which
// runs after `is_x86_feature_detected!` confirmed AVX2 and FMA on this CPU.
#[cfg(target_arch = "x86_64")]
impl Lanes for Avx8 {
    const W: usize = 8;
    #[inline(always)]
    fn zero() -> Self {
        Avx8(unsafe { core::arch::x86_64::_mm256_setzero_ps() })
    }
    #[inline(always)]
    fn splat(x: f32) -> Self {
        Avx8(unsafe { core::arch::x86_64::_mm256_set1_ps(x) })
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        Avx8(unsafe { core::arch::x86_64::_mm256_loadu_ps(p) })
    }
    #[inline(always)]
    unsafe fn add_to(self, p: *mut f32) {
        use core::arch::x86_64::*;
        unsafe { _mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), self.0)) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        unsafe { core::arch::x86_64::_mm256_storeu_ps(p, self.0) }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        Avx8(unsafe { core::arch::x86_64::_mm256_fmadd_ps(a.0, b.0, self.0) })
    }
    #[inline(always)]
    fn sum(self) -> f32 {
        use core::arch::x86_64::*;
        unsafe {
            let v = _mm_add_ps(
                _mm256_castps256_ps128(self.0),
                _mm256_extractf128_ps(self.0, 1),
            );
            let v = _mm_add_ps(v, _mm_movehl_ps(v, v));
            _mm_cvtss_f32(_mm_add_ss(v, _mm_shuffle_ps(v, v, 1)))
        }
    }
}
