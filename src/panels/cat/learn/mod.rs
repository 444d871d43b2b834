//! Learned, not drawn: the cat detector trained by the core.
//!
//! Two networks learn "cat or no cat" from random scenes ([`scenes`]) in
//! which every cat sits in the left half:
//! - a small conv net, `conv | relu | pool | conv | relu | <pooling> | dense 2`,
//!   where the person picks the pooling before the classifier ([`Pooling`]);
//! - a dense net with more weights than the conv net, `dense 32 | relu | dense 2`.
//!
//! Both are then measured on fresh scenes with cats in the left half (seen
//! positions) and in the right half (never seen). With global max pooling the
//! conv net applies the same filters and the same classifier weights wherever
//! the cat is, so it finds the cat on the right as well as on the left; the
//! dense net has only ever adjusted the weights of left-half pixels for cats.
//!
//! [`Learner`] runs it all as small units of work under a time budget of a
//! caller-supplied clock ([`Learner::tick`]), so a browser can spread it over
//! short tasks. Submodules: [`scenes`] makes the scenes, [`job`] the work
//! list, [`drag`] the scene a person drags and where each net fires on it,
//! [`filters`] what the learned filters look like, [`stats`] what a run
//! reports.

pub mod drag;
pub mod filters;
pub mod job;
pub mod scenes;
pub mod stats;

pub use job::Learner;
pub use stats::{NetStats, PoolResult, Stage};

use crate::core::{Hyper, LayerSpec, ModelSpec, Shape};
use scenes::SIDE;

/// The pooling between the conv layers and the classifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pooling {
    /// None: the whole last map goes to the classifier.
    Flatten,
    /// 2x2 max pooling, stride 2.
    Max2,
    /// 2x2 average pooling, stride 2.
    Avg2,
    /// The maximum of each whole map.
    GlobalMax,
}

impl Pooling {
    pub const ALL: [Pooling; 4] = [
        Pooling::Flatten,
        Pooling::Max2,
        Pooling::Avg2,
        Pooling::GlobalMax,
    ];

    /// The value used by the select and the test hooks.
    pub fn key(self) -> &'static str {
        match self {
            Pooling::Flatten => "flatten",
            Pooling::Max2 => "max2",
            Pooling::Avg2 => "avg2",
            Pooling::GlobalMax => "gmax",
        }
    }

    pub fn from_key(key: &str) -> Option<Pooling> {
        Pooling::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Words for the select and the chart's legend.
    pub fn label(self) -> &'static str {
        match self {
            Pooling::Flatten => "none (flatten)",
            Pooling::Max2 => "2×2 max",
            Pooling::Avg2 => "2×2 average",
            Pooling::GlobalMax => "global max",
        }
    }

    fn layer(self) -> LayerSpec {
        match self {
            Pooling::Flatten => LayerSpec::Flatten,
            Pooling::Max2 => LayerSpec::pool(2),
            Pooling::Avg2 => LayerSpec::AvgPool { size: 2, stride: 2 },
            Pooling::GlobalMax => LayerSpec::GlobalMaxPool,
        }
    }
}

/// Filters of the first conv layer and their side.
pub const FILTERS: usize = 6;
pub const KERNEL: usize = 5;
/// Index of the layer the pooling choice occupies in [`conv_spec`].
pub const POOL_LAYER: usize = 5;

/// The conv net: `40x40x1|c6k5|relu|pool2|c8k3|relu|<pooling>|d2`.
pub fn conv_spec(pooling: Pooling) -> ModelSpec {
    ModelSpec::new(
        Shape::new(1, SIDE, SIDE),
        vec![
            LayerSpec::conv(FILTERS, KERNEL),
            LayerSpec::Relu,
            LayerSpec::pool(2),
            LayerSpec::conv(8, 3),
            LayerSpec::Relu,
            pooling.layer(),
            LayerSpec::Dense { units: 2 },
        ],
    )
}

/// The dense net: `40x40x1|d32|relu|d2`, more weights than any conv variant.
pub fn dense_spec() -> ModelSpec {
    ModelSpec::mlp(Shape::new(1, SIDE, SIDE), &[32], 2)
}

/// Training settings: Adam, batches of 32; rate 0.003 for the conv net and
/// 0.001 for the dense net (at 0.003 its 1,600-input units often die).
pub fn hyper(dense: bool) -> Hyper {
    Hyper {
        lr: if dense { 0.001 } else { 0.003 },
        ..Hyper::default()
    }
}
