//! The race's settings: the two networks and how long they train.

use crate::core::spec::MNIST_INPUT;
use crate::core::{Hyper, ModelSpec};

/// The dense network: 784 -> 256 -> 128 -> 10, about 235,000 parameters.
pub fn mlp_spec() -> ModelSpec {
    ModelSpec::mlp(MNIST_INPUT, &[256, 128], 10)
}

/// The small CNN: the classic reference net, about 6,000 parameters.
pub fn cnn_spec() -> ModelSpec {
    ModelSpec::reference()
}

/// Epochs for a subset of `n` images: more passes over fewer images (both
/// networks have stopped improving by then on 500 or 1,000 images), but
/// never more than about 24,000 images per network, so a race stays short.
pub fn default_epochs(n: usize) -> usize {
    match n {
        0..=500 => 15,
        501..=1000 => 10,
        _ => (24_000 / n).clamp(2, 10),
    }
}

/// How a race is run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RaceConfig {
    /// Training images (a stratified subset of the training set).
    pub subset: usize,
    pub epochs: usize,
    pub seed: u64,
    pub hyper: Hyper,
    /// Training accuracy is measured on at most this many subset images.
    pub train_eval: usize,
    /// Held-out accuracy is measured on the first this-many held-out images.
    pub test_eval: usize,
    /// Largest shift of the shift test, in pixels.
    pub max_shift: usize,
    /// Held-out images used by the shift test.
    pub shift_images: usize,
}

impl RaceConfig {
    /// The page's settings for a subset of `n` images.
    pub fn for_subset(n: usize) -> RaceConfig {
        RaceConfig {
            subset: n,
            epochs: default_epochs(n),
            seed: 1,
            hyper: Hyper::default(),
            train_eval: 1000,
            test_eval: 1000,
            max_shift: 6,
            shift_images: 500,
        }
    }
}
