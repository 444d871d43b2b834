//! Chart series and live-number formatting for the training panel.
//!
//! The panel draws two charts from [`History`]: smoothed loss, and training
//! vs held-out accuracy, both against images seen. Turning the history into
//! plain `(x, y)` series with sensible axis ranges happens here, so it is
//! tested natively; the web side only hands the series to plotters.

use crate::session::history::History;

pub use crate::core::numfmt::percent;

/// Everything the two charts need.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// `(images seen, smoothed loss)`.
    pub loss: Vec<(f64, f64)>,
    /// `(images seen, smoothed training accuracy 0..1)`.
    pub train_acc: Vec<(f64, f64)>,
    /// `(images seen, held-out accuracy 0..1)`.
    pub test_acc: Vec<(f64, f64)>,
    /// Right end of the x axis (a round number, at least 1,000).
    pub x_max: f64,
    /// Top of the loss axis (a round number above the highest point).
    pub loss_max: f64,
}

/// Builds the series. Non-finite values are dropped rather than drawn.
pub fn series(h: &History) -> Series {
    let loss: Vec<(f64, f64)> = h
        .points
        .iter()
        .filter(|p| p.loss.is_finite())
        .map(|p| (p.images_seen as f64, p.loss as f64))
        .collect();
    let train_acc = h
        .points
        .iter()
        .filter(|p| p.train_acc.is_finite())
        .map(|p| (p.images_seen as f64, p.train_acc as f64))
        .collect();
    let test_acc: Vec<(f64, f64)> = h
        .test
        .iter()
        .filter(|t| t.accuracy.is_finite())
        .map(|t| (t.images_seen as f64, t.accuracy as f64))
        .collect();
    let last_x = loss
        .iter()
        .chain(&test_acc)
        .map(|p| p.0)
        .fold(0.0, f64::max);
    let top = loss.iter().map(|p| p.1).fold(0.0, f64::max);
    Series {
        loss,
        train_acc,
        test_acc,
        x_max: nice_ceiling(last_x.max(1000.0)),
        loss_max: nice_ceiling(top.max(0.5)),
    }
}

/// The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is `>= v`
/// (for `v > 0`; anything else gives 1).
pub fn nice_ceiling(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

/// Axis label for an image count: `0`, `500`, `12k`, `1.5M`.
pub fn short_count(v: f64) -> String {
    let v = v.max(0.0);
    if v < 1000.0 {
        format!("{}", v.round())
    } else if v < 1e6 {
        trim(format!("{:.1}", v / 1e3)) + "k"
    } else {
        trim(format!("{:.1}", v / 1e6)) + "M"
    }
}

fn trim(s: String) -> String {
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Elapsed time: `4.2 s` under a minute, then `3:07`.
pub fn duration(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).max(0.0);
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        let whole = s.floor() as u64;
        format!("{}:{:02}", whole / 60, whole % 60)
    }
}

/// One sentence describing the charts, for screen readers.
pub fn describe(s: &Series) -> (String, String) {
    let loss = match (s.loss.first(), s.loss.last()) {
        (Some(a), Some(b)) => format!(
            "Smoothed training loss went from {:.2} to {:.2} over {} images.",
            a.1,
            b.1,
            short_count(b.0)
        ),
        _ => "No training yet: the loss chart is empty.".to_string(),
    };
    let acc = match (s.train_acc.last(), s.test_acc.last()) {
        (Some(t), Some(h)) => format!(
            "Training accuracy is {}, held-out accuracy {} at {} images.",
            percent(t.1),
            percent(h.1),
            short_count(h.0)
        ),
        (None, Some(h)) => format!("Held-out accuracy is {}.", percent(h.1)),
        _ => "No accuracy measured yet.".to_string(),
    };
    (loss, acc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::BatchStats;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(1000.0), 1000.0);
        assert_eq!(nice_ceiling(1001.0), 2000.0);
        assert_eq!(nice_ceiling(2300.0), 2500.0);
        assert_eq!(nice_ceiling(0.3), 0.5);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
    }

    #[test]
    fn series_from_history_drop_nan_and_round_axes() {
        let mut h = History::new(1);
        for (i, loss) in [2.3f32, 1.0, f32::NAN, 0.5].iter().enumerate() {
            let stats = BatchStats {
                loss: *loss,
                correct: 5,
                batch: 10,
            };
            h.push_batch(&stats, (i as u64 + 1) * 600);
        }
        h.push_test(0, 0.1);
        h.push_test(2400, 0.9);
        let s = series(&h);
        // The NaN batch poisons the moving average, so later points are dropped too.
        assert!(s.loss.iter().all(|p| p.1.is_finite()));
        assert_eq!(s.loss[0], (600.0, 2.299999952316284));
        assert_eq!(s.test_acc.len(), 2);
        assert_eq!(s.x_max, 2500.0);
        assert_eq!(s.loss_max, 2.5);
    }

    #[test]
    fn empty_history_still_has_axes() {
        let s = series(&History::default());
        assert!(s.loss.is_empty());
        assert_eq!(s.x_max, 1000.0);
        assert_eq!(s.loss_max, 0.5);
        assert!(describe(&s).0.contains("No training"));
    }

    #[test]
    fn formats() {
        assert_eq!(short_count(0.0), "0");
        assert_eq!(short_count(12_000.0), "12k");
        assert_eq!(short_count(1_500.0), "1.5k");
        assert_eq!(short_count(2_500_000.0), "2.5M");
        assert_eq!(duration(4_230.0), "4.2 s");
        assert_eq!(duration(187_000.0), "3:07");
        assert_eq!(percent(0.9734), "97.3%");
    }
}
