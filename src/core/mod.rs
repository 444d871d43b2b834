//! The CNN core: pure Rust over ndarray, no web code.
//!
//! Everything the app shows is computed here: training, evaluation, feature
//! maps, filters, parameter counts. It builds and is tested natively; the
//! browser runs the very same code compiled to wasm.

pub mod augment;
pub mod bench;
pub mod budget;
pub mod count;
pub mod crc32;
pub mod dataset;
pub mod gemm;
pub mod layers;
pub mod model;
pub mod numfmt;
pub mod optim;
pub mod params;
pub mod receptive;
pub mod rng;
pub mod shard;
pub mod spec;
pub mod train;
pub mod train_given;
pub mod weights;

pub use augment::shift_image;
pub use dataset::{bytes_to_pixels, pixel, pixels_to_bytes, Dataset};
pub use model::{BatchStats, Evaluation, Model, Trace, TraceJob};
pub use optim::{Hyper, Optimizer, OptimizerKind, MAX_BATCH};
pub use rng::Rng;
pub use shard::{f32s_to_le_bytes, le_bytes_to_f32s, shard_range, Progress, ShardStats};
pub use spec::{LayerInfo, LayerKind, LayerSpec, ModelSpec, Shape, SpecError};
pub use train::{StepOutcome, Trainer};
pub use weights::WeightsError;
