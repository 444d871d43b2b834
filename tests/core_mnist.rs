//! The default CNN with the default settings reaches at least 97% on the 2,000
//! held-out MNIST images within 2 epochs of the 8,000 training images.
//!
//! Needs the IDX files in static/data (written by `make data`). Takes about
//! 10-20 s in the test profile (opt-level 2), so it is a normal test.

mod common;

use cnn_playground::core::{Hyper, ModelSpec, StepOutcome, Trainer};
use common::bundled::split;
use std::time::Instant;

#[test]
fn default_cnn_reaches_97_percent_in_two_epochs() {
    let (train, test) = (split("train"), split("test"));
    assert_eq!((train.len(), test.len()), (8000, 2000));
    let start = Instant::now();
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 1, Hyper::default()).unwrap();
    while t.epoch() < 2 {
        assert!(matches!(t.step(&train), StepOutcome::Trained(_)));
    }
    let eval = t.model_mut().evaluate(&test, None);
    eprintln!(
        "default CNN: {:.2}% on {} test images after {} steps (2 epochs), {:.1} s",
        100.0 * eval.accuracy,
        test.len(),
        t.steps(),
        start.elapsed().as_secs_f64()
    );
    assert_eq!(t.images_seen(), 16_000);
    assert!(eval.accuracy >= 0.97, "accuracy {}", eval.accuracy);
}
