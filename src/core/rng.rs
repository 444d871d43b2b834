//! The seeded random number generator passed through the core (never global).
//!
//! A thin wrapper over PCG32. Everything derived from it (uniform floats,
//! bounded integers, shuffles) is integer arithmetic plus exact IEEE
//! operations, so one seed yields bit-identical numbers natively and in wasm.

use rand_pcg::rand_core::{Rng as _, SeedableRng};
use rand_pcg::Pcg32;

/// A seeded PCG32 stream.
#[derive(Clone, Debug)]
pub struct Rng {
    inner: Pcg32,
}

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng {
            inner: Pcg32::seed_from_u64(seed),
        }
    }

    /// Next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.inner.next_u32()
    }

    /// Next 64 random bits (two draws).
    pub fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        (hi << 32) | self.next_u32() as u64
    }

    /// Uniform in `[0, 1)` with 24 bits of precision (exact in f32).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.next_f32()
    }

    /// Uniform integer in `0..n` without modulo bias (Lemire's method); 0 if `n == 0`.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let n = n.min(u32::MAX as usize) as u32;
        // Reject the few low products that would over-represent small values.
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = self.next_u32() as u64 * n as u64;
            if (m as u32) >= threshold {
                return (m >> 32) as usize;
            }
        }
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}
