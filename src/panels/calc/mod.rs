//! The dense-vs-conv parameter calculator: one image, one layer, two options.
//!
//! Option A, dense: every pixel value connects to every neuron.
//! Option B, conv: `filters` small `k x k x channels` filters slide over the
//! image with 'same' padding (stride 1, output map as large as the input), so
//! each filter's weights are shared by every position.
//!
//! All counts come from [`crate::core::count`] and are `u128`, so even a
//! 1,000,000 x 1,000,000 photo into a million neurons is exact. Memory is the
//! parameter count times 4 bytes (f32), in MB of 10^6 bytes.
//!
//! Submodules: [`form`] holds the typed fields, [`compare`] words the
//! comparison of the two options, [`layers`] compares each layer of a whole
//! network with the dense layer it replaces.

pub mod compare;
pub mod form;
pub mod layers;

use crate::core::count;
pub use crate::core::numfmt::{compact, format_bytes, thousands};
pub use layers::{layer_comparison, Comparison, Row};

/// Largest image side accepted.
pub const MAX_SIDE: u64 = 1_000_000;
/// Largest filter side accepted.
pub const MAX_KERNEL: u64 = 15;
pub const MAX_FILTERS: u64 = 4096;
pub const MAX_NEURONS: u64 = 1_000_000;

/// The calculator's inputs, as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalcInput {
    pub width: u64,
    pub height: u64,
    /// 1 (gray) or 3 (colour).
    pub channels: u64,
    /// Neurons in the dense layer.
    pub neurons: u64,
    /// Filter side `k` (filters are `k x k x channels`).
    pub kernel: u64,
    pub filters: u64,
}

/// Which input a message is about (so the UI can show it beside that field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Width,
    Height,
    Channels,
    Neurons,
    Kernel,
    Filters,
}

/// A refused input, with the message to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// The numbers for one option.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// Weights plus biases.
    pub params: u128,
    /// The count written out, e.g. `1000 x 1000 x 3 x 100 + 100 = 300,000,100`.
    pub formula: String,
    /// `params * 4` bytes, in MB (10^6 bytes).
    pub memory_mb: f32,
    /// Multiply-adds for one image.
    pub macs: u128,
}

/// Both options and how they compare.
#[derive(Clone, Debug, PartialEq)]
pub struct CalcOutput {
    pub dense: Side,
    pub conv: Side,
    /// `dense.params / conv.params`.
    pub param_ratio: f64,
    /// `dense.macs / conv.macs`.
    pub mac_ratio: f64,
}

/// A named set of inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub input: CalcInput,
}

/// MNIST (28x28x1 into 100 neurons vs 8 filters of 5x5), the lecture's photo
/// (1000x1000x3 into 100 neurons vs 100 filters of 3x3x3), a 12 MP phone photo
/// (4000x3000x3, same layer sizes as the lecture's).
pub const PRESETS: [Preset; 3] = [
    Preset {
        name: "MNIST digit",
        input: CalcInput {
            width: 28,
            height: 28,
            channels: 1,
            neurons: 100,
            kernel: 5,
            filters: 8,
        },
    },
    Preset {
        name: "Lecture photo (1000x1000 RGB)",
        input: CalcInput {
            width: 1000,
            height: 1000,
            channels: 3,
            neurons: 100,
            kernel: 3,
            filters: 100,
        },
    },
    Preset {
        name: "Phone photo (12 MP)",
        input: CalcInput {
            width: 4000,
            height: 3000,
            channels: 3,
            neurons: 100,
            kernel: 3,
            filters: 100,
        },
    },
];

impl CalcInput {
    /// Every refused field with its message; empty when all inputs are sensible.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        let mut range = |field, name: &str, v: u64, max: u64| {
            if v == 0 || v > max {
                errs.push(FieldError {
                    field,
                    message: format!(
                        "{name} must be from 1 to {}, not {}",
                        thousands(max as u128),
                        thousands(v as u128)
                    ),
                });
            }
        };
        range(Field::Width, "Width", self.width, MAX_SIDE);
        range(Field::Height, "Height", self.height, MAX_SIDE);
        range(Field::Neurons, "Neurons", self.neurons, MAX_NEURONS);
        range(Field::Kernel, "Filter size", self.kernel, MAX_KERNEL);
        range(Field::Filters, "Filters", self.filters, MAX_FILTERS);
        if self.channels != 1 && self.channels != 3 {
            errs.push(FieldError {
                field: Field::Channels,
                message: format!(
                    "Channels must be 1 (gray) or 3 (colour), not {}",
                    self.channels
                ),
            });
        }
        let side = self.width.min(self.height);
        if self.kernel >= 1 && self.kernel <= MAX_KERNEL && side >= 1 && self.kernel > side {
            errs.push(FieldError {
                field: Field::Kernel,
                message: format!(
                    "{} {k}x{k} filter does not fit {} {}x{} image",
                    crate::core::numfmt::article(self.kernel),
                    crate::core::numfmt::article(self.width),
                    self.width,
                    self.height,
                    k = self.kernel
                ),
            });
        }
        errs
    }

    /// Both options' counts, or every refused field.
    pub fn compute(&self) -> Result<CalcOutput, Vec<FieldError>> {
        let errs = self.check();
        if !errs.is_empty() {
            return Err(errs);
        }
        let (w, h, c) = (
            self.width as u128,
            self.height as u128,
            self.channels as u128,
        );
        let (n, k, f) = (
            self.neurons as u128,
            self.kernel as u128,
            self.filters as u128,
        );
        let n_in = w * h * c;
        let dense_params = count::dense_params(n_in, n);
        let dense = Side {
            params: dense_params,
            formula: format!("{w} x {h} x {c} x {n} + {n} = {}", thousands(dense_params)),
            memory_mb: mb(dense_params),
            macs: count::dense_macs(n_in, n),
        };
        let conv_params = count::conv_params(c, k, f);
        // 'same' padding and stride 1: the output map is w x h per filter.
        let conv = Side {
            params: conv_params,
            formula: format!("{k} x {k} x {c} x {f} + {f} = {}", thousands(conv_params)),
            memory_mb: mb(conv_params),
            macs: count::conv_macs(c, k, f, h, w),
        };
        Ok(CalcOutput {
            param_ratio: dense.params as f64 / conv.params as f64,
            mac_ratio: dense.macs as f64 / conv.macs as f64,
            dense,
            conv,
        })
    }
}

fn mb(params: u128) -> f32 {
    (params as f64 * 4.0 / 1e6) as f32
}
