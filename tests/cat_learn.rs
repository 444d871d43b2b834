//! The learned cat detector: trained on left-half cats only, the conv net with
//! global max pooling finds cats in the right half as well as in the left,
//! and the dense net falls to about chance there.

use cnn_playground::panels::cat::learn::drag::{conv_evidence, dense_evidence, DragScene};
use cnn_playground::panels::cat::learn::filters::{describe, summary};
use cnn_playground::panels::cat::learn::scenes::{dataset, Region, Stamp, SIDE};
use cnn_playground::panels::cat::learn::stats::cat_probability;
use cnn_playground::panels::cat::learn::{
    conv_spec, dense_spec, Learner, Pooling, Stage, FILTERS, KERNEL,
};
use cnn_playground::panels::cat::Sprite;
use std::time::Instant;

fn run(learner: &mut Learner, pooling: Pooling) {
    learner.start(pooling).unwrap();
    let t0 = Instant::now();
    let mut clock = || t0.elapsed().as_secs_f64() * 1000.0;
    let mut ticks = 0;
    while learner.is_busy() {
        assert!(learner.tick(5.0, &mut clock));
        ticks += 1;
        assert!(ticks < 1_000_000);
    }
    assert_eq!(learner.stage(), Stage::Done, "{:?}", learner.error());
}

#[test]
fn conv_with_global_max_finds_unseen_cats_and_dense_does_not() {
    let mut learner = Learner::new(1).unwrap();
    let t0 = Instant::now();
    run(&mut learner, Pooling::GlobalMax);
    let conv = learner.latest().unwrap().stats;
    let dense = learner.dense_result().unwrap().stats;
    println!(
        "gmax conv: seen {:.3} unseen {:.3} ({} params, {:.0} ms); dense: seen {:.3} unseen {:.3} ({} params, {:.0} ms); all {:?}",
        conv.seen, conv.unseen, conv.params, conv.train_ms, dense.seen, dense.unseen, dense.params, dense.train_ms, t0.elapsed()
    );
    assert!(conv.seen >= 0.9, "conv seen {}", conv.seen);
    assert!(conv.unseen >= 0.9, "conv unseen {}", conv.unseen);
    assert!((conv.seen - conv.unseen).abs() <= 0.05, "{conv:?}");
    assert!(
        dense.seen >= 0.75,
        "the dense net learns the seen positions: {}",
        dense.seen
    );
    assert!(
        dense.unseen <= 0.65,
        "dense unseen {} should be near chance (0.5)",
        dense.unseen
    );
    assert!(dense.params >= conv.params);

    // The sweep: the conv net's score stays high on both sides; the dense
    // net's falls on the right.
    let r = learner.latest().unwrap();
    let right: Vec<f32> = r
        .curve
        .iter()
        .filter(|p| p.0 > SIDE / 2)
        .map(|p| p.1)
        .collect();
    let dense_right: Vec<f32> = learner
        .dense_result()
        .unwrap()
        .curve
        .iter()
        .filter(|p| p.0 > SIDE / 2)
        .map(|p| p.1)
        .collect();
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    assert!(mean(&right) > 0.8, "conv right {right:?}");
    assert!(mean(&dense_right) < 0.5, "dense right {dense_right:?}");

    // On the drag scene: where training cats were, both nets find the cat;
    // in the unseen half only the conv net does.
    let mut drag = DragScene::new(learner.sprite());
    let px = drag.render();
    let p_conv = cat_probability(learner.conv_mut().unwrap(), &px);
    let p_dense = cat_probability(learner.dense_mut().unwrap(), &px);
    let row: Vec<String> = (0..=SIDE - drag.cat_side())
        .map(|x| {
            let mut d = drag.clone();
            d.move_to(x as i64, drag.at.1 as i64);
            format!(
                "{x}:{:.2}",
                cat_probability(learner.dense_mut().unwrap(), &d.render())
            )
        })
        .collect();
    println!(
        "drag start {:?}: conv {p_conv:.2} dense {p_dense:.2}; dense along the row {row:?}",
        drag.at
    );
    assert!(
        p_conv >= 0.5 && p_dense >= 0.5,
        "both find the cat at the start"
    );
    let mut right = drag.clone();
    right.move_to(drag.at.0 as i64 + 20, drag.at.1 as i64);
    assert!(right.unseen());
    assert!(cat_probability(learner.conv_mut().unwrap(), &right.render()) >= 0.5);
    assert!(cat_probability(learner.dense_mut().unwrap(), &right.render()) < 0.5);

    // Where it fires: the conv evidence peaks near the cat, in either half.
    for x in [6, SIDE as i64 - 2 - drag.cat_side() as i64] {
        drag.move_to(x, 12);
        let e = conv_evidence(learner.conv_mut().unwrap(), &drag.render()).unwrap();
        let best =
            (0..e.values.len()).fold(0, |b, i| if e.values[i] > e.values[b] { i } else { b });
        let px = e.offset + e.step * (best % e.w) as f32;
        let centre = drag.at.0 as f32 + drag.cat_side() as f32 / 2.0;
        assert!(
            (px - centre).abs() <= drag.cat_side() as f32,
            "peak x {px} cat centre {centre}"
        );
        let d = dense_evidence(learner.dense_mut().unwrap(), &drag.render()).unwrap();
        assert_eq!(d.values.len(), SIDE * SIDE);
    }

    // The description is computed from the filters.
    let (_, model) = learner.conv().unwrap();
    let w = model
        .conv_weights(0)
        .unwrap()
        .iter()
        .copied()
        .collect::<Vec<f32>>();
    let looks = describe(&w, KERNEL, learner.sprite());
    assert_eq!(looks.len(), FILTERS);
    println!("{}", summary(&looks));
}

#[test]
fn flatten_loses_unseen_cats() {
    let mut learner = Learner::new(1).unwrap();
    run(&mut learner, Pooling::Flatten);
    let conv = learner.latest().unwrap().stats;
    println!("flatten conv: {conv:?}");
    assert!(conv.seen >= 0.85);
    assert!(conv.unseen < conv.seen - 0.1, "{conv:?}");
}

#[test]
fn scenes_are_balanced_and_cats_stay_in_their_half() {
    let sprite = Sprite::builtin().unwrap();
    let d = dataset(&sprite, 10, Region::Left, 3);
    assert_eq!(d.len(), 10);
    assert_eq!(d.labels.iter().filter(|&&l| l == 1).count(), 5);
    assert!(d.images.iter().all(|v| v.is_finite()));
    let s = Stamp::new(&sprite, 0.5);
    let (lo, hi) = s.x_range(Region::Left);
    let (rlo, rhi) = s.x_range(Region::Right);
    assert_eq!(lo, 0);
    assert_eq!(hi + 1, rlo);
    assert_eq!(rhi, SIDE - s.side);
    assert!((hi + s.side / 2) < SIDE / 2 && rlo + s.side / 2 >= SIDE / 2);
    assert!(conv_spec(Pooling::Avg2).validate().is_ok());
    assert!(dense_spec().total_params() > conv_spec(Pooling::Flatten).total_params());
    for p in Pooling::ALL {
        assert_eq!(Pooling::from_key(p.key()), Some(p));
    }
}
