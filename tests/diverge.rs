//! The divergence demo: the diverged rate's replay blows up, and the rate
//! it offers was tried on a copy of the model and really trains from there.
//! Needs the IDX files in static/data (written by `make data`).

mod common;

use cnn_playground::core::{Dataset, Hyper, ModelSpec, StepOutcome, Trainer};
use cnn_playground::panels::train::diverge::{advise, candidates, Run, TRIAL_STEPS};

fn train_set() -> Dataset {
    common::bundled::split("train")
}

#[test]
fn candidates_are_tenths_down_to_the_floor() {
    assert_eq!(candidates(10.0).len(), 5, "{:?}", candidates(10.0));
    let c = candidates(10.0);
    assert!(
        (c[0] - 1.0).abs() < 1e-6 && (c[4] - 1e-4).abs() < 1e-9,
        "{c:?}"
    );
    assert!(candidates(1e-4).is_empty());
    let from_sgd = candidates(1e6);
    assert_eq!(from_sgd.len(), 8);
    assert_eq!(from_sgd[7].to_string(), "0.01", "rates read as typed");
    assert!(candidates(f32::INFINITY).is_empty());
}

#[test]
fn a_run_keeps_finite_only_when_it_never_blows_up_or_climbs() {
    let run = |losses: Vec<f64>, blew_up| Run {
        lr: 0.1,
        losses,
        blew_up,
    };
    assert!(run(vec![2.3, 2.0, 1.6, 1.2], false).kept_finite());
    assert!(!run(vec![2.3, 2.0, 1.6, 1.2], true).kept_finite());
    assert!(
        !run(vec![2.3, 9.0, 14.0, 20.0], false).kept_finite(),
        "climbing"
    );
    assert!(!run(vec![2.3, f64::NAN, 1.0], false).kept_finite());
    assert!(!run(vec![], false).kept_finite());
    assert_eq!(run(vec![2.3, f64::INFINITY], true).peak(), f64::INFINITY);
    assert_eq!(run(vec![2.3, 7.5], true).peak(), 7.5);
}

/// Learning rate 10 with Adam, as in the lesson's "try this": training
/// diverges; the replay shows the spike, and the offered rate trains the
/// real model (from the same weights) for ten times the trial's steps
/// without diverging, with a falling loss.
#[test]
fn the_offered_rate_was_tried_and_trains() {
    let data = train_set();
    let hyper = Hyper {
        lr: 10.0,
        ..Hyper::default()
    };
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 3, hyper).unwrap();
    let mut steps = 0;
    while let StepOutcome::Trained(_) = t.step(&data) {
        steps += 1;
        assert!(steps < 50, "learning rate 10 should diverge");
    }
    let advice = advise(t.model(), hyper, 3, &data);
    assert!(advice.spike.blew_up, "replay blew up: {:?}", advice.spike);
    assert!(
        advice.spike.peak() > 10.0,
        "the spike stands out: {:?}",
        advice.spike
    );
    let offer = advice.offer.expect("some lower rate trains");
    assert!(offer < 1.0, "1 diverges too, it must not be offered");
    let tried = advice.trials.last().unwrap();
    assert_eq!(tried.lr, offer);
    assert_eq!(tried.losses.len(), TRIAL_STEPS);
    for rejected in &advice.trials[..advice.trials.len() - 1] {
        assert!(!rejected.kept_finite(), "{rejected:?}");
    }
    eprintln!(
        "spike {:?}; tried {:?}; offered {offer}",
        advice.spike.losses,
        advice
            .trials
            .iter()
            .map(|r| (r.lr, r.kept_finite()))
            .collect::<Vec<_>>()
    );
    // The real model, at the offered rate, from the weights training went
    // back to: many more steps than the trial, no divergence.
    let mut real = Trainer::with_model(t.model().clone(), 3, Hyper { lr: offer, ..hyper });
    let mut first = None;
    let mut last = 0.0;
    for _ in 0..TRIAL_STEPS * 10 {
        match real.step(&data) {
            StepOutcome::Trained(s) => {
                first.get_or_insert(s.loss);
                last = s.loss;
            }
            StepOutcome::Diverged { lr } => panic!("offered rate {lr} diverged"),
        }
    }
    assert!(last < first.unwrap(), "loss fell: {first:?} -> {last}");
}

#[test]
fn loss_values_stay_short() {
    use cnn_playground::core::numfmt::loss;
    assert_eq!(loss(2.3051), "2.31");
    assert_eq!(loss(48.66), "48.7");
    assert_eq!(loss(1.23e9), "1.2e9");
    assert_eq!(loss(f64::INFINITY), "∞");
    assert_eq!(loss(f64::NAN), "∞");
}

/// The demo runs in short pieces: every call of `Adviser::step` does at most
/// a part of one training step or one chunk of the probe, so a run of
/// several steps takes many calls and the page never holds a long task.
#[test]
fn the_adviser_works_in_many_short_pieces() {
    use cnn_playground::panels::train::diverge::{Adviser, PROBE_IMAGES, REPLAY_STEPS};
    let data = train_set();
    let hyper = Hyper {
        lr: 10.0,
        batch_size: 64,
        ..Hyper::default()
    };
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 3, hyper).unwrap();
    while let StepOutcome::Trained(_) = t.step(&data) {}
    let mut a = Adviser::new(hyper, 3, &data);
    let mut calls = 0;
    while !a.step(t.model(), &data) {
        calls += 1;
    }
    let advice = a.advice().unwrap();
    let runs = 1 + advice.trials.len();
    let steps: usize =
        advice.spike.losses.len() + advice.trials.iter().map(|r| r.losses.len()).sum::<usize>();
    // The default CNN: 1.65 M multiply-adds an image, so a 40 M piece holds
    // 8 training images (a batch of 64 takes 8 pieces) or 24 probe images.
    assert!(
        calls >= steps * 8,
        "{calls} calls for {steps} steps in {runs} runs"
    );
    assert!(advice.spike.losses.len() <= REPLAY_STEPS + 1 && PROBE_IMAGES == 64);
}
