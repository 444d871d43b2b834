//! The geometry of a conv layer, shared by the layer and its im2col unrolling.

use crate::core::spec::Shape;

/// Geometry of a conv layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvConfig {
    pub input: Shape,
    pub filters: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
}

impl ConvConfig {
    /// Output shape (the spec has already checked that the window fits).
    pub fn output(&self) -> Shape {
        let o = |x: usize| (x + 2 * self.padding - self.kernel) / self.stride + 1;
        Shape::new(self.filters, o(self.input.h), o(self.input.w))
    }
    pub(super) fn ckk(&self) -> usize {
        self.input.c * self.kernel * self.kernel
    }
}
