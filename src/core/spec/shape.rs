//! Feature-map shapes and the sliding-window arithmetic every layer uses.
//!
//! Dimension legend: `c` channels, `h` height, `w` width. Layout is NCHW.

use std::fmt;

/// A feature-map shape: channels x height x width. A flat vector is `c x 1 x 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub c: usize,
    pub h: usize,
    pub w: usize,
}

impl Shape {
    pub const fn new(c: usize, h: usize, w: usize) -> Self {
        Shape { c, h, w }
    }
    /// Number of values in one image of this shape.
    pub fn len(&self) -> usize {
        self.c * self.h * self.w
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// True when the shape is a flat vector (`c x 1 x 1`).
    pub fn is_flat(&self) -> bool {
        self.h == 1 && self.w == 1
    }
}

impl fmt::Display for Shape {
    /// `8x24x24` (the form the `data-shape` test hook uses).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}x{}", self.c, self.h, self.w)
    }
}

/// Output size of a sliding window along one axis, or `None` if it does not fit.
pub fn window_out(input: usize, kernel: usize, stride: usize, padding: usize) -> Option<usize> {
    let padded = input + 2 * padding;
    if kernel == 0 || stride == 0 || kernel > padded {
        None
    } else {
        Some((padded - kernel) / stride + 1)
    }
}
