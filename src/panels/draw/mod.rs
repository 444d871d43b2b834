//! Draw a digit: the pad's strokes ([`sketch`]) and MNIST-style preprocessing
//! of the drawing into the 28x28 input ([`preprocess`]).

pub mod preprocess;
pub mod sketch;
