//! `Trainer::train_on`: one step on the caller's batch is the plain
//! optimizer step, counts the images, leaves the epoch order alone, and
//! refuses what does not fit.

mod common;
use common::noise::noise;

use cnn_playground::core::{
    Hyper, Model, ModelSpec, Optimizer, OptimizerKind, Rng, StepOutcome, Trainer,
};

#[test]
fn a_given_batch_is_one_plain_optimizer_step() {
    let spec = ModelSpec::default_cnn();
    let data = noise(12, 1);
    for optimizer in [OptimizerKind::ADAM, OptimizerKind::Sgd { momentum: 0.0 }] {
        let hyper = Hyper {
            optimizer,
            ..Hyper::default()
        };
        let mut t = Trainer::new(&spec, 4, hyper).unwrap();
        let mut model = Model::new(&spec, &mut Rng::new(4)).unwrap();
        let mut opt = Optimizer::new(&hyper);
        for _ in 0..3 {
            let out = t.train_on(&data.images, &data.labels).unwrap();
            let want = model.train_batch(&data.images, &data.labels, &mut opt);
            assert_eq!(out, StepOutcome::Trained(want));
        }
        assert_eq!(t.model().params_flat(), model.params_flat());
        assert_eq!(t.images_seen(), 36);
        assert_eq!(
            (t.epoch(), t.position()),
            (0, 0),
            "the epoch order is untouched"
        );
    }
}

#[test]
fn batches_that_do_not_fit_are_refused() {
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 1, Hyper::default()).unwrap();
    let before = t.model().params_flat();
    let data = noise(2, 2);
    let short = t.train_on(&data.images[1..], &data.labels).unwrap_err();
    assert!(short.contains("pixel values"), "{short}");
    let label = t.train_on(&data.images[..784], &[10]).unwrap_err();
    assert!(label.contains("label 10"), "{label}");
    let empty = t.train_on(&[], &[]).unwrap_err();
    assert!(empty.contains("1 to 512"), "{empty}");
    let big = noise(513, 3);
    assert!(t.train_on(&big.images, &big.labels).is_err());
    assert_eq!(t.model().params_flat(), before);
    assert_eq!(t.images_seen(), 0);
}

#[test]
fn an_update_that_wrecks_the_weights_restores_them() {
    let data = noise(8, 5);
    let hyper = Hyper {
        lr: 1e30,
        optimizer: OptimizerKind::Sgd { momentum: 0.0 },
        ..Hyper::default()
    };
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 2, hyper).unwrap();
    let before = t.model().params_flat();
    let out = t.train_on(&data.images, &data.labels).unwrap();
    assert!(matches!(out, StepOutcome::Diverged { .. }), "{out:?}");
    assert_eq!(
        t.model().params_flat(),
        before,
        "the last good weights are back"
    );
    assert!(t.is_diverged());
    assert!(t.blow_up_loss() > 50.0, "{}", t.blow_up_loss());
    assert_eq!(t.images_seen(), 0);
}
