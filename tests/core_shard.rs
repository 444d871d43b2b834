//! Data-parallel training (`core::shard`): shard gradients summed in order
//! equal the full-batch gradient within float rounding; a trainer fed shards
//! follows the single-thread trainer; a fixed shard count and seed repeat
//! bit for bit.

mod common;
use common::noise::noise;

use cnn_playground::core::{
    shard_range, Dataset, Hyper, Model, ModelSpec, Rng, ShardStats, StepOutcome, Trainer,
};

/// Largest |a - b| relative to the largest |b|.
fn rel_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    let scale = b.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-12);
    a.iter().zip(b).fold(0f32, |m, (x, y)| m.max((x - y).abs())) / scale
}

#[test]
fn shard_ranges_cover_the_batch_in_order() {
    for n in [1usize, 7, 32, 64, 65] {
        for w in 1..=8 {
            let mut next = 0;
            for k in 0..w {
                let r = shard_range(n, w, k);
                assert_eq!(r.start, next, "n {n} w {w} k {k}");
                assert!(r.len() <= n / w + 1 && r.len() >= n / w);
                next = r.end;
            }
            assert_eq!(next, n);
            assert!(shard_range(n, w, w).is_empty());
        }
    }
}

#[test]
fn summed_shard_gradients_equal_the_full_batch_gradient() {
    let spec = ModelSpec::default_cnn();
    let data = noise(64, 3);
    let mut model = Model::new(&spec, &mut Rng::new(7)).unwrap();
    let full_stats = model.compute_gradients(&data.images, &data.labels);
    let full = model.grads_flat();
    let len = spec.input.len();
    for w in [2usize, 3, 4, 8] {
        let mut sum = vec![0f32; full.len()];
        let (mut loss, mut correct) = (0f64, 0usize);
        let mut buf = Vec::new();
        for k in 0..w {
            let r = shard_range(64, w, k);
            let mut worker = model.clone();
            let s = worker.shard_gradients(
                &data.images[r.start * len..r.end * len],
                &data.labels[r.clone()],
                64,
            );
            worker.copy_grads_into(&mut buf);
            for (a, g) in sum.iter_mut().zip(&buf) {
                *a += g;
            }
            loss += s.loss;
            correct += s.correct;
        }
        let d = rel_diff(&sum, &full);
        assert!(d < 1e-5, "{w} shards: relative difference {d}");
        assert!(((loss / 64.0) as f32 - full_stats.loss).abs() < 1e-5);
        assert_eq!(correct, full_stats.correct);
    }
}

#[test]
fn add_grads_flat_adds_and_refuses_a_wrong_length() {
    let spec = ModelSpec::default_cnn();
    let data = noise(4, 1);
    let mut model = Model::new(&spec, &mut Rng::new(1)).unwrap();
    model.compute_gradients(&data.images, &data.labels);
    let g = model.grads_flat();
    model.add_grads_flat(&g).unwrap();
    let doubled: Vec<f32> = g.iter().map(|v| 2.0 * v).collect();
    assert_eq!(model.grads_flat(), doubled);
    let err = model.add_grads_flat(&g[1..]).unwrap_err();
    assert!(err.contains("gradients"), "{err}");
    assert_eq!(
        model.grads_flat(),
        doubled,
        "a refused gradient changes nothing"
    );
}

/// Trains `steps` batches with `w` shards: shard 0 here, the others on
/// clones of the model (as workers would), added in shard order.
fn train_sharded(w: usize, steps: usize, data: &Dataset) -> (Vec<f32>, Vec<f32>) {
    let hyper = Hyper {
        batch_size: 24,
        ..Hyper::default()
    };
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 5, hyper).unwrap();
    let mut losses = Vec::new();
    let mut buf = Vec::new();
    for _ in 0..steps {
        let n = t.open_batch(data).unwrap();
        let mut helpers = Vec::new();
        for k in 1..w {
            let r = shard_range(n, w, k);
            let (images, labels) = t.batch_piece(r);
            let mut m = t.model().clone();
            let s = m.shard_gradients(images, labels, n);
            m.copy_grads_into(&mut buf);
            helpers.push((buf.clone(), s));
        }
        let first = shard_range(n, w, 0).len();
        let mut outcome = t.train_here(data, first);
        for (g, s) in &helpers {
            assert!(outcome.is_none(), "the batch ends with its last shard");
            outcome = t.add_shard(g, *s).unwrap();
        }
        match outcome.expect("all shards given") {
            StepOutcome::Trained(s) => losses.push(s.loss),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(t.progress().images_seen, 24 * steps as u64);
    (t.model().params_flat(), losses)
}

#[test]
fn a_sharded_trainer_follows_the_single_thread_trainer() {
    let data = noise(96, 11);
    let hyper = Hyper {
        batch_size: 24,
        ..Hyper::default()
    };
    let mut single = Trainer::new(&ModelSpec::default_cnn(), 5, hyper).unwrap();
    for _ in 0..3 {
        single.step(&data);
    }
    let (one, _) = train_sharded(1, 3, &data);
    assert_eq!(
        one,
        single.model().params_flat(),
        "one shard is the plain step"
    );
    let (two, _) = train_sharded(2, 3, &data);
    let d = rel_diff(&two, &one);
    assert!(
        d < 1e-4,
        "2 shards after 3 Adam steps: relative difference {d}"
    );
}

#[test]
fn a_fixed_shard_count_and_seed_repeat_bit_for_bit() {
    let data = noise(96, 2);
    for w in [2, 3] {
        let (a, la) = train_sharded(w, 4, &data);
        let (b, lb) = train_sharded(w, 4, &data);
        assert_eq!(a, b);
        assert_eq!(la, lb);
    }
}

#[test]
fn a_shard_that_overflows_the_batch_is_refused() {
    let data = noise(16, 4);
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 1, Hyper::default()).unwrap();
    let g = vec![0f32; t.model().param_count()];
    let s = ShardStats {
        loss: 1.0,
        correct: 0,
        images: 40,
    };
    assert!(t.add_shard(&g, s).is_err(), "no batch open");
    let n = t.open_batch(&data).unwrap();
    assert_eq!(n, 16);
    assert!(t.add_shard(&g, s).unwrap_err().contains("does not fit"));
    assert_eq!(t.batch_piece(0..17).0.len(), 0);
    assert_eq!(t.batch_piece(0..2).1.len(), 2);
}
