//! Behaviour of the model and trainer: learning moves the right way, runs are
//! reproducible, probabilities are probabilities, bad specs are refused by name.

use cnn_playground::core::Dataset;
use cnn_playground::core::{
    shift_image, Hyper, LayerSpec, Model, ModelSpec, Optimizer, OptimizerKind, Rng, Shape,
    StepOutcome, Trainer,
};

/// Four classes of 8x8 images: a bright bar in one of four places, plus noise.
fn bars(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let shape = Shape::new(1, 8, 8);
    let mut images = vec![0.0; n * 64];
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let class = rng.below(4);
        let img = &mut images[i * 64..(i + 1) * 64];
        for (j, p) in img.iter_mut().enumerate() {
            let (y, x) = (j / 8, j % 8);
            let on = match class {
                0 => y == 1,
                1 => y == 6,
                2 => x == 1,
                _ => x == 6,
            };
            *p = if on { 0.8 } else { 0.0 } + 0.2 * rng.next_f32();
        }
        labels.push(class as u8);
    }
    Dataset {
        shape,
        images,
        labels,
    }
}

fn small_cnn() -> ModelSpec {
    use LayerSpec::*;
    ModelSpec::new(
        Shape::new(1, 8, 8),
        vec![
            LayerSpec::conv_same(4, 3),
            Relu,
            LayerSpec::pool(2),
            Flatten,
            Dense { units: 4 },
        ],
    )
}

#[test]
fn one_step_raises_true_class_probability() {
    for kind in [OptimizerKind::SGD_MOMENTUM, OptimizerKind::ADAM] {
        let data = bars(8, 3);
        let mut model = Model::new(&small_cnn(), &mut Rng::new(5)).unwrap();
        let before = model.predict(data.image(0))[data.labels[0] as usize];
        let hyper = Hyper {
            lr: 0.01,
            optimizer: kind,
            ..Hyper::default()
        };
        let mut opt = Optimizer::new(&hyper);
        model.train_batch(data.image(0), &data.labels[..1], &mut opt);
        let after = model.predict(data.image(0))[data.labels[0] as usize];
        assert!(after > before, "{kind:?}: p(true) {before} -> {after}");
    }
}

#[test]
fn softmax_sums_to_one_even_for_huge_logits() {
    let mut model = Model::new(&small_cnn(), &mut Rng::new(1)).unwrap();
    let mut params = model.params_flat();
    params.iter_mut().for_each(|p| *p *= 1e4); // logits in the millions
    model.set_params_flat(&params).unwrap();
    let probs = model.predict(bars(1, 2).image(0));
    assert_eq!(probs.len(), 4);
    assert!(probs.iter().all(|p| p.is_finite() && *p >= 0.0));
    assert!((probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn loss_falls_over_a_few_hundred_steps() {
    for kind in [OptimizerKind::SGD_MOMENTUM, OptimizerKind::ADAM] {
        let data = bars(512, 9);
        let lr = if kind == OptimizerKind::ADAM {
            0.003
        } else {
            0.02
        };
        let hyper = Hyper {
            lr,
            batch_size: 16,
            optimizer: kind,
            ..Hyper::default()
        };
        let mut t = Trainer::new(&small_cnn(), 4, hyper).unwrap();
        let first = t.model_mut().evaluate(&data, None).loss;
        for _ in 0..300 {
            assert!(matches!(t.step(&data), StepOutcome::Trained(s) if s.batch == 16));
        }
        let eval = t.model_mut().evaluate(&data, None);
        assert!(
            eval.loss < first * 0.2,
            "{kind:?}: loss {first} -> {}",
            eval.loss
        );
        assert!(eval.accuracy > 0.95, "{kind:?}: accuracy {}", eval.accuracy);
        // 300 steps of 16 over 512 images: 9 full epochs and 192 images into the 10th.
        assert_eq!((t.epoch(), t.position(), t.images_seen()), (9, 192, 4800));
    }
}

#[test]
fn seeded_run_is_bit_for_bit_reproducible() {
    let data = bars(200, 1);
    let hyper = Hyper {
        augment_shift: 1,
        batch_size: 24,
        ..Hyper::default()
    };
    let run = |seed| {
        let mut t = Trainer::new(&small_cnn(), seed, hyper).unwrap();
        let losses: Vec<u32> = (0..40)
            .map(|_| match t.step(&data) {
                StepOutcome::Trained(s) => s.loss.to_bits(),
                other => panic!("{other:?}"),
            })
            .collect();
        (
            losses,
            t.model()
                .params_flat()
                .iter()
                .map(|p| p.to_bits())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42).1, run(43).1);
}

#[test]
fn same_seed_same_initial_weights() {
    let a = Model::new(&ModelSpec::reference(), &mut Rng::new(3)).unwrap();
    let b = Trainer::new(&ModelSpec::reference(), 3, Hyper::default()).unwrap();
    assert_eq!(a.params_flat(), b.model().params_flat());
    // He-uniform: every conv1 weight within sqrt(6 / 25), biases zero.
    let w = a.conv_weights(0).unwrap();
    assert_eq!(w.shape(), &[8, 1, 5, 5]);
    let limit = (6.0f32 / 25.0).sqrt();
    assert!(w.iter().all(|v| v.abs() <= limit));
    assert!(w.iter().any(|v| v.abs() > limit * 0.9));
}

#[test]
fn divergence_restores_last_good_weights_and_stays_stopped() {
    let data = bars(64, 5);
    let mut t = Trainer::new(
        &small_cnn(),
        1,
        Hyper {
            batch_size: 16,
            ..Hyper::default()
        },
    )
    .unwrap();
    t.step(&data);
    let huge = Hyper {
        lr: 1e30,
        optimizer: OptimizerKind::Sgd { momentum: 0.0 },
        ..t.hyper()
    };
    t.set_hyper(huge);
    // A trained step's finite loss certifies the weights it started from.
    let mut certified = t.model().params_flat();
    let mut diverged = false;
    for _ in 0..10 {
        let before = t.model().params_flat();
        match t.step(&data) {
            StepOutcome::Diverged { lr } => {
                assert_eq!(lr, 1e30);
                diverged = true;
                break;
            }
            StepOutcome::Trained(_) => certified = before,
        }
    }
    assert!(diverged, "lr 1e30 must diverge within 10 steps");
    assert!(t.is_diverged());
    let before = certified;
    // Restored: the last weights whose loss was finite.
    assert_eq!(t.model().params_flat(), before);
    assert!(t.model().params_finite());
    // Stays stopped, and the weights stay put.
    assert_eq!(t.step(&data), StepOutcome::Diverged { lr: 1e30 });
    assert_eq!(t.model().params_flat(), before);
    // A sane learning rate resumes training.
    t.set_hyper(Hyper { lr: 0.001, ..huge });
    assert!(matches!(t.step(&data), StepOutcome::Trained(s) if s.loss.is_finite()));
}

#[test]
fn max_pool_routes_gradient_only_to_the_maximum() {
    use LayerSpec::*;
    // One 2x2 pool over a 2x2 image: only the largest pixel gets gradient.
    let spec = ModelSpec::new(
        Shape::new(1, 2, 2),
        vec![
            LayerSpec::conv(1, 1),
            LayerSpec::pool(2),
            Flatten,
            Dense { units: 2 },
        ],
    );
    let mut model = Model::new(&spec, &mut Rng::new(1)).unwrap();
    model.set_layer_params(0, &[1.0], &[0.0]).unwrap();
    model
        .set_layer_params(3, &[1.0, -1.0], &[0.0, 0.0])
        .unwrap();
    model.compute_gradients(&[0.1, 0.9, 0.3, 0.2], &[0]);
    // conv weight grad = sum over pixels of dy * x, and only x = 0.9 carries dy.
    let g = model.grads_flat(); // [conv w, conv b, dense w0, dense w1, dense b0, dense b1]
    let dy = g[1]; // conv bias grad = the one routed dy
    assert!(dy != 0.0);
    assert!(
        (g[0] - 0.9 * dy).abs() < 1e-6,
        "conv dw {} vs 0.9 * {dy}",
        g[0]
    );
}

#[test]
fn spec_errors_name_the_layer_and_sizes() {
    let spec = ModelSpec::new(
        Shape::new(1, 2, 2),
        vec![
            LayerSpec::conv(4, 5),
            LayerSpec::Flatten,
            LayerSpec::Dense { units: 10 },
        ],
    );
    let err = Model::new(&spec, &mut Rng::new(1)).unwrap_err().to_string();
    assert!(
        err.contains("conv1") && err.contains("5x5") && err.contains("2x2"),
        "{err}"
    );
    let zero = ModelSpec::new(
        Shape::new(1, 8, 8),
        vec![
            LayerSpec::conv(0, 3),
            LayerSpec::Flatten,
            LayerSpec::Dense { units: 10 },
        ],
    );
    let err = Trainer::new(&zero, 1, Hyper::default())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("conv1") && err.contains("filter"), "{err}");
}

#[test]
fn bad_data_trains_nothing_and_says_why() {
    let mut t = Trainer::new(&small_cnn(), 1, Hyper::default()).unwrap();
    let wrong = Dataset {
        shape: Shape::new(1, 28, 28),
        images: vec![0.0; 784],
        labels: vec![1],
    };
    assert!(t.check_data(&wrong).unwrap_err().contains("1x28x28"));
    assert!(matches!(t.step(&wrong), StepOutcome::Trained(s) if s.batch == 0));
    let mut labels = bars(4, 1);
    labels.labels[2] = 9;
    assert!(t.check_data(&labels).unwrap_err().contains("label 9"));
    assert!(t.model_mut().predict(&[0.0; 3]).is_empty());
}

#[test]
fn shift_moves_pixels_without_wrapping() {
    let shape = Shape::new(1, 3, 4);
    let src: Vec<f32> = (1..=12).map(|v| v as f32).collect();
    let mut out = vec![-1.0; 12];
    shift_image(&src, shape, 1, -1, &mut out);
    #[rustfmt::skip]
    let want = [0.0, 5.0, 6.0, 7.0,
                0.0, 9.0, 10.0, 11.0,
                0.0, 0.0, 0.0, 0.0];
    assert_eq!(out, want);
    shift_image(&src, shape, 0, 0, &mut out);
    assert_eq!(out, src);
    shift_image(&src, shape, 4, 0, &mut out);
    assert!(out.iter().all(|&v| v == 0.0));
}

#[test]
fn evaluation_counts_and_confusion_agree() {
    let data = bars(100, 8);
    let mut model = Model::new(&small_cnn(), &mut Rng::new(2)).unwrap();
    let eval = model.evaluate(&data, Some(70));
    assert_eq!(eval.predictions.len(), 70);
    let total: u32 = eval.confusion.iter().flatten().sum();
    let diag: u32 = (0..4).map(|i| eval.confusion[i][i]).sum();
    assert_eq!(total, 70);
    assert!((eval.accuracy - diag as f32 / 70.0).abs() < 1e-6);
    // Batched evaluation gives the same probabilities as one-image predict.
    let p = model.predict(data.image(5));
    assert!(p
        .iter()
        .zip(&eval.predictions[5].1)
        .all(|(a, b)| (a - b).abs() < 1e-6));
}

/// Training a batch in pieces (as the browser does, to keep every task short)
/// gives the same weights as training it in one go.
#[test]
fn a_step_in_pieces_equals_a_whole_step() {
    use cnn_playground::core::{Hyper, ModelSpec, StepOutcome, Trainer};
    let spec = ModelSpec::reference();
    let n = 40;
    let data = scrambled_digits(n);
    let hyper = Hyper {
        batch_size: 16,
        ..Hyper::default()
    };
    let mut whole = Trainer::new(&spec, 9, hyper).unwrap();
    let mut pieces = Trainer::new(&spec, 9, hyper).unwrap();
    for _ in 0..3 {
        let a = whole.step(&data);
        let mut b = None;
        let mut calls = 0;
        while b.is_none() {
            b = pieces.step_some(&data, 5);
            calls += 1;
        }
        assert!(calls > 1, "the batch was cut into pieces");
        let (StepOutcome::Trained(a), Some(StepOutcome::Trained(b))) = (a, b) else {
            panic!("both steps train");
        };
        assert_eq!(a.batch, b.batch);
        assert_eq!(a.correct, b.correct);
        assert!((a.loss - b.loss).abs() < 1e-5, "{} vs {}", a.loss, b.loss);
    }
    let (wa, wb) = (whole.model().params_flat(), pieces.model().params_flat());
    let worst = wa
        .iter()
        .zip(&wb)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    assert!(worst < 1e-5, "weights differ by {worst}");
    assert_eq!(whole.images_seen(), pieces.images_seen());
}

/// A huge learning rate with Adam keeps the weights finite but blows the
/// loss up; that counts as divergence too, and the last good weights return.
#[test]
fn adam_at_learning_rate_ten_is_caught_as_divergence() {
    use cnn_playground::core::{Hyper, ModelSpec, StepOutcome, Trainer};
    let spec = ModelSpec::reference();
    let n = 64;
    let data = scrambled_digits(n);
    let hyper = Hyper {
        lr: 10.0,
        batch_size: 16,
        ..Hyper::default()
    };
    let mut t = Trainer::new(&spec, 3, hyper).unwrap();
    let mut diverged = false;
    for _ in 0..50 {
        if let StepOutcome::Diverged { .. } = t.step(&data) {
            diverged = true;
            break;
        }
    }
    assert!(diverged, "learning rate 10 should be caught");
    assert!(t.model().params_flat().iter().all(|v| v.is_finite()));
}

/// `n` deterministic 28x28 pseudo-random images with labels 0..9 in turn.
fn scrambled_digits(n: usize) -> cnn_playground::core::Dataset {
    cnn_playground::core::Dataset {
        shape: cnn_playground::core::ModelSpec::reference().input,
        images: (0..n * 784)
            .map(|i| ((i * 7919) % 255) as f32 / 255.0)
            .collect(),
        labels: (0..n).map(|i| (i % 10) as u8).collect(),
    }
}
