//! The layers of a sequential network, behind one enum.
//!
//! Every layer has the same shape: `forward` (overwrites its output, caches
//! what backward needs), `backward` (ADDS into the parameter gradients and into
//! the input gradient, never overwrites), and `zero_grad`. Buffers are flat
//! `f32` slices in NCHW order; `n` is the batch size of the current call, and
//! any slice may be longer than needed (buffers are sized for the largest batch).

pub mod conv;
pub mod dense;
pub mod loss;
pub mod pool;

pub use conv::{Conv2d, ConvConfig};
pub use dense::Dense;
pub use pool::{AvgPool2d, GlobalAvgPool, GlobalMaxPool, MaxPool2d};

use super::rng::Rng;
use super::spec::{LayerInfo, LayerSpec};

/// He-uniform init: `U(-sqrt(6/fan_in), +sqrt(6/fan_in))`.
///
/// Only `sqrt` (correctly rounded by IEEE 754) and the integer-derived uniforms
/// of [`Rng`] are involved, so native and wasm get bit-identical weights.
pub fn he_uniform(len: usize, fan_in: usize, rng: &mut Rng) -> Vec<f32> {
    let limit = (6.0f64 / fan_in.max(1) as f64).sqrt() as f32;
    (0..len).map(|_| rng.uniform(-limit, limit)).collect()
}

/// One layer with its parameters and scratch state.
#[derive(Clone, Debug)]
pub enum Layer {
    Conv(Conv2d),
    /// `y = max(x, 0)`; `len` values per image.
    Relu {
        len: usize,
    },
    MaxPool(MaxPool2d),
    AvgPool(AvgPool2d),
    GlobalMaxPool(GlobalMaxPool),
    GlobalAvgPool(GlobalAvgPool),
    /// A copy: NCHW is already flat per image. `len` values per image.
    Flatten {
        len: usize,
    },
    Dense(Dense),
}

impl Layer {
    /// Builds the layer described by a validated [`LayerInfo`].
    pub fn new(info: &LayerInfo, rng: &mut Rng) -> Layer {
        let inp = info.input;
        match info.spec {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                padding,
            } => Layer::Conv(Conv2d::new(
                ConvConfig {
                    input: inp,
                    filters,
                    kernel,
                    stride,
                    padding,
                },
                rng,
            )),
            LayerSpec::Relu => Layer::Relu { len: inp.len() },
            LayerSpec::MaxPool { size, stride } => {
                Layer::MaxPool(MaxPool2d::new(inp, size, stride))
            }
            LayerSpec::AvgPool { size, stride } => {
                Layer::AvgPool(AvgPool2d::new(inp, size, stride))
            }
            LayerSpec::GlobalMaxPool => Layer::GlobalMaxPool(GlobalMaxPool::new(inp)),
            LayerSpec::GlobalAvgPool => Layer::GlobalAvgPool(GlobalAvgPool { input: inp }),
            LayerSpec::Flatten => Layer::Flatten { len: inp.len() },
            LayerSpec::Dense { units } => Layer::Dense(Dense::new(inp.len(), units, rng)),
        }
    }

    /// Grows scratch buffers for batches of up to `n`.
    pub fn reserve(&mut self, n: usize, need_dinput: bool) {
        match self {
            Layer::Conv(l) => l.reserve(n, need_dinput),
            Layer::MaxPool(l) => l.reserve(n),
            Layer::GlobalMaxPool(l) => l.reserve(n),
            _ => {}
        }
    }

    /// # Shapes
    /// - `x`: `[n, input]`, `y`: `[n, output]` (overwritten)
    pub fn forward(&mut self, x: &[f32], y: &mut [f32], n: usize) {
        match self {
            Layer::Conv(l) => l.forward(x, y, n),
            Layer::Relu { len } => {
                let m = n * *len;
                // A compare-and-select, not `f32::max`: its NaN rule has no
                // single wasm instruction, so `max` would not vectorize there.
                // NaN still maps to 0, as with `max`.
                for (o, &v) in y[..m].iter_mut().zip(&x[..m]) {
                    *o = if v > 0.0 { v } else { 0.0 };
                }
            }
            Layer::MaxPool(l) => l.forward(x, y, n),
            Layer::AvgPool(l) => l.forward(x, y, n),
            Layer::GlobalMaxPool(l) => l.forward(x, y, n),
            Layer::GlobalAvgPool(l) => l.forward(x, y, n),
            Layer::Flatten { len } => y[..n * *len].copy_from_slice(&x[..n * *len]),
            Layer::Dense(l) => l.forward(x, y, n),
        }
    }

    /// Adds parameter gradients, and `dx` when given (the first trainable
    /// layer passes `None`: nobody needs the gradient of the input image).
    ///
    /// # Shapes
    /// - `x`: `[n, input]` (the same input as the last forward)
    /// - `dy`: `[n, output]`, `dx`: `[n, input]`
    pub fn backward(&mut self, x: &[f32], dy: &[f32], dx: Option<&mut [f32]>, n: usize) {
        match self {
            Layer::Conv(l) => l.backward(x, dy, dx, n),
            Layer::Dense(l) => l.backward(x, dy, dx, n),
            _ => {
                let Some(dx) = dx else { return };
                match self {
                    Layer::Relu { len } => {
                        let m = n * *len;
                        // y = max(x, 0)  =>  dx += dy where x > 0. A select, not a
                        // branch: signs are random, and a mispredicted branch per
                        // value cost more than the whole conv forward of the layer.
                        for ((d, &g), &v) in dx[..m].iter_mut().zip(&dy[..m]).zip(&x[..m]) {
                            *d += if v > 0.0 { g } else { 0.0 };
                        }
                    }
                    Layer::MaxPool(l) => l.backward(dy, dx, n),
                    Layer::AvgPool(l) => l.backward(dy, dx, n),
                    Layer::GlobalMaxPool(l) => l.backward(dy, dx, n),
                    Layer::GlobalAvgPool(l) => l.backward(dy, dx, n),
                    Layer::Flatten { len } => {
                        for (d, &g) in dx[..n * *len].iter_mut().zip(&dy[..n * *len]) {
                            *d += g;
                        }
                    }
                    Layer::Conv(_) | Layer::Dense(_) => unreachable!("handled above"),
                }
            }
        }
    }

    pub fn zero_grad(&mut self) {
        match self {
            Layer::Conv(l) => l.zero_grad(),
            Layer::Dense(l) => l.zero_grad(),
            _ => {}
        }
    }

    /// `(weight, bias)` of a conv or dense layer.
    pub fn params(&self) -> Option<(&[f32], &[f32])> {
        match self {
            Layer::Conv(l) => Some((&l.weight, &l.bias)),
            Layer::Dense(l) => Some((&l.weight, &l.bias)),
            _ => None,
        }
    }

    /// `(weight, bias, dweight, dbias)` of a conv or dense layer.
    #[allow(clippy::type_complexity)]
    pub fn params_grads_mut(&mut self) -> Option<(&mut [f32], &mut [f32], &[f32], &[f32])> {
        match self {
            Layer::Conv(l) => Some((&mut l.weight, &mut l.bias, &l.dweight, &l.dbias)),
            Layer::Dense(l) => Some((&mut l.weight, &mut l.bias, &l.dweight, &l.dbias)),
            _ => None,
        }
    }

    /// `(dweight, dbias)` of a conv or dense layer.
    pub fn grads(&self) -> Option<(&[f32], &[f32])> {
        match self {
            Layer::Conv(l) => Some((&l.dweight, &l.dbias)),
            Layer::Dense(l) => Some((&l.dweight, &l.dbias)),
            _ => None,
        }
    }
}

/// Grows `v` to `len` elements of `fill` (never shrinks it), allocating
/// exactly that: buffers grow in steps (training sizes them for a piece of
/// a batch, evaluation for its rows), and the budget counts each at its
/// final length, not at a doubled capacity.
pub(crate) fn grow<T: Clone>(v: &mut Vec<T>, len: usize, fill: T) {
    if v.len() < len {
        v.reserve_exact(len - v.len());
        v.resize(len, fill);
    }
}
