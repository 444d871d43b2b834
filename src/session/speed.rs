//! Training speed and elapsed time, measured over a sliding window.
//!
//! The clock is passed in (milliseconds), so the same code runs natively in
//! tests with a fake clock and in the browser with `performance.now()`.

use std::collections::VecDeque;

/// How far back the images-per-second window reaches.
const WINDOW_MS: f64 = 2000.0;

/// Images per second over the last couple of seconds of training, and the
/// total time spent training (pauses excluded).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Speed {
    samples: VecDeque<(f64, u64)>,
    elapsed_ms: f64,
    last_ms: Option<f64>,
}

impl Speed {
    /// Records that `images_seen` images had been trained on at `now_ms`.
    /// `running` says whether training ran since the previous sample.
    pub fn sample(&mut self, now_ms: f64, images_seen: u64, running: bool) {
        if let (Some(last), true) = (self.last_ms, running) {
            self.elapsed_ms += (now_ms - last).max(0.0);
        }
        self.last_ms = Some(now_ms);
        if !running {
            // A pause breaks the window: speed is about training time only.
            self.samples.clear();
        }
        self.samples.push_back((now_ms, images_seen));
        while let Some(&(t, _)) = self.samples.front() {
            if now_ms - t > WINDOW_MS && self.samples.len() > 2 {
                self.samples.pop_front();
            } else {
                break;
            }
        }
    }

    /// Images per second over the window (0 until two samples exist).
    pub fn images_per_second(&self) -> f64 {
        match (self.samples.front(), self.samples.back()) {
            (Some(&(t0, n0)), Some(&(t1, n1))) if t1 > t0 => {
                (n1.saturating_sub(n0)) as f64 * 1000.0 / (t1 - t0)
            }
            _ => 0.0,
        }
    }

    /// Milliseconds spent training.
    pub fn elapsed_ms(&self) -> f64 {
        self.elapsed_ms
    }

    /// Forgets everything (a reset).
    pub fn reset(&mut self) {
        *self = Speed::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_rate_and_excludes_pauses() {
        let mut s = Speed::default();
        s.sample(0.0, 0, false);
        s.sample(500.0, 1000, true);
        s.sample(1000.0, 2000, true);
        assert!((s.images_per_second() - 2000.0).abs() < 1e-6);
        assert!((s.elapsed_ms() - 1000.0).abs() < 1e-9);
        // Paused for 5 s: elapsed does not grow.
        s.sample(6000.0, 2000, false);
        assert!((s.elapsed_ms() - 1000.0).abs() < 1e-9);
        assert_eq!(s.images_per_second(), 0.0);
    }
}
