//! The image the feature-map view looks at: a held-out digit, the drawing
//! from the digit pad, or a scene of any size.

use super::Session;

/// The image the feature-map view looks at.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A held-out test digit, by index.
    Test(usize),
    /// The 28x28 preprocessed drawing from the digit pad.
    Drawn(Vec<f32>),
    /// A grayscale scene of any size (the cat demo's), `w * h` values in `0..=1`.
    Scene {
        pixels: Vec<f32>,
        w: usize,
        h: usize,
    },
}

impl Session {
    /// Pixels of the selected input, when available.
    pub fn input_pixels(&self) -> Option<Vec<f32>> {
        match &self.input {
            Input::Test(i) => self
                .test
                .as_ref()
                .filter(|t| *i < t.len())
                .map(|t| t.image(*i).to_vec()),
            Input::Drawn(px) => Some(px.clone()),
            Input::Scene { pixels, .. } => Some(pixels.clone()),
        }
    }
}
