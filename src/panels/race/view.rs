//! What the race panel shows, as plain data and text (tested natively):
//! the results table, the state line, and text alternatives for the charts.

use super::{Phase, Race, RaceConfig, NAMES};
use crate::core::numfmt::{self, thousands};
use crate::core::OptimizerKind;

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

/// An optimizer as the page names it: `"Adam"`, `"SGD with momentum"`.
pub fn optimizer_label(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Adam { .. } => "Adam",
        OptimizerKind::Sgd { .. } => "SGD with momentum",
    }
}

/// The status line before a race, read from the settings it will run with.
pub fn plan(c: &RaceConfig) -> String {
    format!(
        "Pick a subset and start the race. Both networks train on the same {} images for {} epoch{}, \
         with the same optimizer ({}, learning rate {}, batches of {}).",
        thousands(c.subset as u128),
        c.epochs,
        if c.epochs == 1 { "" } else { "s" },
        optimizer_label(c.hyper.optimizer),
        numfmt::rate(c.hyper.lr),
        c.hyper.batch_size
    )
}

/// What the table's accuracy columns are measured on, from the settings.
pub fn table_note(c: &RaceConfig) -> String {
    format!(
        "Training and held-out columns are accuracies. MLP: 784 → 256 → 128 → 10, dense layers with ReLU. \
         CNN: two 5×5 conv layers (8 and 16 filters) with 2×2 max pooling, then one dense layer. \
         Training accuracy is measured on up to {} images of the subset, held-out accuracy on the first {} \
         held-out digits, which neither network ever trains on.",
        thousands(c.train_eval as u128),
        thousands(c.test_eval as u128)
    )
}

/// The sentence beside the shift example: what one network's percentage
/// counts. The shift test moves every digit in all four directions.
pub fn shift_accuracy(c: &RaceConfig, shift: usize, acc: Option<f32>) -> String {
    match acc {
        Some(a) if shift == 0 => format!(
            " — {} of the shift test's {} held-out digits right, unmoved",
            numfmt::percent(a),
            thousands(c.shift_images as u128)
        ),
        Some(a) => format!(
            " — {} of the shift test's {} held-out digits right when moved {shift} px \
             (left, right, up and down averaged)",
            numfmt::percent(a),
            thousands(c.shift_images as u128)
        ),
        None => " — shift-test accuracy comes when training ends".into(),
    }
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
        numfmt::sentence(&what),
        100.0 * race.progress()
    )
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
/// at a 2-pixel shift (or the largest tested), on which digits and in which
/// directions, and why neither is immune.
pub fn shift_summary(race: &Race) -> Option<String> {
    let nets = race.nets();
    let c = race.config();
    let s = c.max_shift.min(2);
    let at = |i: usize| nets.get(i)?.shift.get(s).copied();
    let (mlp, cnn) = (at(super::MLP)?, at(super::CNN)?);
    let (m0, c0) = (
        nets[super::MLP].shift.first().copied()?,
        nets[super::CNN].shift.first().copied()?,
    );
    let better = if cnn > mlp {
        "the CNN holds up better"
    } else if mlp > cnn {
        "the MLP holds up better"
    } else {
        "both hold up equally"
    };
    Some(format!(
        "The shift test moves the first {n} held-out digits by {s} pixel{p} left, right, up and down; \
         averaged over the four, the CNN reads {} of them correctly (unmoved: {}) and the MLP {} \
         (unmoved: {}): {better}. These {n} digits are a subset of the table's {t}, so the unmoved figures \
         differ from its held-out column. Neither is immune: this CNN ends by flattening its last 4×4 maps \
         into a dense layer, so where a stroke lands still matters to it; a global pool, as in the cat \
         section, would remove that.",
        percent(Some(cnn)),
        percent(Some(c0)),
        percent(Some(mlp)),
        percent(Some(m0)),
        n = thousands(c.shift_images.min(race.test_set().len()) as u128),
        t = thousands(c.test_eval.min(race.test_set().len()) as u128),
        p = if s == 1 { "" } else { "s" },
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
    }

    #[test]
    fn plan_reads_the_settings_it_describes() {
        let mut c = RaceConfig::for_subset(500);
        let t = plan(&c);
        assert!(t.contains("same 500 images for 15 epochs"), "{t}");
        assert!(
            t.contains("(Adam, learning rate 0.003, batches of 32)"),
            "{t}"
        );
        c.hyper.lr = 0.002;
        c.hyper.batch_size = 64;
        c.hyper.optimizer = OptimizerKind::SGD_MOMENTUM;
        c.epochs = 1;
        c.subset = 8000;
        let t = plan(&c);
        assert!(t.contains("same 8,000 images for 1 epoch,"), "{t}");
        assert!(
            t.contains("(SGD with momentum, learning rate 0.002, batches of 64)"),
            "{t}"
        );
    }

    #[test]
    fn notes_say_which_digits_they_count() {
        let mut c = RaceConfig::for_subset(500);
        c.train_eval = 700;
        c.test_eval = 900;
        let t = table_note(&c);
        assert!(
            t.contains("up to 700 images") && t.contains("first 900"),
            "{t}"
        );
        c.shift_images = 300;
        let s = shift_accuracy(&c, 2, Some(0.558));
        assert!(s.contains("55.8% of the shift test's 300"), "{s}");
        assert!(s.contains("left, right, up and down averaged"), "{s}");
        assert!(shift_accuracy(&c, 0, Some(0.8)).contains("unmoved"));
    }
}
