//! The held-out images that excite a channel most, on the pretrained model:
//! the sliced, batched search agrees with a plain trace of every image, for
//! a conv channel, a pooled channel and a dense unit; bad picks get messages.

mod common;

use cnn_playground::core::{Dataset, Model};
use cnn_playground::panels::inspect::top::{choices, TopImages, TOP};

fn setup() -> (Model, Dataset) {
    (common::pretrained::model(), common::bundled::split("test"))
}

/// Every image's channel maximum from `Model::trace`, best first.
fn brute(
    model: &mut Model,
    data: &Dataset,
    n: usize,
    layer: usize,
    channel: usize,
) -> Vec<(usize, f32)> {
    let mut all: Vec<(usize, f32)> = (0..n)
        .map(|i| {
            let t = model.trace(data.image(i));
            let o = &t.outputs[layer];
            let plane = o.shape()[1] * o.shape()[2];
            let v = o
                .iter()
                .skip(channel * plane)
                .take(plane)
                .copied()
                .fold(f32::NEG_INFINITY, f32::max);
            (i, v)
        })
        .collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    all.truncate(TOP);
    all
}

#[test]
fn the_sliced_search_finds_what_tracing_every_image_finds() {
    let (mut model, test) = setup();
    let n = 300;
    let data = test.subset(&(0..n).collect::<Vec<_>>());
    let layers = choices(&model);
    let last = layers.len() - 1;
    for (layer, channel) in [(0, 3), (4, 1), (9, 20), (last, 7)] {
        let mut top = TopImages::new(&model, &data, layer, channel).unwrap();
        let mut slices = 0;
        while top.advance(&mut model, &data, 37) {
            slices += 1;
        }
        assert!(top.is_done() && top.scored() == n && slices == n / 37);
        let want = brute(&mut model, &data, n, layer, channel);
        let got = top.best();
        assert_eq!(got.len(), TOP);
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g.1 - w.1).abs() <= 1e-4 * w.1.abs().max(1.0),
                "{} ch {channel}: {got:?} vs {want:?}",
                layers[layer].name
            );
        }
        assert!(got.windows(2).all(|w| w[0].1 >= w[1].1));
        let images = top.images(&mut model, &data);
        assert_eq!(images.len(), TOP);
        let shape = model.info()[layer].output;
        for im in &images {
            match &im.map {
                Some(m) => assert_eq!(
                    (m.w, m.h, m.rgba.len()),
                    (shape.w, shape.h, shape.w * shape.h * 4)
                ),
                None => assert!(shape.is_flat()),
            }
        }
    }
    // The last layer's unit 7 is the class 7 logit: its best images are sevens.
    let mut top = TopImages::new(&model, &data, last, 7).unwrap();
    while top.advance(&mut model, &data, 64) {}
    let sevens = top
        .best()
        .iter()
        .filter(|(i, _)| data.labels[*i] == 7)
        .count();
    assert!(sevens >= 8, "{sevens} of {TOP} are sevens");
}

#[test]
fn bad_picks_get_messages() {
    let (model, test) = setup();
    let err = TopImages::new(&model, &test, 0, 99).unwrap_err();
    assert!(err.contains("conv1 has 8 channels"), "{err}");
    let err = TopImages::new(&model, &test, 99, 0).unwrap_err();
    assert!(err.contains("layers"), "{err}");
}
