//! Stroke-drawn digits 0 to 9, in several styles, rasterized by the pad's
//! rasterizer, preprocessed as MNIST was, and classified by the pretrained
//! default model (static/model/default.cnnw, made by `train-default`).
//!
//! This is the honest measure of the drawing pad: digits drawn as simple
//! polylines, the way a mouse or a finger draws them, not MNIST images.
//! Run with `cargo test --release --test draw_digits -- --nocapture` to see
//! the table.

mod common;

use cnn_playground::panels::draw::preprocess::DEFAULT_BRUSH;
use common::strokes::{arc, argmax, cat, draw, Poly};

/// Each digit as polylines on a 280x280 pad, about 200 pixels tall, with
/// a second common way of writing some of them.
fn glyphs() -> Vec<(u8, &'static str, Vec<Poly>)> {
    vec![
        (0, "oval", vec![arc(140.0, 140.0, 55.0, 95.0, -90.0, 275.0)]),
        (1, "bar", vec![vec![(140.0, 40.0), (140.0, 240.0)]]),
        (
            1,
            "flag",
            vec![vec![(110.0, 75.0), (145.0, 40.0), (145.0, 240.0)]],
        ),
        (
            2,
            "curve",
            vec![cat(&[
                arc(140.0, 95.0, 52.0, 52.0, -170.0, 30.0),
                vec![(85.0, 240.0), (205.0, 240.0)],
            ])],
        ),
        (
            3,
            "bowls",
            vec![cat(&[
                arc(135.0, 90.0, 48.0, 45.0, -160.0, 90.0),
                arc(135.0, 187.0, 55.0, 52.0, -90.0, 160.0),
            ])],
        ),
        (
            4,
            "closed",
            vec![vec![
                (170.0, 240.0),
                (170.0, 40.0),
                (80.0, 170.0),
                (210.0, 170.0),
            ]],
        ),
        (
            4,
            "open",
            vec![
                vec![(95.0, 40.0), (85.0, 160.0), (205.0, 160.0)],
                vec![(170.0, 60.0), (170.0, 240.0)],
            ],
        ),
        (
            5,
            "hook",
            vec![cat(&[
                vec![(195.0, 45.0), (100.0, 45.0), (94.0, 128.0)],
                arc(140.0, 180.0, 58.0, 58.0, -140.0, 150.0),
            ])],
        ),
        (
            6,
            "loop",
            vec![cat(&[
                vec![(180.0, 45.0), (135.0, 80.0), (100.0, 140.0)],
                arc(143.0, 185.0, 50.0, 52.0, 180.0, 540.0),
            ])],
        ),
        (
            7,
            "plain",
            vec![vec![(80.0, 50.0), (200.0, 50.0), (115.0, 240.0)]],
        ),
        (
            7,
            "crossed",
            vec![
                vec![(80.0, 50.0), (200.0, 50.0), (115.0, 240.0)],
                vec![(115.0, 145.0), (185.0, 145.0)],
            ],
        ),
        (
            8,
            "two loops",
            vec![
                arc(140.0, 90.0, 42.0, 45.0, 0.0, 360.0),
                arc(140.0, 187.0, 52.0, 52.0, 0.0, 360.0),
            ],
        ),
        (
            9,
            "stick",
            vec![
                arc(135.0, 95.0, 48.0, 50.0, 0.0, 360.0),
                vec![(183.0, 95.0), (178.0, 240.0)],
            ],
        ),
        (
            9,
            "one stroke",
            vec![cat(&[
                arc(135.0, 95.0, 48.0, 50.0, -10.0, 350.0),
                vec![(182.0, 120.0), (165.0, 240.0)],
            ])],
        ),
    ]
}

/// A way of drawing: a point transform and a brush width.
struct Style {
    name: &'static str,
    brush: f32,
    map: fn((f32, f32)) -> (f32, f32),
}

fn styles() -> Vec<Style> {
    vec![
        Style {
            name: "upright",
            brush: DEFAULT_BRUSH,
            map: |p| p,
        },
        Style {
            name: "slanted",
            brush: DEFAULT_BRUSH,
            map: |(x, y)| (x + 0.25 * (140.0 - y), y),
        },
        Style {
            name: "narrow",
            brush: DEFAULT_BRUSH,
            map: |(x, y)| (140.0 + 0.7 * (x - 140.0), y),
        },
        Style {
            name: "small, top-left",
            brush: DEFAULT_BRUSH * 0.6,
            map: |(x, y)| (0.5 * x + 10.0, 0.5 * y + 10.0),
        },
        Style {
            name: "thick pen",
            brush: DEFAULT_BRUSH * 1.5,
            map: |p| p,
        },
    ]
}

#[test]
fn stroke_drawn_digits_are_read_by_the_pretrained_model() {
    let mut model = common::pretrained::model();
    let (mut right, mut total) = (0, 0);
    let (mut raw_right, mut raw_total) = (0, 0);
    let mut misses = Vec::new();
    let mut simple_ok = Vec::new();
    for style in styles() {
        for (label, shape, glyph) in glyphs() {
            let pad = draw(&glyph, style.brush, style.map);
            let px = pad.to_mnist().expect("every glyph has ink");
            let probs = model.predict(&px);
            let got = argmax(&probs);
            total += 1;
            if got == label as usize {
                right += 1;
            } else {
                misses.push(format!(
                    "{label} ({shape}, {}) read as {got} ({:.0}%)",
                    style.name,
                    probs[got] * 100.0
                ));
            }
            if style.name == "upright"
                && matches!((label, shape), (1, "bar") | (7, "plain") | (0, _))
            {
                simple_ok.push((label, got == label as usize));
            }
            // The same drawing with no recentring, for the "position matters" story.
            if style.name == "small, top-left" {
                let raw = pad.to_mnist_no_recenter().expect("ink");
                raw_total += 1;
                if argmax(&model.predict(&raw)) == label as usize {
                    raw_right += 1;
                }
            }
        }
    }
    println!("stroke-drawn digits read correctly: {right} of {total}");
    for m in &misses {
        println!("  missed: {m}");
    }
    println!(
        "small digits in the top-left corner, recentring off: {raw_right} of {raw_total} read correctly"
    );
    assert_eq!(simple_ok.len(), 3);
    for (label, ok) in simple_ok {
        assert!(ok, "the simple upright {label} must be read correctly");
    }
    // A broken preprocessing or rasterizer drops far below this; chance is 10%.
    assert!(
        right * 10 >= total * 7,
        "only {right} of {total} read correctly"
    );
}
