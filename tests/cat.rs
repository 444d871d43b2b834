//! Native tests of the translation-invariance demo: sprite file, scene,
//! detectors run through the core, dense neuron, count and pooling limits.

use cnn_playground::panels::cat::pgm::parse_pgm;
use cnn_playground::panels::cat::scene::MAX_CATS;
use cnn_playground::panels::cat::sprite::{detectors, K, PARTS};
use cnn_playground::panels::cat::{cat_count, CatDemo, Scene, Sprite, START};

fn demo() -> CatDemo {
    CatDemo::new().expect("the built-in demo builds")
}

/// Offsets the cat is dragged by, from [`START`]: small, large, every direction.
const MOVES: [(i64, i64); 9] = [
    (0, 0),
    (1, 0),
    (0, 1),
    (3, -2),
    (7, 5),
    (16, 0),
    (40, 20),
    (-20, -40),
    (77, 46),
];

#[test]
fn sprite_file_is_a_24x24_cat_with_transparency() {
    let s = Sprite::builtin().unwrap();
    assert_eq!((s.w, s.h), (24, 24));
    assert!(!s.opaque[0], "corner is transparent");
    assert!(s.opaque[12 * 24 + 12], "face is drawn");
    // The eye is dark inside light fur; the sprite is mirror-symmetric.
    assert!(s.pixels[10 * 24 + 4] < 0.1 && s.pixels[7 * 24 + 4] > 0.7);
    for y in 0..24 {
        for x in 0..24 {
            assert_eq!(s.pixels[y * 24 + x], s.pixels[y * 24 + 23 - x]);
        }
    }
}

#[test]
fn pgm_errors_are_clear() {
    let ok = parse_pgm("P2\n# comment\n2 1 # w h\n255\n0 255\n").unwrap();
    assert_eq!(ok.pixels, vec![0.0, 1.0]);
    let err = |t: &str| parse_pgm(t).unwrap_err();
    assert!(err("P5 2 1 255 0 0").contains("'P5'"));
    assert!(err("").contains("empty"));
    assert!(err("P2 2 x 255").contains("height"));
    assert!(err("P2 2 2 255 1 2 3").contains("3 values"));
    assert!(err("P2 2 1 255 1 2 3").contains("more than"));
    assert!(err("P2 2 1 9 1 10").contains("row 1, column 2"));
    assert!(err("P2 99999 1 255").contains("out of range"));
    assert!(
        Sprite::from_pgm("P2 2 1 255 0 0").is_err(),
        "all transparent"
    );
}

#[test]
fn detectors_are_zero_mean_unit_filters() {
    let ds = detectors(&Sprite::builtin().unwrap()).unwrap();
    assert_eq!(ds.len(), 3);
    for d in &ds {
        assert_eq!(d.weights.len(), K * K);
        let sum: f32 = d.weights.iter().sum();
        let norm: f32 = d.weights.iter().map(|w| w * w).sum::<f32>().sqrt();
        assert!(sum.abs() < 1e-4 && (norm - 1.0).abs() < 1e-4, "{}", d.name);
        assert!(d.self_score > 0.5);
    }
}

#[test]
fn scene_clamps_adds_and_removes_cats() {
    let mut s = Scene::new(128, 96, Sprite::builtin().unwrap()).unwrap();
    assert_eq!(s.clamp(-5, 500), (0, 72));
    assert_eq!(s.add_cat(200, -3).unwrap(), 0);
    assert_eq!(s.cats(), &[(104, 0)]);
    assert_eq!(s.move_cat(0, 10, 20), Some((10, 20)));
    assert_eq!(s.move_cat(3, 10, 20), None);
    for _ in 1..MAX_CATS {
        s.add_cat(0, 0).unwrap();
    }
    assert!(s.add_cat(0, 0).unwrap_err().contains("at most"));
    assert!(s.remove_cat(0) && !s.remove_cat(99));
    assert_eq!(s.cats().len(), MAX_CATS - 1);
    assert!(Scene::new(10, 10, Sprite::builtin().unwrap()).is_err());
    // The backdrop is textured but faint, and the same every time.
    let bg = s.background();
    assert_eq!(bg, s.background());
    let (lo, hi) = bg
        .iter()
        .fold((1.0f32, 0.0f32), |(a, b), &v| (a.min(v), b.max(v)));
    assert!(hi - lo > 0.03 && lo > 0.24 && hi < 0.36, "{lo}..{hi}");
}

#[test]
fn conv_maps_come_from_the_core_conv() {
    // Check one map value against a direct correlation of filter and scene.
    let mut d = demo();
    let r = d.readout();
    let (w, k) = (d.scene().width(), K);
    let det = &d.detectors()[1];
    let (my, mx) = (START.1 + 3, START.0 + 1);
    let mut want = 0.0f32;
    for dy in 0..k {
        for dx in 0..k {
            want += det.weights[dy * k + dx] * r.pixels[(my + dy) * w + mx + dx];
        }
    }
    let m = &r.maps[1];
    assert_eq!((m.h, m.w), (128 - k + 1, 128 - k + 1));
    assert!((m.values[my * m.w + mx] - want).abs() < 1e-4);
}

#[test]
fn hot_spots_move_with_the_cat() {
    let mut d = demo();
    let first = d.readout();
    for (i, m) in first.maps.iter().enumerate() {
        // At the start each detector finds its own part of the cat.
        let p = PARTS[i];
        assert_eq!(
            m.hot,
            (START.0 + p.x + K / 2, START.1 + p.y + K / 2),
            "{}",
            m.name
        );
    }
    for (dx, dy) in MOVES {
        let (x, y) = (START.0 as i64 + dx, START.1 as i64 + dy);
        assert_eq!(
            d.scene_mut().move_cat(0, x, y),
            Some((x as usize, y as usize))
        );
        let r = d.readout();
        for (m, m0) in r.maps.iter().zip(&first.maps) {
            let moved = (
                m.hot.0 as i64 - m0.hot.0 as i64,
                m.hot.1 as i64 - m0.hot.1 as i64,
            );
            assert_eq!(moved, (dx, dy), "{} after moving by ({dx}, {dy})", m.name);
        }
        let moved = (
            r.hotspot.0 as i64 - first.hotspot.0 as i64,
            r.hotspot.1 as i64 - first.hotspot.1 as i64,
        );
        assert_eq!(moved, (dx, dy));
    }
}

#[test]
fn conv_score_stays_while_dense_score_collapses() {
    let mut d = demo();
    let start = d.readout();
    assert!((start.dense_score - 1.0).abs() < 1e-5);
    assert!(
        (start.conv_score - 1.0).abs() < 0.03,
        "{}",
        start.conv_score
    );
    for (dx, dy) in MOVES {
        d.scene_mut()
            .move_cat(0, START.0 as i64 + dx, START.1 as i64 + dy);
        let r = d.readout();
        let rel = r.conv_score / start.conv_score;
        assert!((rel - 1.0).abs() < 0.03, "conv score {rel} at ({dx}, {dy})");
        let dist = dx.abs().max(dy.abs());
        if dist >= 4 {
            assert!(
                r.dense_score < 0.5,
                "dense {} at ({dx}, {dy})",
                r.dense_score
            );
        }
        if dist >= 16 {
            assert!(
                r.dense_score < 0.2,
                "dense {} at ({dx}, {dy})",
                r.dense_score
            );
        }
        if dist >= 24 {
            // Once the cat no longer overlaps its start, nearly nothing is left.
            assert!(
                r.dense_score < 0.1,
                "dense {} at ({dx}, {dy})",
                r.dense_score
            );
        }
    }
}

#[test]
fn two_cats_are_both_seen() {
    let mut d = demo();
    d.scene_mut().add_cat(90, 10).unwrap();
    let r = d.readout();
    let eye = &r.maps[1];
    // Both cats' left eyes respond equally (same pattern, faint backdrop).
    let at = |x: usize, y: usize| eye.values[(y - K / 2) * eye.w + x - K / 2];
    let (p, c) = (PARTS[1], K / 2);
    let a = at(START.0 + p.x + c, START.1 + p.y + c);
    let b = at(90 + p.x + c, 10 + p.y + c);
    assert!((a - b).abs() < 0.02 * a, "{a} vs {b}");
    assert!((r.conv_score - 1.0).abs() < 0.03);
    // Removing the first cat leaves the conv score, not the dense one.
    assert!(d.scene_mut().remove_cat(0));
    let r = d.readout();
    assert!((r.conv_score - 1.0).abs() < 0.03 && r.dense_score < 0.2);
}

#[test]
fn detectors_need_a_handful_of_weights_dense_needs_millions() {
    let c = demo().count();
    assert_eq!(c.detector_params, 3 * 7 * 7 + 3);
    assert_eq!(c.detector_formula, "3 x 7 x 7 + 3 = 150");
    // (128 - 24 + 1)^2 = 11,025 positions, each a 128 x 128 template + bias.
    assert_eq!(c.positions, 11_025);
    assert_eq!(c.dense_params, 16_384 * 11_025 + 11_025);
    assert_eq!(
        c.dense_formula,
        "11,025 positions x 128 x 128 + 11,025 = 180,644,625"
    );
    assert_eq!(cat_count(24, 24, 24, 24, 7, 3).positions, 1);
}

#[test]
fn strided_pool_shifts_only_roughly_global_max_exactly() {
    let d = demo();
    for x in [40, 41] {
        let one = d.pool_shift((x, 50), 1).unwrap();
        let two = d.pool_shift((x, 50), 2).unwrap();
        // A 1-pixel move changes the pooled maps by a large part of their peak...
        assert!(
            one.max_abs_diff > 0.2 * one.peak,
            "x {x}: {} of {}",
            one.max_abs_diff,
            one.peak
        );
        // ...a move by the stride only shifts them by one cell...
        assert!(two.max_abs_diff < 1e-4, "x {x}: {}", two.max_abs_diff);
        // ...and the global max does not change either way.
        assert!(one.global_max_abs_diff < 1e-5 && two.global_max_abs_diff < 1e-5);
        assert_eq!(one.shape.c, 3);
        assert_eq!((one.shape.h, one.shape.w), (61, 61));
    }
    assert!(
        d.pool_shift((104, 50), 1).is_err(),
        "cat would leave the scene"
    );
}

#[test]
fn score_curve_is_flat_for_conv_and_a_spike_for_dense() {
    let mut d = demo();
    let curve = d.score_curve(0, START.1, 4);
    assert_eq!(d.scene().cats(), &[START], "the cat is put back");
    assert_eq!(curve.len(), (128 - 24) / 4 + 1);
    assert!(curve.iter().all(|&(_, conv, _)| (conv - 1.0).abs() < 0.03));
    let (best_x, _, best) =
        curve
            .iter()
            .copied()
            .fold((0, 0.0, f32::MIN), |b, p| if p.2 > b.2 { p } else { b });
    assert_eq!((best_x, best), (START.0, 1.0));
    let far = curve.iter().filter(|p| p.0.abs_diff(START.0) >= 24);
    assert!(far.clone().count() > 10 && far.into_iter().all(|p| p.2 < 0.1));
    assert!(d.score_curve(5, 0, 1).is_empty());
}
