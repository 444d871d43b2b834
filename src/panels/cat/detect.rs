//! Running the part detectors through the core, and the dense "neuron".
//!
//! The detectors become the filters of a real core network,
//! `[Conv { 3 filters, k x k, stride 1, no padding }, GlobalMaxPool]` on a
//! `1 x H x W` scene, so they slide over the scene with exactly the conv code
//! that classifies digits. The conv maps show equivariance (the hot spot moves
//! with the cat); the global max pool gives one invariant score per detector.
//!
//! The dense neuron is the other design: one weight per scene pixel, set to the
//! scene with the cat at its starting place (zero-mean, unit length). It
//! recognises that one picture, and forgets the cat as soon as it moves.

use super::sprite::Detector;
use crate::core::{LayerSpec, Model, ModelSpec, Rng, Shape};

/// The network that runs `n` detectors of side `k` over an `h x w` scene.
pub fn detector_spec(h: usize, w: usize, k: usize, n: usize) -> ModelSpec {
    ModelSpec::new(
        Shape::new(1, h, w),
        vec![
            LayerSpec::Conv {
                filters: n,
                kernel: k,
                stride: 1,
                padding: 0,
            },
            LayerSpec::GlobalMaxPool,
        ],
    )
}

/// Builds a core model from `spec` (whose layer 0 is the detectors' conv) and
/// loads the detectors as its filters, biases 0.
pub fn build_model(spec: &ModelSpec, detectors: &[Detector]) -> Result<Model, String> {
    // The seed only fills the initial weights, which are all overwritten.
    let mut model = Model::new(spec, &mut Rng::new(0)).map_err(|e| e.to_string())?;
    let weights: Vec<f32> = detectors
        .iter()
        .flat_map(|d| d.weights.iter().copied())
        .collect();
    model.set_layer_params(0, &weights, &vec![0.0; detectors.len()])?;
    Ok(model)
}

/// One detector's feature map over the scene and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct DetectorMap {
    pub name: &'static str,
    /// Map size: `(H - k + 1) x (W - k + 1)`.
    pub h: usize,
    pub w: usize,
    /// Responses, row-major. Unit `(my, mx)` looks at scene pixels
    /// `my..my+k, mx..mx+k`.
    pub values: Vec<f32>,
    /// Strongest response: the global max pool's output for this detector.
    pub peak: f32,
    /// Where it is, as the scene pixel at the centre of the window: `(x, y)`.
    pub hot: (usize, usize),
    /// `peak / self_score`: 1.0 means the part is there exactly as drawn.
    pub score: f32,
}

/// Runs `model` (from [`build_model`]) on `scene` and reads every detector's
/// map, hot spot and score. `None` if the scene has the wrong size.
pub fn run_detectors(
    model: &mut Model,
    detectors: &[Detector],
    scene: &[f32],
) -> Option<Vec<DetectorMap>> {
    let trace = model.trace(scene);
    let (maps, pooled) = (trace.outputs.first()?, trace.outputs.get(1)?);
    let (_, h, w) = maps.dim();
    let mut out = Vec::with_capacity(detectors.len());
    for (c, d) in detectors.iter().enumerate() {
        let values: Vec<f32> = maps.slice(ndarray::s![c, .., ..]).iter().copied().collect();
        // First maximum in row-major order, so ties resolve the same way everywhere.
        let (best, _) =
            values
                .iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |(bi, bv), (i, &v)| {
                    if v > bv {
                        (i, v)
                    } else {
                        (bi, bv)
                    }
                });
        let peak = pooled[[c, 0, 0]];
        out.push(DetectorMap {
            name: d.name,
            h,
            w,
            hot: (best % w + d.k / 2, best / w + d.k / 2),
            score: peak / d.self_score,
            peak,
            values,
        });
    }
    Some(out)
}

/// A dense neuron with one weight per scene pixel.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseNeuron {
    /// Zero-mean, unit-length copy of the scene it was fitted to.
    pub weights: Vec<f32>,
    /// Its output on that scene: the score of a perfect match.
    pub start: f32,
}

impl DenseNeuron {
    /// Fits the neuron to `scene` (the cat at its starting place).
    pub fn fit(scene: &[f32]) -> Result<DenseNeuron, String> {
        if scene.is_empty() {
            return Err("cannot fit a neuron to an empty scene".into());
        }
        let mean = scene.iter().sum::<f32>() / scene.len() as f32;
        let norm = scene.iter().map(|v| (v - mean).powi(2)).sum::<f32>().sqrt();
        if norm < 1e-6 {
            return Err("the scene is flat; there is nothing to fit".into());
        }
        let weights: Vec<f32> = scene.iter().map(|v| (v - mean) / norm).collect();
        let start = dot(&weights, scene);
        Ok(DenseNeuron { weights, start })
    }

    /// `dot(weights, scene)`: the neuron's raw output (0 for a wrong size).
    pub fn raw(&self, scene: &[f32]) -> f32 {
        if scene.len() != self.weights.len() {
            return 0.0;
        }
        dot(&self.weights, scene)
    }

    /// Raw output as a fraction of the fitted scene's (1.0 = the start picture).
    pub fn score(&self, scene: &[f32]) -> f32 {
        self.raw(scene) / self.start
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
