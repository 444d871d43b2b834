//! Reading and writing a [`Model`]'s parameters: per layer, or all at once flat.
//!
//! Flat order: for each conv or dense layer in spec order, its weights
//! (`[out, in, kh, kw]` or `[units, inputs]`) then its biases.

use super::layers::Layer;
use super::model::Model;
use ndarray::ArrayView4;

impl Model {
    /// Weights `[out, in, kh, kw]` of the conv layer at spec index `layer`.
    pub fn conv_weights(&self, layer: usize) -> Option<ArrayView4<'_, f32>> {
        match self.layers().get(layer)? {
            Layer::Conv(c) => {
                let (f, ch, k) = (c.cfg.filters, c.cfg.input.c, c.cfg.kernel);
                ArrayView4::from_shape((f, ch, k, k), &c.weight).ok()
            }
            _ => None,
        }
    }

    /// Overwrites weights and biases of the layer at spec index `layer` (conv or dense).
    pub fn set_layer_params(
        &mut self,
        layer: usize,
        weights: &[f32],
        bias: &[f32],
    ) -> Result<(), String> {
        let count = self.layers().len();
        let name = self.info().get(layer).map(|i| i.name.clone());
        let Some(l) = self.layers_mut().get_mut(layer) else {
            return Err(format!(
                "there is no layer {} (the network has {count})",
                layer + 1
            ));
        };
        let name = name.unwrap_or_default();
        let Some((w, b, _, _)) = l.params_grads_mut() else {
            return Err(format!("layer {} ({name}) has no weights", layer + 1));
        };
        if w.len() != weights.len() || b.len() != bias.len() {
            return Err(format!(
                "layer {} ({name}) needs {} weights and {} biases, got {} and {}",
                layer + 1,
                w.len(),
                b.len(),
                weights.len(),
                bias.len()
            ));
        }
        w.copy_from_slice(weights);
        b.copy_from_slice(bias);
        Ok(())
    }

    /// Number of trainable values (weights + biases).
    pub fn param_count(&self) -> usize {
        self.layers()
            .iter()
            .filter_map(|l| l.params())
            .map(|(w, b)| w.len() + b.len())
            .sum()
    }

    /// All parameters, flat, in a fixed order.
    pub fn params_flat(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.param_count());
        self.copy_params_into(&mut out);
        out
    }

    /// Writes [`Model::params_flat`] into `out`, reusing its allocation.
    pub fn copy_params_into(&self, out: &mut Vec<f32>) {
        out.clear();
        for (w, b) in self.layers().iter().filter_map(|l| l.params()) {
            out.extend_from_slice(w);
            out.extend_from_slice(b);
        }
    }

    /// All parameter gradients from the last backward pass, in [`Model::params_flat`] order.
    pub fn grads_flat(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.param_count());
        for (w, b) in self.layers().iter().filter_map(|l| l.grads()) {
            out.extend_from_slice(w);
            out.extend_from_slice(b);
        }
        out
    }

    /// Inverse of [`Model::params_flat`]; refuses a wrong length.
    pub fn set_params_flat(&mut self, values: &[f32]) -> Result<(), String> {
        let total = self.param_count();
        if values.len() != total {
            return Err(format!(
                "the model has {total} parameters, got {}",
                values.len()
            ));
        }
        let mut at = 0;
        for l in self.layers_mut() {
            if let Some((w, b, _, _)) = l.params_grads_mut() {
                w.copy_from_slice(&values[at..at + w.len()]);
                at += w.len();
                b.copy_from_slice(&values[at..at + b.len()]);
                at += b.len();
            }
        }
        Ok(())
    }

    /// True when every parameter is finite.
    pub fn params_finite(&self) -> bool {
        self.layers()
            .iter()
            .filter_map(|l| l.params())
            .all(|(w, b)| w.iter().chain(b).all(|v| v.is_finite()))
    }
}
