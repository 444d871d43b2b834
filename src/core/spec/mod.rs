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

use super::count;
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
    /// Average pooling over `size x size` windows moved by `stride`.
    AvgPool {
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
    AvgPool,
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
            LayerKind::AvgPool => "avgpool",
        }
    }
}

impl LayerSpec {
    pub fn kind(&self) -> LayerKind {
        match self {
            LayerSpec::Conv { .. } => LayerKind::Conv,
            LayerSpec::Relu => LayerKind::Relu,
            LayerSpec::MaxPool { .. } => LayerKind::MaxPool,
            LayerSpec::AvgPool { .. } => LayerKind::AvgPool,
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

/// Why a spec was refused. `Display` gives the message shown to a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// The spec has no layers, or an empty input.
    Empty(String),
    /// A layer's sizes do not fit its input; names the layer and the sizes.
    Layer {
        index: usize,
        name: String,
        message: String,
    },
    /// The last layer must be a dense layer (or global pool) whose output is the class scores.
    Head(String),
    /// Text form could not be parsed.
    Parse(String),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Empty(m) | SpecError::Head(m) | SpecError::Parse(m) => f.write_str(m),
            SpecError::Layer {
                index,
                name,
                message,
            } => write!(f, "layer {} ({}): {}", index + 1, name, message),
        }
    }
}

impl std::error::Error for SpecError {}

/// Limits that keep a spec trainable in a browser tab. Anything larger is refused.
pub const MAX_CHANNELS: usize = 512;
pub const MAX_KERNEL: usize = 15;
pub const MAX_UNITS: usize = 8192;
pub const MAX_SIDE: usize = 1024;
pub const MAX_LAYERS: usize = 64;

/// A whole sequential network: input shape, layers, and (implicitly) a
/// softmax + cross-entropy over the last layer's outputs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModelSpec {
    pub input: Shape,
    pub layers: Vec<LayerSpec>,
}

/// MNIST's input: one channel of 28x28.
pub const MNIST_INPUT: Shape = Shape::new(1, 28, 28);

impl ModelSpec {
    pub fn new(input: Shape, layers: Vec<LayerSpec>) -> Self {
        ModelSpec { input, layers }
    }

    /// The benchmark net of the ConvNetJS and TensorFlow.js MNIST demos:
    /// conv 5x5x8 valid + ReLU, maxpool 2, conv 5x5x16 + ReLU, maxpool 2, dense 10.
    pub fn reference() -> Self {
        use LayerSpec::*;
        ModelSpec::new(
            MNIST_INPUT,
            vec![
                LayerSpec::conv(8, 5),
                Relu,
                LayerSpec::pool(2),
                LayerSpec::conv(16, 5),
                Relu,
                LayerSpec::pool(2),
                Flatten,
                Dense { units: 10 },
            ],
        )
    }

    /// The app's default CNN, in the typical shape: (conv, conv, pool) twice,
    /// then a classifier. Small enough to train in seconds in a browser; the
    /// second block widens to 32 maps because the classifier needs them to pass
    /// 97% on MNIST within two epochs of 8,000 images.
    pub fn default_cnn() -> Self {
        use LayerSpec::*;
        ModelSpec::new(
            MNIST_INPUT,
            vec![
                LayerSpec::conv_same(8, 3),
                Relu,
                LayerSpec::conv_same(8, 3),
                Relu,
                LayerSpec::pool(2),
                LayerSpec::conv_same(16, 3),
                Relu,
                LayerSpec::conv_same(32, 3),
                Relu,
                LayerSpec::pool(2),
                Flatten,
                Dense { units: 10 },
            ],
        )
    }

    /// A plain multi-layer perceptron: dense + ReLU for each hidden size, then
    /// dense to `classes`. Used for the dense-vs-conv comparisons.
    pub fn mlp(input: Shape, hidden: &[usize], classes: usize) -> Self {
        let mut layers = vec![LayerSpec::Flatten];
        for &units in hidden {
            layers.push(LayerSpec::Dense { units });
            layers.push(LayerSpec::Relu);
        }
        layers.push(LayerSpec::Dense { units: classes });
        ModelSpec::new(input, layers)
    }

    /// Number of classes: the size of the last layer's output.
    pub fn classes(&self) -> Result<usize, SpecError> {
        Ok(self.validate()?.last().map(|l| l.output.len()).unwrap_or(0))
    }

    /// Walks the shapes. Returns one [`LayerInfo`] per layer, or the first
    /// layer that does not fit.
    pub fn validate(&self) -> Result<Vec<LayerInfo>, SpecError> {
        let inp = self.input;
        if inp.is_empty() {
            return Err(SpecError::Empty(format!("the input shape {inp} is empty")));
        }
        if inp.c > MAX_CHANNELS || inp.h > MAX_SIDE || inp.w > MAX_SIDE {
            return Err(SpecError::Empty(format!(
                "the input shape {inp} is too large (at most {MAX_CHANNELS} channels and {MAX_SIDE} pixels a side)"
            )));
        }
        if self.layers.is_empty() {
            return Err(SpecError::Empty("the network has no layers".into()));
        }
        if self.layers.len() > MAX_LAYERS {
            return Err(SpecError::Empty(format!(
                "the network has {} layers; at most {MAX_LAYERS} are allowed",
                self.layers.len()
            )));
        }
        let mut counts = [0usize; 8];
        let mut shape = inp;
        let mut out = Vec::with_capacity(self.layers.len());
        for (index, spec) in self.layers.iter().enumerate() {
            let kind = spec.kind();
            counts[kind as usize] += 1;
            let name = match kind {
                LayerKind::Flatten => "flatten".to_string(),
                _ => format!("{}{}", kind.stem(), counts[kind as usize]),
            };
            let fail = |message: String| SpecError::Layer {
                index,
                name: name.clone(),
                message,
            };
            let (output, params, macs) = layer_shape(spec, shape).map_err(fail)?;
            out.push(LayerInfo {
                index,
                name,
                spec: *spec,
                input: shape,
                output,
                params,
                macs,
            });
            shape = output;
        }
        if !shape.is_flat() {
            return Err(SpecError::Head(format!(
                "the last layer gives a {shape} map; a classifier must end in a flat vector (add a dense layer)"
            )));
        }
        if shape.c < 2 {
            return Err(SpecError::Head(format!(
                "the last layer gives {} output; a classifier needs at least 2 classes",
                shape.c
            )));
        }
        Ok(out)
    }

    /// Total trainable parameters (0 if the spec is invalid).
    pub fn total_params(&self) -> u64 {
        self.validate()
            .map(|v| v.iter().map(|l| l.params).sum())
            .unwrap_or(0)
    }

    /// Total forward multiply-adds per image (0 if the spec is invalid).
    pub fn total_macs(&self) -> u64 {
        self.validate()
            .map(|v| v.iter().map(|l| l.macs).sum())
            .unwrap_or(0)
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

/// Shape, params and MACs for one layer on one input shape.
fn layer_shape(spec: &LayerSpec, s: Shape) -> Result<(Shape, u64, u64), String> {
    match *spec {
        LayerSpec::Conv {
            filters,
            kernel,
            stride,
            padding,
        } => {
            if filters == 0 {
                return Err("a conv layer needs at least 1 filter".into());
            }
            if filters > MAX_CHANNELS {
                return Err(format!(
                    "{filters} filters is too many (at most {MAX_CHANNELS})"
                ));
            }
            if kernel == 0 || kernel > MAX_KERNEL {
                return Err(format!(
                    "kernel size {kernel} is out of range (1 to {MAX_KERNEL})"
                ));
            }
            if stride == 0 {
                return Err("stride must be at least 1".into());
            }
            if padding >= kernel {
                return Err(format!(
                    "padding {padding} must be smaller than the kernel size {kernel}"
                ));
            }
            let (Some(oh), Some(ow)) = (
                window_out(s.h, kernel, stride, padding),
                window_out(s.w, kernel, stride, padding),
            ) else {
                return Err(format!(
                    "a {kernel}x{kernel} kernel with padding {padding} does not fit a {}x{} map",
                    s.h, s.w
                ));
            };
            let out = Shape::new(filters, oh, ow);
            let (c, k, f) = (s.c as u128, kernel as u128, filters as u128);
            let params = count::conv_params(c, k, f) as u64;
            let macs = count::conv_macs(c, k, f, oh as u128, ow as u128) as u64;
            Ok((out, params, macs))
        }
        LayerSpec::Relu => Ok((s, 0, 0)),
        LayerSpec::MaxPool { size, stride } | LayerSpec::AvgPool { size, stride } => {
            if size == 0 || stride == 0 {
                return Err("pool size and stride must be at least 1".into());
            }
            let (Some(oh), Some(ow)) = (
                window_out(s.h, size, stride, 0),
                window_out(s.w, size, stride, 0),
            ) else {
                return Err(format!(
                    "a {size}x{size} pool does not fit a {}x{} map",
                    s.h, s.w
                ));
            };
            Ok((Shape::new(s.c, oh, ow), 0, 0))
        }
        LayerSpec::GlobalMaxPool | LayerSpec::GlobalAvgPool => Ok((Shape::new(s.c, 1, 1), 0, 0)),
        LayerSpec::Flatten => Ok((Shape::new(s.len(), 1, 1), 0, 0)),
        LayerSpec::Dense { units } => {
            if units == 0 {
                return Err("a dense layer needs at least 1 unit".into());
            }
            if units > MAX_UNITS {
                return Err(format!("{units} units is too many (at most {MAX_UNITS})"));
            }
            let (n_in, u) = (s.len() as u128, units as u128);
            let params = count::dense_params(n_in, u) as u64;
            let macs = count::dense_macs(n_in, u) as u64;
            Ok((Shape::new(units, 1, 1), params, macs))
        }
    }
}

// ---------------------------------------------------------------------------
// Text form: `28x28x1|c8k5s1p0|relu|pool2s2|flatten|d10`
// ---------------------------------------------------------------------------

impl fmt::Display for LayerSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                padding,
            } => write!(f, "c{filters}k{kernel}s{stride}p{padding}"),
            LayerSpec::Relu => f.write_str("relu"),
            LayerSpec::MaxPool { size, stride } => write!(f, "pool{size}s{stride}"),
            LayerSpec::AvgPool { size, stride } => write!(f, "apool{size}s{stride}"),
            LayerSpec::GlobalMaxPool => f.write_str("gmax"),
            LayerSpec::GlobalAvgPool => f.write_str("gavg"),
            LayerSpec::Flatten => f.write_str("flatten"),
            LayerSpec::Dense { units } => write!(f, "d{units}"),
        }
    }
}

impl fmt::Display for ModelSpec {
    /// Compact text, safe in a URL: `28x28x1|c8k5s1p0|relu|...` (height x width x channels first).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}x{}", self.input.h, self.input.w, self.input.c)?;
        for l in &self.layers {
            write!(f, "|{l}")?;
        }
        Ok(())
    }
}

/// Reads `<letters><number>` pairs such as `c8k5s1p0` into `[('c',8),('k',5),...]`.
fn parse_fields(tok: &str) -> Option<Vec<(String, usize)>> {
    let mut out = Vec::new();
    let mut rest = tok;
    while !rest.is_empty() {
        let name_len = rest.find(|ch: char| ch.is_ascii_digit())?;
        let (name, tail) = rest.split_at(name_len);
        let num_len = tail
            .find(|ch: char| !ch.is_ascii_digit())
            .unwrap_or(tail.len());
        let (num, tail) = tail.split_at(num_len);
        if name.is_empty() || num.len() > 9 {
            return None;
        }
        out.push((name.to_string(), num.parse().ok()?));
        rest = tail;
    }
    Some(out)
}

impl std::str::FromStr for LayerSpec {
    type Err = SpecError;
    fn from_str(tok: &str) -> Result<Self, SpecError> {
        let bad = || SpecError::Parse(format!("cannot read layer '{tok}'"));
        match tok {
            "relu" => return Ok(LayerSpec::Relu),
            "gmax" => return Ok(LayerSpec::GlobalMaxPool),
            "gavg" => return Ok(LayerSpec::GlobalAvgPool),
            "flatten" => return Ok(LayerSpec::Flatten),
            _ => {}
        }
        let fields = parse_fields(tok).ok_or_else(bad)?;
        let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let first = fields.first().map(|(k, _)| k.as_str()).ok_or_else(bad)?;
        match first {
            "c" => Ok(LayerSpec::Conv {
                filters: get("c").ok_or_else(bad)?,
                kernel: get("k").ok_or_else(bad)?,
                stride: get("s").unwrap_or(1),
                padding: get("p").unwrap_or(0),
            }),
            "pool" => {
                let size = get("pool").ok_or_else(bad)?;
                Ok(LayerSpec::MaxPool {
                    size,
                    stride: get("s").unwrap_or(size),
                })
            }
            "apool" => {
                let size = get("apool").ok_or_else(bad)?;
                Ok(LayerSpec::AvgPool {
                    size,
                    stride: get("s").unwrap_or(size),
                })
            }
            "d" => Ok(LayerSpec::Dense {
                units: get("d").ok_or_else(bad)?,
            }),
            _ => Err(bad()),
        }
    }
}

impl std::str::FromStr for ModelSpec {
    type Err = SpecError;
    /// Parses the text form. Does not validate shapes; call [`ModelSpec::validate`].
    fn from_str(text: &str) -> Result<Self, SpecError> {
        let mut parts = text.trim().split('|');
        let head = parts.next().unwrap_or("");
        let dims: Vec<usize> = head
            .split('x')
            .map(|d| d.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| SpecError::Parse(format!("cannot read input shape '{head}'")))?;
        let [h, w, c] = dims[..] else {
            return Err(SpecError::Parse(format!(
                "input shape '{head}' must be HxWxC"
            )));
        };
        let layers = parts
            .map(|t| t.parse())
            .collect::<Result<Vec<LayerSpec>, _>>()?;
        Ok(ModelSpec::new(Shape::new(c, h, w), layers))
    }
}
