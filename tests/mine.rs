//! "Your own digits": the set, its IDX round trip and errors, and that
//! fine-tuning the pretrained model on a handful of consistently drawn 7s (in
//! a style it misreads) teaches it that style without losing held-out accuracy.

mod common;

use cnn_playground::core::Rng;
use cnn_playground::panels::draw::mine::{accuracy, FineTune, MyDigits, MAX_MINE};
use cnn_playground::panels::draw::preprocess::{Pad, Stroke, PAD_SIDE};
use std::time::Instant;

/// A 7 drawn the same way each time, with a little jitter: a short top bar,
/// a stem curling back to the left at the bottom, a crossbar, leaning left.
fn seven(rng: &mut Rng) -> Vec<f32> {
    let mut j = |v: f32| v + rng.uniform(-6.0, 6.0);
    let lean = |x: f32, y: f32| (x - 0.35 * (y - 140.0), y);
    let bar: Vec<(f32, f32)> = [(j(60.0), j(60.0)), (j(200.0), j(50.0))]
        .into_iter()
        .map(|(x, y)| lean(x, y))
        .collect();
    let stem: Vec<(f32, f32)> = [
        (200.0, 50.0),
        (j(150.0), j(160.0)),
        (j(120.0), j(235.0)),
        (j(80.0), j(250.0)),
        (j(60.0), j(225.0)),
    ]
    .into_iter()
    .map(|(x, y)| lean(x, y))
    .collect();
    let cross: Vec<(f32, f32)> = [(j(110.0), j(145.0)), (j(210.0), j(145.0))]
        .into_iter()
        .map(|(x, y)| lean(x, y))
        .collect();
    let strokes: Vec<Stroke> = [bar, stem, cross]
        .into_iter()
        .map(|points| Stroke {
            points,
            width: 20.0,
        })
        .collect();
    Pad::from_strokes(PAD_SIDE, PAD_SIDE, &strokes)
        .to_mnist()
        .expect("the 7 has ink")
}

#[test]
fn fine_tuning_on_a_handful_of_sevens_raises_their_accuracy() {
    let model = common::pretrained::model();
    let (train, test) = (
        common::bundled::split("train"),
        common::bundled::split("test"),
    );
    let mut rng = Rng::new(7);
    let mut mine = MyDigits::default();
    let mut fresh = MyDigits::default();
    for i in 0..16 {
        let set = if i < 8 { &mut mine } else { &mut fresh };
        set.add(&seven(&mut rng), 7).unwrap();
    }
    let mut tune = FineTune::new(&model, &mine, &train, 1).unwrap();
    let fresh_before = accuracy(&mut model.clone(), fresh.data(), usize::MAX);
    let t0 = Instant::now();
    let mut clock = || t0.elapsed().as_secs_f64() * 1000.0;
    while !tune.is_done() {
        tune.tick(&test, 10.0, &mut clock).unwrap();
    }
    let (before, after) = (tune.before.unwrap(), tune.after.unwrap());
    assert_eq!(before.test, accuracy(&mut model.clone(), &test, 500));
    let fresh_after = accuracy(&mut tune.model().clone(), fresh.data(), usize::MAX);
    println!(
        "mine {:.2} -> {:.2}, fresh 7s {fresh_before:.2} -> {fresh_after:.2}, held-out {:.3} -> {:.3} in {:?}",
        before.mine, after.mine, before.test, after.test, t0.elapsed()
    );
    assert!(
        before.mine <= 0.5,
        "the style must be one the model misreads: {}",
        before.mine
    );
    assert!(
        after.mine >= before.mine + 0.4,
        "{} -> {}",
        before.mine,
        after.mine
    );
    assert!(
        fresh_after > fresh_before,
        "new 7s of the same style: {fresh_before} -> {fresh_after}"
    );
    assert!(
        after.test >= before.test - 0.03,
        "held-out {} -> {}",
        before.test,
        after.test
    );
}

#[test]
fn the_set_refuses_bad_digits_and_round_trips_as_idx() {
    let mut set = MyDigits::default();
    let mut rng = Rng::new(1);
    let img = seven(&mut rng);
    assert!(set.add(&img[..700], 7).is_err());
    assert!(set.add(&img, 10).is_err());
    assert!(set.add(&[0.0; 784], 3).unwrap_err().contains("empty"));
    set.add(&img, 7).unwrap();
    set.add(&img, 1).unwrap();
    assert_eq!(set.len(), 2);
    let (i, l) = set.to_idx();
    let back = MyDigits::from_idx(&i, &l).unwrap();
    assert_eq!(back.data().labels, vec![7, 1]);
    for (a, b) in back.data().images.iter().zip(&set.data().images) {
        assert!((a - b).abs() <= 0.5 / 255.0 + 1e-6);
    }
    assert!(set.remove(0) && !set.remove(5));
    assert_eq!(set.data().labels, vec![1]);
    // A damaged file gets the data files' message, not a panic.
    let err = MyDigits::from_idx(&i[..20], &l).unwrap_err();
    assert!(!err.is_empty());
    let err = MyDigits::from_idx(&i, &l[..9]).unwrap_err();
    assert!(err.contains("label"), "{err}");
    for _ in 0..MAX_MINE - 1 {
        set.add(&img, 7).unwrap();
    }
    assert!(set.add(&img, 7).unwrap_err().contains("full"));
}
