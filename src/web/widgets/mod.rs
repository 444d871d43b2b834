//! Small shared view pieces, one per file: a pixel canvas, a labelled number
//! field, a labelled select, canvas fitting, the chart frame, the colour legend
//! and the wrapper that lets panels far from the screen skip training's renders.

pub mod canvas_fit;
pub mod chart;
pub mod legend;
pub mod live;
pub mod number_field;
pub mod pixels;
pub mod select;

pub use canvas_fit::{fit_canvas, use_layout_epoch};
pub use live::Live;
pub use number_field::{next_id, NumberField};
pub use pixels::{context_2d, paint_rgba, Pixels};
pub use select::Select;
