//! Training history: the points behind the live charts.
//!
//! Training produces one [`BatchStats`] per step, thousands per minute; the
//! charts need a few hundred points. `History` smooths the loss with an
//! exponential moving average, records a point every `every` images, and
//! keeps held-out accuracy as it is evaluated.

use crate::core::BatchStats;

/// One chart point, keyed by the number of training images seen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub images_seen: u64,
    /// Smoothed training loss.
    pub loss: f32,
    /// Smoothed training accuracy (0..1).
    pub train_acc: f32,
}

/// A held-out accuracy measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TestPoint {
    pub images_seen: u64,
    pub accuracy: f32,
}

/// Smoothed curves of one training run.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    pub points: Vec<Point>,
    pub test: Vec<TestPoint>,
    ema_loss: Option<f32>,
    ema_acc: f32,
    next_record: u64,
    every: u64,
}

/// Weight of the newest batch in the moving average.
const SMOOTHING: f32 = 0.05;
/// Points kept before the record interval doubles (keeps charts cheap).
const MAX_POINTS: usize = 400;

impl Default for History {
    fn default() -> Self {
        History::new(256)
    }
}

impl History {
    /// Records a point every `every` training images (doubled as needed).
    pub fn new(every: u64) -> Self {
        History {
            points: Vec::new(),
            test: Vec::new(),
            ema_loss: None,
            ema_acc: 0.0,
            next_record: 0,
            every: every.max(1),
        }
    }

    /// Feeds one batch; `images_seen` is the total after the batch.
    pub fn push_batch(&mut self, stats: &BatchStats, images_seen: u64) {
        let acc = stats.correct as f32 / stats.batch.max(1) as f32;
        match self.ema_loss {
            None => {
                self.ema_loss = Some(stats.loss);
                self.ema_acc = acc;
            }
            Some(l) => {
                self.ema_loss = Some(l + SMOOTHING * (stats.loss - l));
                self.ema_acc += SMOOTHING * (acc - self.ema_acc);
            }
        }
        if images_seen >= self.next_record {
            self.points.push(Point {
                images_seen,
                loss: self.ema_loss.unwrap_or(stats.loss),
                train_acc: self.ema_acc,
            });
            self.next_record = images_seen + self.every;
            if self.points.len() > MAX_POINTS {
                self.decimate();
            }
        }
    }

    /// Records a held-out accuracy.
    pub fn push_test(&mut self, images_seen: u64, accuracy: f32) {
        self.test.push(TestPoint {
            images_seen,
            accuracy,
        });
    }

    /// The latest smoothed loss, if any batch was seen.
    pub fn loss(&self) -> Option<f32> {
        self.ema_loss
    }

    /// The latest held-out accuracy.
    pub fn test_accuracy(&self) -> Option<f32> {
        self.test.last().map(|t| t.accuracy)
    }

    /// Halves the stored points and doubles the interval, so a long run
    /// keeps a bounded, evenly spaced curve.
    fn decimate(&mut self) {
        let kept: Vec<Point> = self.points.iter().copied().step_by(2).collect();
        self.points = kept;
        self.every *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(loss: f32, correct: usize) -> BatchStats {
        BatchStats {
            loss,
            correct,
            batch: 10,
        }
    }

    #[test]
    fn smooths_and_records_at_interval() {
        let mut h = History::new(20);
        h.push_batch(&stats(2.0, 1), 10);
        h.push_batch(&stats(1.0, 9), 20);
        h.push_batch(&stats(1.0, 9), 30);
        // First batch records (next_record starts at 0); the next record is due at 30.
        assert_eq!(h.points.len(), 2);
        assert_eq!(h.points[0].loss, 2.0);
        let l = h.loss().unwrap();
        assert!(l < 2.0 && l > 1.0, "smoothed loss {l}");
    }

    #[test]
    fn stays_bounded_on_long_runs() {
        let mut h = History::new(1);
        for i in 1..=10_000u64 {
            h.push_batch(&stats(1.0, 5), i);
        }
        assert!(h.points.len() <= MAX_POINTS);
        assert!(h
            .points
            .windows(2)
            .all(|w| w[0].images_seen < w[1].images_seen));
    }
}
