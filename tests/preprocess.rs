//! Native tests of the drawn-digit preprocessing and the stroke rasterizer.

use cnn_playground::panels::draw::preprocess::{
    center_of_mass, Pad, Stroke, DEFAULT_BRUSH, PAD_SIDE, SIDE,
};

fn stroke(points: &[(f32, f32)]) -> Stroke {
    Stroke {
        points: points.to_vec(),
        width: DEFAULT_BRUSH,
    }
}

/// A "1": one vertical stroke.
fn one(dx: f32, dy: f32) -> Vec<Stroke> {
    vec![stroke(&[(140.0 + dx, 40.0 + dy), (140.0 + dx, 240.0 + dy)])]
}

/// A "7": a bar and a slanted stem.
fn seven() -> Vec<Stroke> {
    vec![stroke(&[(70.0, 50.0), (210.0, 50.0), (120.0, 240.0)])]
}

/// A "0": an ellipse as a closed polyline.
fn zero() -> Vec<Stroke> {
    let pts: Vec<(f32, f32)> = (0..=48)
        .map(|i| {
            let t = i as f32 / 48.0 * std::f32::consts::TAU;
            (140.0 + 60.0 * t.cos(), 140.0 + 95.0 * t.sin())
        })
        .collect();
    vec![stroke(&pts)]
}

fn pad(strokes: &[Stroke]) -> Pad {
    Pad::from_strokes(PAD_SIDE, PAD_SIDE, strokes)
}

fn com28(img: &[f32]) -> (f32, f32) {
    center_of_mass(img, SIDE, SIDE).expect("image has ink")
}

/// Size of the ink along each axis, measured as (sum of profile) / (peak of
/// profile): exact for a solid block even when its edges fall between pixels.
fn extent(img: &[f32], w: usize, h: usize) -> (f32, f32) {
    let cols: Vec<f32> = (0..w)
        .map(|x| (0..h).map(|y| img[y * w + x]).sum())
        .collect();
    let rows: Vec<f32> = (0..h)
        .map(|y| (0..w).map(|x| img[y * w + x]).sum())
        .collect();
    let peak = |v: &[f32]| v.iter().cloned().fold(0.0f32, f32::max);
    let total: f32 = cols.iter().sum();
    (total / peak(&cols), total / peak(&rows))
}

#[test]
fn centre_of_mass_lands_at_frame_centre() {
    for (name, strokes) in [("1", one(0.0, 0.0)), ("7", seven()), ("0", zero())] {
        let img = pad(&strokes).to_mnist().expect("digit has ink");
        assert_eq!(img.len(), 784);
        let (cx, cy) = com28(&img);
        assert!(
            (cx - 14.0).abs() < 0.5 && (cy - 14.0).abs() < 0.5,
            "{name}: com ({cx}, {cy})"
        );
    }
}

#[test]
fn ink_is_scaled_to_fit_twenty_pixels() {
    let img = pad(&zero()).to_mnist().unwrap();
    let rows_with_ink = (0..SIDE)
        .filter(|y| (0..SIDE).any(|x| img[y * SIDE + x] > 0.05))
        .count();
    // The 0 is taller than wide, so its height fills the 20-pixel box
    // (one extra row may be partly covered after the sub-pixel recentring).
    assert!((20..=21).contains(&rows_with_ink), "rows {rows_with_ink}");
}

#[test]
fn aspect_ratio_is_kept() {
    // A solid 40 x 160 block: scaled by 20/160 it becomes 5 x 20.
    let (w, h) = (200, 200);
    let mut px = vec![0.0; w * h];
    for y in 20..180 {
        for x in 60..100 {
            px[y * w + x] = 1.0;
        }
    }
    let img = Pad::from_pixels(w, h, px).unwrap().to_mnist().unwrap();
    let (ew, eh) = extent(&img, SIDE, SIDE);
    assert!((ew - 5.0).abs() < 0.05, "width {ew}");
    assert!((eh - 20.0).abs() < 0.05, "height {eh}");
    // Area averaging keeps the ink: 40*160 pixels at scale 1/8 is 100.
    let mass: f32 = img.iter().sum();
    assert!((mass - 100.0).abs() < 0.1, "mass {mass}");
}

#[test]
fn same_digit_anywhere_on_the_pad_gives_the_same_input() {
    let a = pad(&one(0.0, 0.0)).to_mnist().unwrap();
    let b = pad(&one(-90.0, 20.0)).to_mnist().unwrap();
    let diff = a
        .iter()
        .zip(&b)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f32::max);
    assert!(diff < 1e-3, "max diff {diff}");
}

#[test]
fn empty_pad_gives_none() {
    let p = Pad::new(PAD_SIDE, PAD_SIDE);
    assert!(p.to_mnist().is_none());
    assert!(p.to_mnist_no_recenter().is_none());
    // Faint smudges below the ink threshold are not a digit either.
    let faint = Pad::from_pixels(10, 10, vec![0.01; 100]).unwrap();
    assert!(faint.to_mnist().is_none());
}

#[test]
fn tiny_dot_is_handled() {
    let mut px = vec![0.0; 50 * 50];
    px[3 * 50 + 47] = 1.0;
    let img = Pad::from_pixels(50, 50, px).unwrap().to_mnist().unwrap();
    let (cx, cy) = com28(&img);
    assert!((cx - 14.0).abs() < 0.5 && (cy - 14.0).abs() < 0.5);
    assert!(img.iter().all(|v| (0.0..=1.0).contains(v)));
    // One pixel scaled by 20 covers a 20x20 block.
    let mass: f32 = img.iter().sum();
    assert!((mass - 400.0).abs() < 0.5, "mass {mass}");
}

#[test]
fn ink_at_the_border_is_handled() {
    // A stroke hugging the top-left corner, partly off the pad.
    let p = pad(&[
        stroke(&[(-5.0, 0.0), (0.0, 120.0)]),
        stroke(&[(0.0, 0.0), (90.0, 0.0)]),
    ]);
    let img = p.to_mnist().unwrap();
    let (cx, cy) = com28(&img);
    assert!(
        (cx - 14.0).abs() < 0.5 && (cy - 14.0).abs() < 0.5,
        "({cx}, {cy})"
    );
    assert!(img.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn no_recenter_keeps_the_raw_position() {
    let p = pad(&one(-100.0, -30.0));
    let raw = p.to_mnist_no_recenter().unwrap();
    let (cx, cy) = com28(&raw);
    let (px, py) = center_of_mass(p.pixels(), PAD_SIDE, PAD_SIDE).unwrap();
    // The whole 280 pad shrinks by 1/10, so the centre of mass does too.
    assert!((cx - px / 10.0).abs() < 0.1 && (cy - py / 10.0).abs() < 0.1);
    assert!(cx < 6.0, "the 1 stays on the left: {cx}");
    // And it differs from the recentred input.
    let centred = p.to_mnist().unwrap();
    assert!((com28(&centred).0 - 14.0).abs() < 0.5);
}

#[test]
fn rasterizer_draws_an_antialiased_round_brush() {
    let p = pad(&[stroke(&[(40.0, 100.0), (240.0, 100.0)])]);
    // A vertical slice through the middle of the line is about one brush wide.
    let slice: f32 = (0..PAD_SIDE).map(|y| p.pixels()[y * PAD_SIDE + 140]).sum();
    assert!((slice - DEFAULT_BRUSH).abs() < 0.6, "slice {slice}");
    // Edges are anti-aliased: some pixels are strictly between 0 and 1.
    assert!(p.pixels().iter().any(|&v| v > 0.05 && v < 0.95));
    // Round caps: past the end by more than the radius there is no ink.
    let r = DEFAULT_BRUSH / 2.0;
    assert_eq!(p.pixels()[100 * PAD_SIDE + (240.0 + r + 2.0) as usize], 0.0);
    // A single point is a dot of area about pi r^2.
    let dot = Pad::from_strokes(
        100,
        100,
        &[Stroke {
            points: vec![(50.0, 50.0)],
            width: 20.0,
        }],
    );
    let area: f32 = dot.pixels().iter().sum();
    assert!(
        (area - std::f32::consts::PI * 100.0).abs() < 3.0,
        "area {area}"
    );
}

#[test]
fn bad_pixels_are_refused_or_cleaned() {
    let err = Pad::from_pixels(4, 4, vec![0.0; 15]).unwrap_err();
    assert!(err.contains("16") && err.contains("15"), "{err}");
    assert!(Pad::from_pixels(0, 4, vec![]).is_err());
    let p = Pad::from_pixels(2, 1, vec![f32::NAN, 7.0]).unwrap();
    assert_eq!(p.pixels(), &[0.0, 1.0]);
    // Non-finite stroke points are skipped, not drawn.
    let q = Pad::from_strokes(
        10,
        10,
        &[Stroke {
            points: vec![(f32::NAN, 1.0)],
            width: 3.0,
        }],
    );
    assert!(q.ink_bbox().is_none());
}
