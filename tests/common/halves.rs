//! A tiny learnable set for the session tests: 8x8 images where class 0 is a
//! bright left half and class 1 a bright right half, and a small conv net
//! that learns it in a few steps.

use cnn_playground::core::{Dataset, LayerSpec, ModelSpec, Shape};

/// `n` images, classes alternating, with a little deterministic jitter.
pub fn halves(n: usize) -> Dataset {
    let shape = Shape::new(1, 8, 8);
    let mut images = Vec::with_capacity(n * 64);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let label = (i % 2) as u8;
        for _y in 0..8 {
            for x in 0..8 {
                let on = (x < 4) == (label == 0);
                let jitter = ((i * 7 + x * 3) % 5) as f32 * 0.05;
                images.push(if on { 0.8 + jitter } else { jitter });
            }
        }
        labels.push(label);
    }
    Dataset {
        shape,
        images,
        labels,
    }
}

/// Conv 3x3 with `filters` filters, ReLU, 2x2 pool, then two classes.
pub fn halves_spec(filters: usize) -> ModelSpec {
    ModelSpec::new(
        Shape::new(1, 8, 8),
        vec![
            LayerSpec::conv(filters, 3),
            LayerSpec::Relu,
            LayerSpec::pool(2),
            LayerSpec::Flatten,
            LayerSpec::Dense { units: 2 },
        ],
    )
}
