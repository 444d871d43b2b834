//! What a learning run reports: its stage, and each net's accuracies and
//! score-against-shift curve; and the two measurements they are made of.

use super::scenes::CAT;
use super::Pooling;
use crate::core::layers::loss::argmax;
use crate::core::{Dataset, Model};

/// What the learner is doing, for the `data-state` hook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Idle,
    Making,
    Training,
    Measuring,
    Done,
    Failed,
}

impl Stage {
    pub fn key(self) -> &'static str {
        match self {
            Stage::Idle => "idle",
            Stage::Making => "making",
            Stage::Training => "training",
            Stage::Measuring => "measuring",
            Stage::Done => "done",
            Stage::Failed => "failed",
        }
    }
}

/// Accuracy of one trained net, and what it cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NetStats {
    /// On fresh scenes with cats in the left half.
    pub seen: f32,
    /// On scenes with cats in the right half (never in training).
    pub unseen: f32,
    pub params: u64,
    /// Time spent training, by the caller's clock.
    pub train_ms: f64,
}

/// One net's results: accuracies and the score as the cat moves across.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolResult {
    /// `None` for the dense net.
    pub pooling: Option<Pooling>,
    pub stats: NetStats,
    /// `(cat's left edge x, mean probability of "cat")` across the scene.
    pub curve: Vec<(usize, f32)>,
}

pub(super) fn empty(pooling: Option<Pooling>) -> PoolResult {
    PoolResult {
        pooling,
        stats: NetStats {
            seen: 0.0,
            unseen: 0.0,
            params: 0,
            train_ms: 0.0,
        },
        curve: Vec::new(),
    }
}

/// How many of images `start..end` of `data` `model` labels correctly.
pub fn count_correct(model: &mut Model, data: &Dataset, start: usize, end: usize) -> usize {
    let mut probs = vec![0.0; model.classes()];
    (start..end)
        .filter(|&i| {
            model.predict_into(data.image(i), &mut probs)
                && argmax(&probs) == data.labels[i] as usize
        })
        .count()
}

/// Probability of "cat" for one scene.
pub fn cat_probability(model: &mut Model, pixels: &[f32]) -> f32 {
    let p = model.predict(pixels);
    p.get(CAT as usize).copied().unwrap_or(0.0)
}
