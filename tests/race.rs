//! The overfitting race on the real bundled digits: time slicing with a fake
//! clock, the curves, the shift test checked against a direct computation,
//! determinism, and clear refusals of unusable data.
//!
//! `cargo test --test race -- --nocapture` prints the race's numbers
//! (`RACE_EPOCHS=15` for the page's full 500-digit race).

mod common;

use cnn_playground::core::Dataset;
use cnn_playground::core::{shift_image, Shape};
use cnn_playground::panels::race::tally::predict;
use cnn_playground::panels::race::{view, Phase, Race, RaceConfig, CNN, MLP, NAMES};
use common::bundled::split;
use std::time::Instant;

/// A small race that finishes in a few seconds natively.
fn small_config() -> RaceConfig {
    RaceConfig {
        subset: 200,
        epochs: 3,
        train_eval: 200,
        test_eval: 500,
        shift_images: 200,
        max_shift: 4,
        ..RaceConfig::for_subset(200)
    }
}

/// A fake clock: every reading is `step` ms later than the last.
fn fake_clock(step: f64) -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += step;
        t
    }
}

fn run_to_end(race: &mut Race) -> usize {
    race.start();
    let mut clock = fake_clock(1.0);
    let mut ticks = 0;
    while !race.is_done() {
        assert!(race.tick(5.0, &mut clock));
        ticks += 1;
        assert!(ticks < 1_000_000, "race never finished");
    }
    ticks
}

#[test]
fn tick_honours_the_budget_and_stop() {
    let (train, test) = (split("train"), split("test"));
    let mut race = Race::new(&train, &test, small_config()).unwrap();
    let calls = std::cell::Cell::new(0);
    let mut clock = || {
        calls.set(calls.get() + 1);
        calls.get() as f64 * 10.0
    };
    // Not started: no work at all.
    assert!(!race.tick(1000.0, &mut clock));
    assert!(race.nets()[MLP].curve.is_empty());
    race.start();
    // Each reading is 10 ms later. Work starts while less than 25 ms have
    // passed: at 0, 10 and 20 ms, so three units and four readings.
    let before = race.progress();
    assert!(race.tick(25.0, &mut clock));
    assert_eq!(calls.get(), 4, "one start reading plus one per unit");
    assert!(race.progress() >= before);
    race.stop();
    assert!(!race.tick(1000.0, &mut clock));
    assert_eq!(calls.get(), 4);
}

#[test]
fn small_race_runs_to_the_end_and_its_numbers_hold() {
    let (train, test) = (split("train"), split("test"));
    let cfg = small_config();
    let mut race = Race::new(&train, &test, cfg).unwrap();
    assert_eq!(race.subset_len(), 200);
    assert_eq!(race.phase(), Phase::Evaluating { epoch: 0 });
    run_to_end(&mut race);
    assert_eq!(race.phase(), Phase::Done);
    assert!(!race.is_running());
    assert_eq!(race.progress(), 1.0);
    let (mlp, cnn) = (&race.nets()[MLP], &race.nets()[CNN]);
    // Many more weights in the dense network.
    assert!(
        mlp.params > 20 * cnn.params,
        "{} vs {}",
        mlp.params,
        cnn.params
    );
    for r in [mlp, cnn] {
        assert_eq!(r.curve.len(), cfg.epochs + 1);
        assert_eq!(
            r.curve.iter().map(|p| p.epoch).collect::<Vec<_>>(),
            (0..=cfg.epochs).collect::<Vec<_>>()
        );
        let (first, last) = (r.curve[0], *r.curve.last().unwrap());
        // Untrained: about chance. Trained on 200 digits: well above it.
        assert!(first.test_acc < 0.3, "untrained {}", first.test_acc);
        assert!(last.test_acc > 0.5, "trained {}", last.test_acc);
        assert!(last.train_acc >= last.test_acc - 0.05);
        assert_eq!(r.shift.len(), cfg.max_shift + 1);
        assert!(r.shift.iter().all(|a| (0.0..=1.0).contains(a)));
    }
    // The dense net has memorised its 200 images by now.
    assert!(mlp.curve.last().unwrap().train_acc > 0.95);
    // A 4-pixel shift hurts the MLP a lot.
    assert!(mlp.shift[4] < mlp.shift[0] - 0.2, "{:?}", mlp.shift);
    // What the panel shows agrees with the race.
    assert_eq!(view::state(&race), "done");
    assert!(
        view::status(&race).starts_with("Finished: 3 epochs"),
        "{}",
        view::status(&race)
    );
    let rows = view::rows(&race);
    assert_eq!(rows[MLP].params, mlp.params);
    assert_eq!(rows[CNN].test, race.test_accuracy(CNN));
    assert_eq!(
        view::shift_attr(&race, MLP).split(',').count(),
        cfg.max_shift + 1
    );
    assert!(view::describe_shift(&race).contains("CNN: 0 px"));
    let summary = view::shift_summary(&race).unwrap();
    assert!(
        summary.contains(&view::percent(Some(cnn.shift[2]))),
        "{summary}"
    );
    // It says which digits and which directions the figure averages.
    let n = cfg.shift_images.min(test.len());
    assert!(
        summary.contains(&format!(
            "first {n} held-out digits by 2 pixels left, right, up and down"
        )),
        "{summary}"
    );
}

#[test]
fn shift_test_matches_a_direct_count() {
    let (train, test) = (split("train"), split("test"));
    let cfg = small_config();
    let mut race = Race::new(&train, &test, cfg).unwrap();
    run_to_end(&mut race);
    let shape = Shape::new(1, 28, 28);
    for net in [MLP, CNN] {
        for s in [0i32, 2] {
            let reported = race.nets()[net].shift[s as usize];
            let dirs: Vec<(i32, i32)> = if s == 0 {
                vec![(0, 0)]
            } else {
                vec![(s, 0), (-s, 0), (0, s), (0, -s)]
            };
            let (mut right, mut total) = (0, 0);
            let mut moved = vec![0.0; 784];
            for &(dx, dy) in &dirs {
                for i in 0..cfg.shift_images {
                    shift_image(test.image(i), shape, dx, dy, &mut moved);
                    let model = race.model_mut(net).unwrap();
                    right += (predict(model, &moved) == Some(test.labels[i] as usize)) as usize;
                    total += 1;
                }
            }
            let direct = right as f32 / total as f32;
            assert!(
                (direct - reported).abs() < 1e-6,
                "{} shift {s}: direct {direct}, race {reported}",
                NAMES[net]
            );
        }
    }
}

#[test]
fn same_seed_same_race_and_subsets_are_real() {
    let (train, test) = (split("train"), split("test"));
    let cfg = RaceConfig {
        epochs: 1,
        shift_images: 50,
        max_shift: 1,
        ..small_config()
    };
    let mut a = Race::new(&train, &test, cfg).unwrap();
    let mut b = Race::new(&train, &test, cfg).unwrap();
    run_to_end(&mut a);
    // Different slicing, same result: the clock only decides when to yield.
    b.start();
    let mut clock = fake_clock(0.5);
    while !b.is_done() {
        b.tick(20.0, &mut clock);
    }
    for net in [MLP, CNN] {
        assert_eq!(a.nets()[net].curve, b.nets()[net].curve);
        assert_eq!(a.nets()[net].shift, b.nets()[net].shift);
    }
    let all = Race::new(&train, &test, RaceConfig::for_subset(8000)).unwrap();
    assert_eq!(all.subset_len(), 8000);
    let big = Race::new(&train, &test, RaceConfig::for_subset(1_000_000)).unwrap();
    assert_eq!(big.subset_len(), train.len());
}

#[test]
fn unusable_data_is_refused_with_a_message() {
    let test = split("test");
    let empty = Dataset {
        shape: Shape::new(1, 28, 28),
        images: vec![],
        labels: vec![],
    };
    let err = Race::new(&empty, &test, small_config()).err().unwrap();
    assert!(err.contains("training set has no images"), "{err}");
    let small = Dataset {
        shape: Shape::new(1, 8, 8),
        images: vec![0.0; 64],
        labels: vec![1],
    };
    let err = Race::new(&test, &small, small_config()).err().unwrap();
    assert!(err.contains("held-out images are"), "{err}");
    let zero = RaceConfig {
        subset: 0,
        ..small_config()
    };
    assert!(Race::new(&test, &test, zero).is_err());
}

/// The race the page runs on 500 digits, shortened to 8 epochs (both nets
/// are at 98 to 100% on their training digits by then): the numbers the
/// lesson rests on hold. Prints them; `RACE_EPOCHS` runs it longer.
#[test]
fn race_numbers_hold_on_500_digits() {
    let (train, test) = (split("train"), split("test"));
    let epochs = std::env::var("RACE_EPOCHS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(8);
    let cfg = RaceConfig {
        epochs,
        ..RaceConfig::for_subset(500)
    };
    let mut race = Race::new(&train, &test, cfg).unwrap();
    let t0 = Instant::now();
    let mut clock = || t0.elapsed().as_secs_f64() * 1000.0;
    race.start();
    while !race.is_done() {
        race.tick(8.0, &mut clock);
    }
    let nets = race.nets();
    for (i, r) in nets.iter().enumerate() {
        let last = r.curve.last().unwrap();
        let shift: Vec<String> = r
            .shift
            .iter()
            .map(|a| format!("{:.1}", 100.0 * a))
            .collect();
        println!(
            "{:>4} {:>7} params: train {:.1}%  held-out {:.1}%  shift 0..6 px: {}",
            NAMES[i],
            r.params,
            100.0 * last.train_acc,
            100.0 * last.test_acc,
            shift.join(" ")
        );
    }
    let (mlp, cnn) = (&nets[MLP], &nets[CNN]);
    assert_eq!((mlp.params, cnn.params), (235_146, 5_994));
    let (m, c) = (mlp.curve.last().unwrap(), cnn.curve.last().unwrap());
    assert!(
        m.train_acc > 0.97 && c.train_acc > 0.95,
        "both fit their digits"
    );
    assert!(
        c.test_acc > m.test_acc,
        "the CNN generalises better: {c:?} vs {m:?}"
    );
    assert!(
        m.train_acc - m.test_acc > c.train_acc - c.test_acc,
        "the dense net overfits more"
    );
    assert!(
        cnn.shift[2] > mlp.shift[2] + 0.1,
        "a 2-pixel shift hurts the dense net more: {:?} vs {:?}",
        cnn.shift,
        mlp.shift
    );
}
