//! Fully connected layer with bias. Its input is taken flat.
//!
//! Legend: `n` batch, `d` inputs per image, `u` units.

use super::he_uniform;
use crate::core::gemm::gemm;
use crate::core::rng::Rng;

#[derive(Clone, Debug)]
pub struct Dense {
    pub inputs: usize,
    pub units: usize,
    /// `[u, d]`, row-major.
    pub weight: Vec<f32>,
    /// `[u]`
    pub bias: Vec<f32>,
    pub dweight: Vec<f32>,
    pub dbias: Vec<f32>,
}

impl Dense {
    /// He-uniform weights (fan-in `d`), zero biases.
    pub fn new(inputs: usize, units: usize, rng: &mut Rng) -> Dense {
        let weight = he_uniform(units * inputs, inputs, rng);
        Dense {
            inputs,
            units,
            dweight: vec![0.0; weight.len()],
            weight,
            bias: vec![0.0; units],
            dbias: vec![0.0; units],
        }
    }

    /// `y = x . W^T + b`
    ///
    /// # Shapes
    /// - `x`: `[n, d]`
    /// - `y`: `[n, u]` (overwritten)
    pub fn forward(&self, x: &[f32], y: &mut [f32], n: usize) {
        let (d, u) = (self.inputs, self.units);
        for row in y[..n * u].chunks_exact_mut(u) {
            row.copy_from_slice(&self.bias);
        }
        gemm(n, u, d, 1.0, x, false, &self.weight, true, 1.0, y);
    }

    /// `dW += dy^T . x`, `db += sum_n dy`, `dx += dy . W`.
    ///
    /// # Shapes
    /// - `x`: `[n, d]`, `dy`: `[n, u]`, `dx`: `[n, d]`
    pub fn backward(&mut self, x: &[f32], dy: &[f32], dx: Option<&mut [f32]>, n: usize) {
        let (d, u) = (self.inputs, self.units);
        gemm(u, d, n, 1.0, dy, true, x, false, 1.0, &mut self.dweight);
        for row in dy[..n * u].chunks_exact(u) {
            for (b, g) in self.dbias.iter_mut().zip(row) {
                *b += g;
            }
        }
        if let Some(dx) = dx {
            gemm(n, d, u, 1.0, dy, false, &self.weight, false, 1.0, dx);
        }
    }

    pub fn zero_grad(&mut self) {
        self.dweight.fill(0.0);
        self.dbias.fill(0.0);
    }
}
