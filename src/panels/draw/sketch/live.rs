//! Live prediction while drawing: a throttle so the network runs at most
//! once per interval, and what the resulting probability vector says.

/// Default minimum time between two live predictions while drawing.
pub const PREDICT_EVERY_MS: f64 = 50.0;

/// Lets work run at most once per interval; the last call always wins at
/// the end through [`Throttle::force`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Throttle {
    every_ms: f64,
    last: Option<f64>,
}

impl Throttle {
    pub fn new(every_ms: f64) -> Throttle {
        Throttle {
            every_ms,
            last: None,
        }
    }

    /// True (and remembers `now_ms`) when at least the interval has passed
    /// since the last run. A clock that jumps backwards counts as passed.
    pub fn ready(&mut self, now_ms: f64) -> bool {
        let due = match self.last {
            None => true,
            Some(t) => now_ms - t >= self.every_ms || now_ms < t,
        };
        if due {
            self.last = Some(now_ms);
        }
        due
    }

    /// Records a run that happened regardless of the interval (stroke end).
    pub fn force(&mut self, now_ms: f64) {
        self.last = Some(now_ms);
    }
}

/// What a probability vector says: the most likely class and its probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    pub digit: usize,
    /// Probability of `digit`, `0..=1`.
    pub confidence: f32,
    pub probs: Vec<f32>,
}

impl Reading {
    /// `None` for an empty vector or one with NaN in it (a diverged model
    /// must not show a confident guess).
    pub fn from_probs(probs: Vec<f32>) -> Option<Reading> {
        if probs.is_empty() || probs.iter().any(|p| !p.is_finite()) {
            return None;
        }
        let (digit, &confidence) = probs.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        Some(Reading {
            digit,
            confidence: confidence.clamp(0.0, 1.0),
            probs,
        })
    }

    /// The runner-up class and its probability, if there are two classes.
    pub fn second(&self) -> Option<(usize, f32)> {
        self.probs
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, _)| *i != self.digit)
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}
