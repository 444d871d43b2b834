//! What the race panel shows, as plain data and text (tested natively):
//! the results table, the state line, and text alternatives for the charts.

use super::{Phase, Race, NAMES};
use crate::core::numfmt;

/// One line of the results table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: &'static str,
    pub params: u64,
    pub train: Option<f32>,
    pub test: Option<f32>,
}

impl Row {
    /// Training minus held-out accuracy: the overfitting gap.
    pub fn gap(&self) -> Option<f32> {
        Some(self.train? - self.test?)
    }
}

/// `0.8912` -> `"89.1%"` (see [`numfmt::percent`]); `None` -> `"–"`.
pub fn percent(a: Option<f32>) -> String {
    a.map(numfmt::percent).unwrap_or_else(|| "–".into())
}

/// The table rows, one per network, with the latest measurements.
pub fn rows(race: &Race) -> Vec<Row> {
    race.nets()
        .iter()
        .enumerate()
        .map(|(i, r)| Row {
            name: NAMES[i],
            params: r.params,
            train: r.curve.last().map(|p| p.train_acc),
            test: r.curve.last().map(|p| p.test_acc),
        })
        .collect()
}

/// `data-state` value: `running`, `paused` or `done`.
pub fn state(race: &Race) -> &'static str {
    if race.is_done() {
        "done"
    } else if race.is_running() {
        "running"
    } else {
        "paused"
    }
}

/// One line saying where the race is.
pub fn status(race: &Race) -> String {
    let epochs = race.config().epochs;
    let what = match race.phase() {
        Phase::Evaluating { epoch: 0 } => "measuring the untrained networks".to_string(),
        Phase::Evaluating { epoch } => format!("measuring after epoch {epoch} of {epochs}"),
        Phase::Training { epoch } => format!("training epoch {epoch} of {epochs}"),
        Phase::ShiftTest => "running the shift test".to_string(),
        Phase::Done => match race.error() {
            Some(e) => format!("stopped: {e}"),
            None => format!(
                "finished: {epochs} epoch{} and the shift test",
                if epochs == 1 { "" } else { "s" }
            ),
        },
    };
    let paused = if !race.is_done() && !race.is_running() {
        " (paused)"
    } else {
        ""
    };
    format!(
        "{}{paused} — {:.0}% done",
        capitalise(&what),
        100.0 * race.progress()
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Text alternative for the accuracy chart.
pub fn describe_curves(race: &Race) -> String {
    let parts: Vec<String> = rows(race)
        .iter()
        .map(|r| {
            format!(
                "{}: training {}, held-out {}",
                r.name,
                percent(r.train),
                percent(r.test)
            )
        })
        .collect();
    let epochs = race
        .nets()
        .first()
        .map_or(0, |r| r.curve.len().saturating_sub(1));
    format!(
        "Accuracy against epochs, {epochs} epochs so far. Latest: {}.",
        parts.join("; ")
    )
}

/// Text alternative for the shift chart.
pub fn describe_shift(race: &Race) -> String {
    if race.nets().iter().any(|r| r.shift.is_empty()) {
        return "The shift test runs when training has finished.".into();
    }
    let parts: Vec<String> = race
        .nets()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let pts: Vec<String> = r
                .shift
                .iter()
                .enumerate()
                .map(|(s, a)| format!("{s} px {}", percent(Some(*a))))
                .collect();
            format!("{}: {}", NAMES[i], pts.join(", "))
        })
        .collect();
    format!("Held-out accuracy against shift. {}.", parts.join(". "))
}

/// Two sentences on the shift test once it has run: both networks' accuracy
/// at a 2-pixel shift (or the largest tested), and why neither is immune.
pub fn shift_summary(race: &Race) -> Option<String> {
    let nets = race.nets();
    let s = race.config().max_shift.min(2);
    let at = |i: usize| nets.get(i)?.shift.get(s).copied();
    let (mlp, cnn) = (at(super::MLP)?, at(super::CNN)?);
    let (m0, c0) = (
        nets[super::MLP].shift.first().copied()?,
        nets[super::CNN].shift.first().copied()?,
    );
    let better = if cnn > mlp { "CNN" } else { "MLP" };
    Some(format!(
        "Moved {s} pixels, the digits are read correctly {} of the time by the CNN (unmoved: {})          and {} by the MLP (unmoved: {}): the {better} holds up better. Neither is immune:          this CNN ends by flattening its last 4×4 maps into a dense layer, so where a stroke          lands still matters to it; a global pool, as in the cat section, would remove that.",
        percent(Some(cnn)),
        percent(Some(c0)),
        percent(Some(mlp)),
        percent(Some(m0)),
    ))
}

/// The shift curve of every network as comma-separated accuracies (a test hook).
pub fn shift_attr(race: &Race, net: usize) -> String {
    race.nets()
        .get(net)
        .map(|r| {
            r.shift
                .iter()
                .map(|a| format!("{a:.4}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_gap() {
        assert_eq!(percent(Some(0.8912)), "89.1%");
        assert_eq!(percent(None), "–");
        let r = Row {
            name: "MLP",
            params: 1,
            train: Some(1.0),
            test: Some(0.89),
        };
        assert!((r.gap().unwrap() - 0.11).abs() < 1e-6);
        assert_eq!(Row { test: None, ..r }.gap(), None);
        assert_eq!(capitalise("training"), "Training");
    }
}
