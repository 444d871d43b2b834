//! The parts of a network: [`LayerSpec`] (one layer and its sizes),
//! [`LayerKind`] (the layer without its sizes), [`ModelSpec`] (input shape plus
//! layers) and [`LayerInfo`] (what validation says about one layer).

use super::shape::Shape;

/// One layer of a sequential network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerSpec {
    /// 2-D convolution with `filters` square `kernel x kernel` filters, with bias.
    Conv {
        filters: usize,
        kernel: usize,
        stride: usize,
        padding: usize,
    },
    Relu,
    /// Max pooling over `size x size` windows moved by `stride`.
    MaxPool {
        size: usize,
        stride: usize,
    },
    /// Max over each whole channel: `c x h x w -> c x 1 x 1`.
    GlobalMaxPool,
    /// Mean over each whole channel: `c x h x w -> c x 1 x 1`.
    GlobalAvgPool,
    /// `c x h x w -> (c*h*w) x 1 x 1`; moves no data.
    Flatten,
    /// Fully connected layer with bias. Flattens its input first.
    Dense {
        units: usize,
    },
}

/// What kind of layer, without its sizes (for names, colours and icons).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerKind {
    Conv,
    Relu,
    MaxPool,
    GlobalMaxPool,
    GlobalAvgPool,
    Flatten,
    Dense,
}

impl LayerKind {
    /// Short name used to build layer names such as `conv1` or `pool2`.
    pub fn stem(self) -> &'static str {
        match self {
            LayerKind::Conv => "conv",
            LayerKind::Relu => "relu",
            LayerKind::MaxPool => "pool",
            LayerKind::GlobalMaxPool => "gmaxpool",
            LayerKind::GlobalAvgPool => "gavgpool",
            LayerKind::Flatten => "flatten",
            LayerKind::Dense => "dense",
        }
    }
}

impl LayerSpec {
    pub fn kind(&self) -> LayerKind {
        match self {
            LayerSpec::Conv { .. } => LayerKind::Conv,
            LayerSpec::Relu => LayerKind::Relu,
            LayerSpec::MaxPool { .. } => LayerKind::MaxPool,
            LayerSpec::GlobalMaxPool => LayerKind::GlobalMaxPool,
            LayerSpec::GlobalAvgPool => LayerKind::GlobalAvgPool,
            LayerSpec::Flatten => LayerKind::Flatten,
            LayerSpec::Dense { .. } => LayerKind::Dense,
        }
    }

    /// A conv with stride 1 and no padding ("valid").
    pub const fn conv(filters: usize, kernel: usize) -> Self {
        LayerSpec::Conv {
            filters,
            kernel,
            stride: 1,
            padding: 0,
        }
    }

    /// A conv with stride 1 and padding that keeps the map size (odd kernels).
    pub const fn conv_same(filters: usize, kernel: usize) -> Self {
        LayerSpec::Conv {
            filters,
            kernel,
            stride: 1,
            padding: kernel / 2,
        }
    }

    /// The usual non-overlapping pool: `size x size` windows, stride `size`.
    pub const fn pool(size: usize) -> Self {
        LayerSpec::MaxPool { size, stride: size }
    }
}

/// Output of validation for one layer: everything a table needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerInfo {
    /// Position in the spec's layer list.
    pub index: usize,
    /// Stable name: `conv1`, `relu1`, `pool1`, `dense1`, ... (numbered per kind).
    pub name: String,
    pub spec: LayerSpec,
    pub input: Shape,
    pub output: Shape,
    /// Trainable weights plus biases.
    pub params: u64,
    /// Multiply-adds for one image in the forward pass.
    pub macs: u64,
}

/// A whole sequential network: input shape, layers, and (implicitly) a
/// softmax + cross-entropy over the last layer's outputs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModelSpec {
    pub input: Shape,
    pub layers: Vec<LayerSpec>,
}

impl ModelSpec {
    pub fn new(input: Shape, layers: Vec<LayerSpec>) -> Self {
        ModelSpec { input, layers }
    }
}
