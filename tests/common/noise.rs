//! Random MNIST-shaped data: pixels uniform in 0..1, labels 0..10, from a
//! seed. Enough for tests that count, compare or time steps, not for learning.

use cnn_playground::core::{Dataset, Rng, Shape};

/// `n` random 28x28 images with random labels.
pub fn noise(n: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let shape = Shape::new(1, 28, 28);
    Dataset {
        shape,
        images: (0..n * shape.len()).map(|_| rng.next_f32()).collect(),
        labels: (0..n).map(|_| rng.below(10) as u8).collect(),
    }
}
