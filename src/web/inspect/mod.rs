//! Look inside: learned filters, feature maps after every layer, receptive
//! fields, occlusion sensitivity and the digits that excite a channel most.
//! Pure view models live in `crate::panels::inspect`; these components only
//! wire them to the page.

pub mod canvas;
pub mod cell;
pub mod filters;
pub mod input_view;
pub mod layer;
pub mod maps;
pub mod mosaic;
pub mod occlusion;
pub mod picker;
pub mod probs;
pub mod readout;
pub mod rf;
pub mod top;
pub mod trace;

pub use filters::FiltersPanel;
pub use maps::FeatureMapsPanel;

/// A probed unit: spec index of the layer, channel, row and column.
/// For a flat layer, `(y, x)` indexes its wrapped strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    pub layer: usize,
    pub channel: usize,
    pub y: usize,
    pub x: usize,
}
