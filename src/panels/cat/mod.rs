//! Translation invariance, interactively: drag the cat.
//!
//! A scene holds one or more copies of our cat sprite. Three part detectors
//! (ear, eye, nose), cut from the sprite itself, run over the scene as the
//! filters of a real core conv layer:
//! - equivariance: each detector's map has a hot spot that moves with the cat;
//! - invariance: the global max of each map (the "cat score") does not change
//!   when the cat moves;
//! - the contrast: a dense neuron fitted to the cat at its starting place
//!   loses it as soon as it moves;
//! - the count: a few hundred detector weights against a dense template for
//!   every position;
//! - the limits: a strided max pool is only roughly shift-invariant.
//!
//! Submodules: [`pgm`] reads the sprite file, [`sprite`] cuts the detectors,
//! [`scene`] draws the scene, [`detect`] runs the core, [`limits`] counts and
//! shows the pooling limits.

pub mod detect;
pub mod learn;
pub mod limits;
pub mod pgm;
pub mod scene;
pub mod sprite;
pub mod view;

pub use detect::{DenseNeuron, DetectorMap};
pub use limits::{cat_count, pool_shift, CatCount, PoolShift};
pub use scene::Scene;
pub use sprite::{Detector, Sprite};

use crate::core::Model;

/// Where the first cat starts (top-left, scene pixels) in the default scene.
pub const START: (usize, usize) = (24, 52);

/// Everything the demo panel shows, for the scene as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// The rendered scene, `w * h` values in `0..=1`.
    pub pixels: Vec<f32>,
    /// One map per detector, in [`sprite::PARTS`] order.
    pub maps: Vec<DetectorMap>,
    /// Mean of the detectors' scores (each `peak / self_score`): 1.0 when every
    /// part is found exactly as drawn, wherever the cat is.
    pub conv_score: f32,
    /// The dense neuron's score (1.0 on the start scene).
    pub dense_score: f32,
    /// Hot spot `(x, y)` of the strongest response of any detector (its raw
    /// peak), in scene pixels: the centre of the window that gave it.
    pub hotspot: (usize, usize),
}

/// The demo: scene, detectors, the core model running them, the dense neuron.
pub struct CatDemo {
    scene: Scene,
    detectors: Vec<Detector>,
    model: Model,
    dense: DenseNeuron,
}

impl CatDemo {
    /// A 128x128 scene with one cat at [`START`]; the dense neuron is fitted there.
    pub fn new() -> Result<CatDemo, String> {
        CatDemo::with_size(scene::SIDE, scene::SIDE, START)
    }

    /// A `w x h` scene with one cat at `start` (clamped into the scene).
    pub fn with_size(w: usize, h: usize, start: (usize, usize)) -> Result<CatDemo, String> {
        let sprite = Sprite::builtin()?;
        let detectors = sprite::detectors(&sprite)?;
        let mut scene = Scene::new(w, h, sprite)?;
        scene.add_cat(start.0 as i64, start.1 as i64)?;
        let spec = detect::detector_spec(h, w, sprite::K, detectors.len());
        let model = detect::build_model(&spec, &detectors)?;
        let dense = DenseNeuron::fit(&scene.render())?;
        Ok(CatDemo {
            scene,
            detectors,
            model,
            dense,
        })
    }

    pub fn scene(&self) -> &Scene {
        &self.scene
    }
    /// Add, move and remove cats here; the next [`CatDemo::readout`] sees it.
    pub fn scene_mut(&mut self) -> &mut Scene {
        &mut self.scene
    }
    pub fn detectors(&self) -> &[Detector] {
        &self.detectors
    }
    pub fn dense(&self) -> &DenseNeuron {
        &self.dense
    }
    /// The core model running the detectors (its spec and filters).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Renders the scene and runs detectors and dense neuron on it.
    pub fn readout(&mut self) -> Readout {
        let pixels = self.scene.render();
        let maps =
            detect::run_detectors(&mut self.model, &self.detectors, &pixels).unwrap_or_default();
        let conv_score = if maps.is_empty() {
            0.0
        } else {
            maps.iter().map(|m| m.score).sum::<f32>() / maps.len() as f32
        };
        // The strongest raw response. The eye's self-score is well above the
        // others', so texture noise cannot make the hot spot jump between parts.
        let hotspot = maps
            .iter()
            .fold(None::<&DetectorMap>, |b, m| match b {
                Some(b) if b.peak >= m.peak => Some(b),
                _ => Some(m),
            })
            .map(|m| m.hot)
            .unwrap_or((0, 0));
        Readout {
            dense_score: self.dense.score(&pixels),
            pixels,
            maps,
            conv_score,
            hotspot,
        }
    }

    /// Both scores as cat `cat` slides along row `y`, for every `step`-th x
    /// from 0 to the right edge: `(x, conv_score, dense_score)`. For the chart
    /// of score against position. The cat is put back where it was.
    pub fn score_curve(&mut self, cat: usize, y: usize, step: usize) -> Vec<(usize, f32, f32)> {
        let Some(&home) = self.scene.cats().get(cat) else {
            return Vec::new();
        };
        let max_x = self.scene.width() - self.scene.sprite().w;
        let mut out = Vec::new();
        for x in (0..=max_x).step_by(step.max(1)) {
            self.scene.move_cat(cat, x as i64, y as i64);
            let r = self.readout();
            out.push((x, r.conv_score, r.dense_score));
        }
        self.scene.move_cat(cat, home.0 as i64, home.1 as i64);
        out
    }

    /// Detector weights against dense templates for this scene.
    pub fn count(&self) -> CatCount {
        let s = self.scene.sprite();
        let k = self.detectors.first().map(|d| d.k).unwrap_or(sprite::K);
        cat_count(
            self.scene.width(),
            self.scene.height(),
            s.w,
            s.h,
            k,
            self.detectors.len(),
        )
    }

    /// Pooled maps for a lone cat at `(x, y)` and `(x + dx, y)` in a scene of this size.
    pub fn pool_shift(&self, at: (usize, usize), dx: usize) -> Result<PoolShift, String> {
        pool_shift(
            self.scene.sprite(),
            &self.detectors,
            self.scene.width(),
            self.scene.height(),
            at,
            dx,
        )
    }
}
