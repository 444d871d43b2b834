//! "This network, layer by layer": each layer's parameters beside those of a
//! dense layer that would produce the same output from the same input.
//!
//! A dense layer mapping `input.len()` values to `output.len()` values needs
//! `in * out + out` parameters (weights plus one bias per output). Only layers
//! that have weights (conv and dense) get a dense equivalent: comparing a ReLU
//! or a max pool with a dense layer would count weights nobody would train.

use crate::core::{count, LayerKind, ModelSpec, Shape, SpecError};

/// One layer of the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    /// `conv1`, `pool1`, `dense1`, ...
    pub name: String,
    pub kind: LayerKind,
    pub input: Shape,
    pub output: Shape,
    /// This layer's weights plus biases.
    pub params: u128,
    /// A dense layer from the same input to the same output; `None` for
    /// layers without weights.
    pub dense_params: Option<u128>,
}

/// All rows and their totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub rows: Vec<Row>,
    /// The network's parameters.
    pub total_params: u128,
    /// The same network with every conv and dense layer replaced by a dense one.
    pub total_dense: u128,
}

impl Comparison {
    /// `total_dense / total_params` (1.0 for a network that is already all dense).
    pub fn ratio(&self) -> f64 {
        if self.total_params == 0 {
            return f64::NAN;
        }
        self.total_dense as f64 / self.total_params as f64
    }
}

/// The comparison for every layer of `spec`, or why the spec is invalid.
pub fn layer_comparison(spec: &ModelSpec) -> Result<Comparison, SpecError> {
    let info = spec.validate()?;
    let rows: Vec<Row> = info
        .iter()
        .map(|l| {
            let kind = l.spec.kind();
            let weighted = matches!(kind, LayerKind::Conv | LayerKind::Dense);
            Row {
                index: l.index,
                name: l.name.clone(),
                kind,
                input: l.input,
                output: l.output,
                params: l.params as u128,
                dense_params: weighted
                    .then(|| count::dense_params(l.input.len() as u128, l.output.len() as u128)),
            }
        })
        .collect();
    Ok(Comparison {
        total_params: rows.iter().map(|r| r.params).sum(),
        total_dense: rows.iter().filter_map(|r| r.dense_params).sum(),
        rows,
    })
}
