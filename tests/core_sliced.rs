//! A forward pass cut into pieces (`Model::start_trace` / `trace_step`) gives
//! the same trace as the whole pass, and no piece does much more work than
//! asked: the page runs the cat scene's feature maps this way.

use cnn_playground::core::budget::{MAX_MACS, MAX_SLICED_MACS};
use cnn_playground::core::{Model, ModelSpec, Rng, Shape};
use cnn_playground::panels::inspect::scene::front_end;

fn image(len: usize, seed: u32) -> Vec<f32> {
    (0..len)
        .map(|i| {
            (((i as u32).wrapping_mul(2654435761).wrapping_add(seed) >> 16) % 1000) as f32 / 1000.0
        })
        .collect()
}

/// Runs `model` on `img` in pieces of `max_macs`; returns the trace and the
/// number of pieces.
fn sliced(model: &mut Model, img: &[f32], max_macs: u64) -> (cnn_playground::core::Trace, usize) {
    let mut job = model.start_trace(img).expect("image fits");
    let mut pieces = 0;
    loop {
        pieces += 1;
        if let Some(t) = model.trace_step(&mut job, max_macs) {
            return (t, pieces);
        }
    }
}

fn assert_close(a: &cnn_playground::core::Trace, b: &cnn_playground::core::Trace) {
    assert_eq!(a.outputs.len(), b.outputs.len());
    for (l, (x, y)) in a.outputs.iter().zip(&b.outputs).enumerate() {
        assert_eq!(x.shape(), y.shape(), "layer {l}");
        let scale = x.iter().fold(1.0f32, |m, v| m.max(v.abs()));
        for (u, v) in x.iter().zip(y) {
            // Same products, summed in another blocking: float rounding only.
            assert!((u - v).abs() <= 1e-5 * scale, "layer {l}: {u} vs {v}");
        }
    }
    for (u, v) in a.probs.iter().zip(&b.probs) {
        assert!((u - v).abs() <= 1e-6, "probs {u} vs {v}");
    }
}

#[test]
fn pieces_give_the_whole_pass() {
    for text in [
        "28x28x1|c8k5s1p0|relu|pool2s2|c16k5s1p0|relu|pool2s2|flatten|d10",
        "28x28x1|c8k3s1p1|relu|c6k3s2p1|relu|pool2s2|flatten|d32|relu|d10",
        "28x28x1|c4k5s2p2|relu|gmax|d10",
        "28x28x1|flatten|d16|relu|d10",
    ] {
        let spec = text.parse::<ModelSpec>().unwrap();
        let mut m = Model::new(&spec, &mut Rng::new(3)).unwrap();
        let img = image(784, 7);
        let whole = m.trace(&img);
        for max in [1u64, 5_000, 1 << 40] {
            let (t, _) = sliced(&mut m, &img, max);
            assert_close(&whole, &t);
        }
    }
}

#[test]
fn the_largest_net_on_the_cat_scene_runs_in_small_pieces() {
    // The largest network by multiply-adds the budget allows for training...
    let spec = "28x28x1|c64k3s1p1|relu|c43k3s1p1|relu|gmax|d10"
        .parse::<ModelSpec>()
        .unwrap();
    let macs: u64 = spec.validate().unwrap().iter().map(|l| l.macs).sum();
    assert!(
        macs <= MAX_MACS as u64 && macs * 10 > MAX_MACS as u64 * 9,
        "{macs}"
    );
    let net = Model::new(&spec, &mut Rng::new(1)).unwrap();
    // ...slid over the 128x128 scene: 21 times the work, too much for one task.
    let mut front = front_end(&net, Shape::new(1, 128, 128)).unwrap();
    let total: u64 = front.info().iter().map(|l| l.macs).sum();
    assert!(
        total > 20 * MAX_MACS as u64 / 2 && total <= MAX_SLICED_MACS as u64,
        "{total}"
    );
    let img = image(128 * 128, 1);
    let max = 8_000_000u64;
    let (t, pieces) = sliced(&mut front, &img, max);
    // A piece may finish the row it is on, so it can pass `max` by one row
    // (at most 128 rows a layer here): the count is at least total / (max + row).
    let row = front
        .info()
        .iter()
        .map(|l| l.macs / l.output.h.max(1) as u64)
        .max()
        .unwrap();
    assert!(
        pieces as u64 >= total / (max + row),
        "{pieces} pieces for {total}"
    );
    let whole = front.trace(&img);
    assert_close(&whole, &t);
}

#[test]
fn a_scene_past_the_sliced_limit_is_refused_with_its_figure() {
    let spec = "28x28x1|c64k3s1p1|relu|c43k3s1p1|relu|gmax|d10"
        .parse::<ModelSpec>()
        .unwrap();
    let net = Model::new(&spec, &mut Rng::new(1)).unwrap();
    let err = front_end(&net, Shape::new(1, 512, 512)).unwrap_err();
    assert!(
        err.contains("multiply-adds") && err.contains("the limit is"),
        "{err}"
    );
}
