//! Compare runs: a run's curves are kept when the history starts again, under
//! the settings it last trained with; at most five are kept; runs can be
//! hidden and cleared.

use cnn_playground::core::{BatchStats, Hyper, ModelSpec};
use cnn_playground::panels::train::runs::{architecture, settings_label, Runs, KEPT};
use cnn_playground::session::history::History;

fn grow(h: &mut History, from: u64, steps: u64, loss: f32) {
    for k in 0..steps {
        let stats = BatchStats {
            loss: loss / (1.0 + k as f32),
            correct: 20,
            batch: 32,
        };
        h.push_batch(&stats, (from + k + 1) * 32 * 8);
    }
}

#[test]
fn runs_are_kept_when_training_starts_again() {
    let mut runs = Runs::default();
    let mut h = History::default();
    assert!(!runs.observe(&h, || "a".into()));
    assert!(runs.current().is_none());
    grow(&mut h, 0, 10, 2.0);
    h.push_test(2560, 0.9);
    assert!(runs.observe(&h, || "rate 0.003".into()));
    assert_eq!(runs.current().unwrap().number, 1);
    // Settings changed after the last step do not relabel the run.
    assert!(!runs.observe(&h, || "rate 0.1".into()));
    assert_eq!(runs.current().unwrap().label, "rate 0.003");
    assert!(runs.past().is_empty());

    // New weights: the history starts again; run 1 is kept as it was.
    h = History::default();
    assert!(runs.observe(&h, || "rate 0.1".into()));
    assert_eq!(runs.past().len(), 1);
    assert!(runs.current().is_none());
    grow(&mut h, 0, 5, 1.0);
    runs.observe(&h, || "rate 0.1".into());
    let past = &runs.past()[0];
    assert_eq!(
        (past.number, past.label.as_str(), past.loss.len()),
        (1, "rate 0.003", 10)
    );
    assert_eq!(past.test_acc, vec![(2560.0, 0.9f32 as f64)]);
    assert_eq!(runs.current().unwrap().number, 2);
    assert!(
        past.describe()
            .starts_with("Run 1: rate 0.003 (2.6k images; held-out 90.0% at 2.6k)"),
        "{}",
        past.describe()
    );
    assert_eq!(runs.drawn().count(), 2);

    // Hide and show, then clear.
    runs.toggle(1);
    assert_eq!(runs.drawn().count(), 1);
    runs.toggle(1);
    assert_eq!(runs.drawn().count(), 2);
    runs.clear();
    assert!(runs.past().is_empty());
    assert_eq!(runs.current().unwrap().number, 2);
}

#[test]
fn at_most_five_past_runs() {
    let mut runs = Runs::default();
    for r in 0..8u64 {
        let mut h = History::default();
        grow(&mut h, 0, 3 + r, 2.0);
        runs.observe(&h, || format!("run {r}"));
        runs.observe(&History::default(), String::new);
    }
    assert_eq!(runs.past().len(), KEPT);
    let numbers: Vec<u64> = runs.past().iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![4, 5, 6, 7, 8]);
    let (x_max, loss_max) = runs.axes();
    assert!(x_max >= 10.0 * 256.0 && loss_max >= 2.0);
}

#[test]
fn settings_read_as_the_editor_shows_them() {
    let h = Hyper::default();
    assert_eq!(
        architecture(&ModelSpec::default_cnn()),
        "conv 8-8-16-32, dense 10"
    );
    assert_eq!(
        settings_label(&ModelSpec::default_cnn(), &h),
        "conv 8-8-16-32, dense 10; Adam, rate 0.003, batch 32"
    );
    let sgd = Hyper {
        optimizer: cnn_playground::core::OptimizerKind::SGD_MOMENTUM,
        lr: 0.05,
        batch_size: 64,
        ..h
    };
    assert_eq!(
        settings_label(
            &ModelSpec::mlp(ModelSpec::default_cnn().input, &[100], 10),
            &sgd
        ),
        "dense 100-10; SGD, rate 0.05, batch 64"
    );
}

#[test]
fn a_long_run_thinning_its_points_is_still_one_run() {
    let mut runs = Runs::default();
    let mut h = History::new(32);
    for k in 0..2000u64 {
        grow(&mut h, k, 1, 2.0);
        if k % 50 == 0 {
            runs.observe(&h, || "long".into());
        }
    }
    runs.observe(&h, || "long".into());
    assert!(runs.past().is_empty(), "{} past runs", runs.past().len());
    assert!(runs.current().unwrap().loss.len() <= 401);
}
