//! Stroke-drawn digits through the preprocessing, read by the pretrained
//! model the app loads (`static/model/default.cnnw`: the default CNN, two
//! epochs of the bundled MNIST subset, written by `make model` before the
//! tests run), run by `make test` like every test:
//! `cargo test --test drawn_digits -- --nocapture` prints what each drawing
//! was read as.
//!
//! The digits are synthetic strokes (polylines) in three styles: upright,
//! slanted and narrow, and small and off-centre with a thinner pen. A fourth
//! set is small digits in the pad's top-left corner, to show what recentring
//! is for.

mod common;

use cnn_playground::core::ModelSpec;
use cnn_playground::panels::draw::preprocess::{Pad, DEFAULT_BRUSH};
use common::strokes::{arc, argmax, cat, draw, Poly};

/// Digit `d` as polylines on a 280 pad, about 200 pixels tall, centred.
fn digit(d: u8, alt: bool) -> Vec<Poly> {
    match d {
        0 => vec![arc(140.0, 140.0, 62.0, 98.0, 0.0, 360.0)],
        1 if alt => vec![vec![(110.0, 80.0), (150.0, 40.0), (150.0, 240.0)]],
        1 => vec![vec![(145.0, 40.0), (140.0, 240.0)]],
        2 => vec![cat(&[
            arc(140.0, 95.0, 58.0, 52.0, 190.0, 380.0),
            vec![(80.0, 240.0), (205.0, 240.0)],
        ])],
        3 => vec![cat(&[
            arc(135.0, 88.0, 52.0, 46.0, 200.0, 450.0),
            arc(135.0, 184.0, 60.0, 54.0, 270.0, 500.0),
        ])],
        4 if alt => vec![
            vec![(85.0, 40.0), (80.0, 160.0), (205.0, 160.0)],
            vec![(170.0, 40.0), (170.0, 245.0)],
        ],
        4 => vec![
            vec![(165.0, 40.0), (70.0, 170.0), (210.0, 170.0)],
            vec![(165.0, 40.0), (165.0, 245.0)],
        ],
        5 => vec![cat(&[
            vec![(195.0, 45.0), (98.0, 45.0), (90.0, 128.0)],
            arc(135.0, 180.0, 62.0, 60.0, 225.0, 500.0),
        ])],
        6 => vec![cat(&[
            vec![(185.0, 45.0), (125.0, 90.0), (92.0, 160.0)],
            arc(140.0, 188.0, 50.0, 52.0, 180.0, 540.0),
        ])],
        7 if alt => vec![
            vec![(70.0, 45.0), (210.0, 45.0), (120.0, 245.0)],
            vec![(110.0, 145.0), (190.0, 145.0)],
        ],
        7 => vec![vec![(70.0, 45.0), (210.0, 45.0), (120.0, 245.0)]],
        8 => vec![
            arc(140.0, 88.0, 44.0, 44.0, 90.0, 450.0),
            arc(140.0, 186.0, 54.0, 54.0, 270.0, 630.0),
        ],
        _ => vec![cat(&[
            arc(135.0, 95.0, 50.0, 48.0, 0.0, 360.0),
            vec![(185.0, 95.0), (180.0, 170.0), (172.0, 245.0)],
        ])],
    }
}

/// Style 0 upright; 1 slanted and narrow (alternative forms of 1, 4, 7);
/// 2 small, off-centre, thin pen; 3 small in the top-left corner.
fn drawn(d: u8, style: usize) -> Pad {
    let glyph = digit(d, style == 1);
    match style {
        0 => draw(&glyph, DEFAULT_BRUSH, |p| p),
        1 => draw(&glyph, DEFAULT_BRUSH, |(x, y)| {
            (140.0 + 0.8 * (x - 140.0) + 0.25 * (140.0 - y), y)
        }),
        2 => draw(&glyph, 15.0, |(x, y)| (0.6 * x + 90.0, 0.6 * y + 20.0)),
        _ => draw(&glyph, 12.0, |(x, y)| (0.4 * x - 10.0, 0.4 * y - 5.0)),
    }
}

#[test]
fn stroke_digits_are_read_after_preprocessing() {
    let test = common::bundled::split("test");
    let mut model = common::pretrained::model();
    assert_eq!(model.spec(), &ModelSpec::default_cnn());
    let acc = model.evaluate(&test, None).accuracy;
    println!("held-out accuracy of the pretrained model: {acc:.4}");
    assert!(acc > 0.95);

    let mut correct = [0usize; 4];
    let mut raw_corner = 0;
    for (style, right) in correct.iter_mut().enumerate() {
        let mut line = String::new();
        for d in 0..10u8 {
            let pad = drawn(d, style);
            let guess = argmax(&model.predict(&pad.to_mnist().expect("ink")));
            *right += (guess == d as usize) as usize;
            line += &format!(" {d}->{guess}");
            if style == 3 {
                let raw = argmax(&model.predict(&pad.to_mnist_no_recenter().expect("ink")));
                raw_corner += (raw == d as usize) as usize;
                line += &format!("(raw {raw})");
            }
        }
        println!("style {style}: {right}/10 |{line}");
    }
    println!("corner digits without recentring: {raw_corner}/10");
    let total: usize = correct.iter().sum();
    println!("recentred, all styles: {total}/40");
    assert!(total >= 32, "only {total}/40 drawn digits read correctly");
    assert!(
        raw_corner + 3 <= correct[3],
        "recentring should matter for corner digits"
    );
}
