//! Native tests of the digit pad's state: strokes, undo, clear, coordinates,
//! the keyboard pen, the prediction throttle and reading a probability vector.

use cnn_playground::panels::draw::preprocess::{Pad, DEFAULT_BRUSH, PAD_SIDE};
use cnn_playground::panels::draw::sketch::{
    key_action, to_pad, KeyAction, KeyPen, Reading, Sketch, Throttle, KEY_STEP,
};

fn draw_line(s: &mut Sketch, a: (f32, f32), b: (f32, f32)) {
    s.begin(a.0, a.1);
    for i in 1..=20 {
        let t = i as f32 / 20.0;
        s.extend(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
    }
    s.end();
}

#[test]
fn incremental_pad_equals_rasterizing_the_polylines() {
    let mut s = Sketch::default();
    draw_line(&mut s, (140.0, 40.0), (140.0, 240.0));
    draw_line(&mut s, (70.0, 50.0), (210.0, 60.0));
    let again = Pad::from_strokes(PAD_SIDE, PAD_SIDE, s.strokes());
    assert_eq!(s.pad(), &again);
    assert_eq!(s.strokes().len(), 2);
    assert!(s.strokes().iter().all(|st| st.width == DEFAULT_BRUSH));
}

#[test]
fn close_points_are_skipped_and_extend_needs_an_open_stroke() {
    let mut s = Sketch::default();
    assert!(!s.extend(10.0, 10.0), "no stroke open yet");
    s.begin(100.0, 100.0);
    assert!(!s.extend(100.5, 100.5), "too close to the last point");
    assert!(s.extend(110.0, 100.0));
    assert!(!s.extend(f32::NAN, 3.0));
    s.end();
    assert!(!s.drawing());
    assert!(!s.extend(150.0, 100.0), "stroke ended");
    assert_eq!(s.strokes()[0].points.len(), 2);
}

#[test]
fn undo_removes_only_the_last_stroke_and_clear_empties() {
    let mut s = Sketch::default();
    draw_line(&mut s, (140.0, 40.0), (140.0, 240.0));
    let one_stroke = s.pad().clone();
    draw_line(&mut s, (40.0, 140.0), (240.0, 140.0));
    assert_ne!(s.pad(), &one_stroke);
    assert!(s.undo());
    assert_eq!(s.pad(), &one_stroke);
    assert!(s.undo());
    assert!(s.is_empty());
    assert!(s.pad().pixels().iter().all(|&v| v == 0.0));
    assert!(!s.undo(), "nothing left to undo");
    draw_line(&mut s, (40.0, 140.0), (240.0, 140.0));
    s.clear();
    assert!(s.is_empty());
    assert!(s.input(true).is_none(), "an empty pad gives no input");
    assert!(s.input(false).is_none());
}

#[test]
fn recentring_moves_a_corner_digit_to_the_middle() {
    let mut s = Sketch::default();
    draw_line(&mut s, (30.0, 20.0), (30.0, 90.0));
    let centred = s.input(true).expect("ink");
    let raw = s.input(false).expect("ink");
    let col_mass = |img: &[f32]| -> f32 {
        let m: f32 = img.iter().sum();
        img.iter()
            .enumerate()
            .map(|(i, v)| v * ((i % 28) as f32 + 0.5))
            .sum::<f32>()
            / m
    };
    assert!((col_mass(&centred) - 14.0).abs() < 0.5);
    assert!(col_mass(&raw) < 5.0, "raw input keeps the corner position");
}

#[test]
fn pointer_coordinates_follow_css_scaling_and_clamp() {
    // A 280-pixel pad shown 140 CSS pixels wide at (10, 20).
    let rect = (10.0, 20.0, 140.0, 140.0);
    assert_eq!(to_pad((10.0, 20.0), rect, 280), (0.0, 0.0));
    assert_eq!(to_pad((80.0, 90.0), rect, 280), (140.0, 140.0));
    assert_eq!(to_pad((500.0, -50.0), rect, 280), (280.0, 0.0));
    // A zero-size rectangle (hidden canvas) maps to the centre, not NaN.
    assert_eq!(
        to_pad((1.0, 1.0), (0.0, 0.0, 0.0, 0.0), 280),
        (140.0, 140.0)
    );
}

#[test]
fn throttle_runs_at_most_once_per_interval() {
    let mut t = Throttle::new(50.0);
    assert!(t.ready(0.0));
    assert!(!t.ready(20.0));
    assert!(!t.ready(49.9));
    assert!(t.ready(50.0));
    t.force(60.0);
    assert!(!t.ready(100.0));
    assert!(t.ready(110.0));
    assert!(
        t.ready(5.0),
        "a clock that went backwards does not block forever"
    );
}

#[test]
fn reading_picks_the_most_likely_class() {
    let mut p = vec![0.01f32; 10];
    p[7] = 0.8;
    p[1] = 0.11;
    let r = Reading::from_probs(p).expect("valid");
    assert_eq!(r.digit, 7);
    assert!((r.confidence - 0.8).abs() < 1e-6);
    assert_eq!(r.second(), Some((1, 0.11)));
    assert!(Reading::from_probs(vec![]).is_none());
    assert!(Reading::from_probs(vec![0.5, f32::NAN]).is_none());
}

#[test]
fn keyboard_pen_draws_a_stroke() {
    let mut s = Sketch::default();
    let mut pen = KeyPen::centred(PAD_SIDE);
    assert_eq!(key_action("Tab", false), None);
    assert_eq!(key_action("Escape", false), None);
    assert_eq!(key_action("Escape", true), Some(KeyAction::TogglePen));
    // Moving with the pen up draws nothing.
    assert!(!pen.apply(KeyAction::Move(0, -1), &mut s));
    assert!(s.is_empty());
    assert!(pen.apply(key_action(" ", false).unwrap(), &mut s));
    for _ in 0..5 {
        assert!(pen.apply(key_action("ArrowDown", true).unwrap(), &mut s));
    }
    assert!(!pen.apply(KeyAction::TogglePen, &mut s));
    assert_eq!(s.strokes().len(), 1);
    let pts = &s.strokes()[0].points;
    assert_eq!(pts.len(), 6);
    assert_eq!(pts[5].1 - pts[0].1, 5.0 * KEY_STEP);
    assert!(s.input(true).is_some());
    // The pen stays on the pad.
    for _ in 0..100 {
        pen.apply(KeyAction::Move(-1, 0), &mut s);
    }
    assert_eq!(pen.x, 0.0);
    assert!(pen.apply(KeyAction::Clear, &mut s));
    assert!(s.is_empty());
}

#[test]
fn pad_colours_follow_coverage() {
    use cnn_playground::panels::draw::sketch::{pad_rgba, INK, PAPER};
    let pad = Pad::from_pixels(3, 1, vec![0.0, 1.0, 0.5]).unwrap();
    let rgba = pad_rgba(&pad);
    assert_eq!(rgba.len(), 12);
    assert_eq!(&rgba[0..3], &PAPER);
    assert_eq!(&rgba[4..7], &INK);
    assert!(rgba[8] < PAPER[0] && rgba[8] > INK[0]);
    assert!(rgba.chunks(4).all(|p| p[3] == 255));
}

#[test]
fn revision_changes_exactly_when_the_pad_does() {
    let mut s = Sketch::new(PAD_SIDE, DEFAULT_BRUSH);
    let mut last = s.revision();
    let mut changed = |s: &Sketch| {
        let c = s.revision() != last;
        last = s.revision();
        c
    };
    assert!(!s.extend(10.0, 10.0));
    assert!(!changed(&s), "no open stroke: nothing drawn");
    s.begin(10.0, 10.0);
    assert!(changed(&s), "a stroke's first dot");
    assert!(!s.extend(10.5, 10.5));
    assert!(!changed(&s), "a point too close is skipped");
    assert!(s.extend(40.0, 40.0));
    assert!(changed(&s), "a new segment");
    s.end();
    assert!(!changed(&s), "ending a stroke draws nothing");
    assert!(!s.pad().to_mnist().unwrap_or_default().is_empty());
    assert!(s.undo());
    assert!(changed(&s), "undo");
    assert!(!s.undo());
    assert!(!changed(&s), "nothing left to undo");
    s.begin(5.0, 5.0);
    s.clear();
    assert!(changed(&s), "clear");
}
