//! Architecture specs: what a network looks like, before it has any weights.
//!
//! A [`ModelSpec`] is an input shape plus a list of [`LayerSpec`]s. It is plain
//! data: it can be written to a short text form (used in the URL hash and in the
//! weights file) and read back, and it is validated before any model is built.
//! Validation walks the shapes layer by layer, so a spec that does not fit is
//! refused with a message naming the layer and the sizes, never a panic.
//!
//! The same walk yields each layer's output shape, parameter count and
//! multiply-adds ([`LayerInfo`]), which every table in the app shows.
//!
//! Dimension legend: `c` channels, `h` height, `w` width, `k` kernel size,
//! `s` stride, `p` zero padding. Layout is NCHW everywhere.

mod layer;
mod presets;
mod shape;
mod text;
mod validate;

pub use layer::{LayerInfo, LayerKind, LayerSpec, ModelSpec};
pub use presets::MNIST_INPUT;
pub use shape::{window_out, Shape};
pub use validate::{SpecError, MAX_CHANNELS, MAX_KERNEL, MAX_LAYERS, MAX_SIDE, MAX_UNITS};
