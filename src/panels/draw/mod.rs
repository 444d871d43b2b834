//! Draw a digit: the pad's strokes ([`sketch`]) and MNIST-style preprocessing
//! of the drawing into the 28x28 input ([`preprocess`]); the person's own
//! labelled digits and fine-tuning on them ([`mine`]).

pub mod mine;
pub mod preprocess;
pub mod sketch;
