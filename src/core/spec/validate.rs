//! Validation: walks the shapes layer by layer and refuses, with a message
//! naming the layer and the sizes, any spec that does not fit or is too large
//! for a browser tab ([`SpecError`], the `MAX_*` limits).
//!
//! The same walk yields each layer's output shape, parameter count and
//! multiply-adds ([`LayerInfo`]).

use super::layer::{LayerInfo, LayerKind, LayerSpec, ModelSpec};
use super::shape::{window_out, Shape};
use crate::core::count;
use std::fmt;

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

impl ModelSpec {
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
        let mut counts = [0usize; 7];
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
        LayerSpec::MaxPool { size, stride } => {
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
