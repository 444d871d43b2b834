//! Behaviour of the shared session model: the state every panel reads.

mod common;
use common::halves::{halves, halves_spec};

use cnn_playground::core::{Hyper, LayerSpec, ModelSpec, Shape};
use cnn_playground::session::{Action, Input, Session, Status};

fn hyper() -> Hyper {
    Hyper {
        lr: 0.05,
        batch_size: 8,
        ..Hyper::default()
    }
}

fn loaded() -> Session {
    let mut s = Session::new(halves_spec(4), hyper(), 3).unwrap();
    s.apply(Action::DataLoaded {
        train: halves(64),
        test: halves(40),
        source: "synthetic halves".into(),
    });
    s
}

/// The Step button: one batch, trained in slices by `tick` like any training.
fn step(s: &mut Session) {
    s.apply(Action::Step);
    assert!(s.busy(), "a step is work for the timer");
    let mut clock = fake_clock();
    while s.busy() {
        s.tick(20.0, &mut clock);
    }
}

/// A fake clock: each call advances one millisecond.
fn fake_clock() -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += 1.0;
        t
    }
}

#[test]
fn data_load_starts_an_evaluation_of_the_untrained_model() {
    let mut s = loaded();
    assert!(s.busy(), "an evaluation is pending");
    s.tick(1000.0, &mut fake_clock());
    let eval = s.eval.as_ref().expect("evaluated");
    assert_eq!(eval.predictions.len(), 40);
    assert_eq!(s.status, Status::Idle);
}

#[test]
fn toggle_trains_and_pause_stops_the_count() {
    let mut s = loaded();
    s.apply(Action::Toggle);
    assert_eq!(s.status, Status::Training);
    s.tick(50.0, &mut fake_clock());
    let seen = s.images_seen();
    assert!(seen > 0, "trained some batches");
    s.apply(Action::Toggle);
    assert_eq!(s.status, Status::Paused);
    s.tick(50.0, &mut fake_clock());
    assert_eq!(s.images_seen(), seen, "paused means no more images");
}

#[test]
fn training_reaches_high_held_out_accuracy_on_an_easy_task() {
    let mut s = loaded();
    s.apply(Action::Toggle);
    let mut clock = fake_clock();
    for _ in 0..200 {
        s.tick(20.0, &mut clock);
    }
    s.apply(Action::Pause);
    while s.busy() {
        s.tick(20.0, &mut clock);
    }
    let acc = s.history.test_accuracy().expect("test accuracy recorded");
    assert!(acc > 0.95, "held-out accuracy {acc}");
    assert!(s.history.points.len() > 1);
}

#[test]
fn step_trains_exactly_one_batch() {
    let mut s = loaded();
    step(&mut s);
    assert_eq!(s.images_seen(), 8);
    assert_eq!(s.status, Status::Idle);
}

#[test]
fn reset_gives_the_same_weights_for_the_same_seed() {
    let mut s = loaded();
    let fresh = s.model().params_flat();
    step(&mut s);
    assert_ne!(s.model().params_flat(), fresh);
    s.apply(Action::Reset);
    assert_eq!(s.model().params_flat(), fresh);
    assert_eq!(s.images_seen(), 0);
    assert!(s.history.points.is_empty());
}

#[test]
fn invalid_architecture_is_refused_and_the_model_kept() {
    let mut s = loaded();
    step(&mut s);
    let before = s.model().params_flat();
    let bad = ModelSpec::new(
        Shape::new(1, 8, 8),
        vec![LayerSpec::conv(4, 9), LayerSpec::Dense { units: 2 }],
    );
    s.apply(Action::ProposeSpec(bad));
    let msg = s.arch_error.clone().expect("refused");
    assert!(msg.contains("conv1") && msg.contains("8x8"), "{msg}");
    assert_eq!(s.model().params_flat(), before);
    assert_eq!(s.images_seen(), 8);
}

#[test]
fn a_new_architecture_asks_before_losing_trained_weights() {
    let mut s = loaded();
    step(&mut s);
    let mut spec = halves_spec(4);
    spec.layers[0] = LayerSpec::conv(6, 3);
    s.apply(Action::ProposeSpec(spec.clone()));
    assert_eq!(s.pending_spec.as_ref(), Some(&spec));
    assert_eq!(s.images_seen(), 8, "nothing changes before confirmation");
    s.apply(Action::CancelSpec);
    assert_eq!(*s.spec(), halves_spec(4));
    s.apply(Action::ProposeSpec(spec.clone()));
    s.apply(Action::ConfirmSpec);
    assert_eq!(*s.spec(), spec);
    assert_eq!(s.images_seen(), 0);
}

#[test]
fn a_corrupt_model_file_is_refused_and_the_model_kept() {
    let mut s = loaded();
    step(&mut s);
    let before = s.model().params_flat();
    let mut bytes = s.model().to_bytes();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    s.apply(Action::LoadModel {
        bytes,
        origin: "upload.cnnw".into(),
    });
    let notice = s.notice.clone().expect("a message");
    assert!(
        notice.error && notice.text.contains("upload.cnnw"),
        "{notice:?}"
    );
    assert_eq!(s.model().params_flat(), before);
}

#[test]
fn a_valid_model_file_replaces_the_model_and_its_spec() {
    let mut s = loaded();
    let other = Session::new(halves_spec(4), hyper(), 99).unwrap();
    let bytes = other.model().to_bytes();
    s.apply(Action::LoadModel {
        bytes,
        origin: "a file".into(),
    });
    assert_eq!(s.model().params_flat(), other.model().params_flat());
    assert!(s.has_trained_weights());
}

#[test]
fn divergence_stops_training_and_restores_good_weights() {
    let mut s = loaded();
    s.apply(Action::SetHyper(Hyper {
        lr: 1e30,
        ..hyper()
    }));
    s.apply(Action::Toggle);
    let mut clock = fake_clock();
    for _ in 0..50 {
        s.tick(20.0, &mut clock);
        if matches!(s.status, Status::Diverged { .. }) {
            break;
        }
    }
    assert!(
        matches!(s.status, Status::Diverged { .. }),
        "{:?}",
        s.status
    );
    assert!(s.model().params_flat().iter().all(|v| v.is_finite()));
    assert!(s.notice.as_ref().unwrap().text.contains("diverged"));
    // Toggling again does not restart at the same rate...
    s.apply(Action::Toggle);
    assert!(matches!(s.status, Status::Diverged { .. }));
    // ...a lower rate does.
    s.apply(Action::SetHyper(hyper()));
    s.apply(Action::Toggle);
    assert_eq!(s.status, Status::Training);
}

#[test]
fn selected_input_gives_its_pixels() {
    let mut s = loaded();
    let test = halves(40);
    s.apply(Action::SelectInput(Input::Test(3)));
    assert_eq!(s.input_pixels().unwrap(), test.image(3));
    s.apply(Action::SelectInput(Input::Drawn(vec![0.5; 64])));
    assert_eq!(s.input_pixels().unwrap(), vec![0.5; 64]);
}
