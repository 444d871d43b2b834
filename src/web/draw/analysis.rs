//! Under the answer: a warning about untrained weights, the probability
//! chart, the recentring switch and its explanation, and the button that
//! sends the input to the feature maps.

use super::chart::ProbChart;
use crate::panels::draw::sketch::Reading;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrawAnalysisProps {
    pub reading: Option<Reading>,
    /// The model has been trained (or loaded), not only initialised.
    pub trained: bool,
    pub recenter: bool,
    pub onrecenter: Callback<Event>,
    /// There is an input to send to the feature maps.
    pub has_input: bool,
    pub onmaps: Callback<MouseEvent>,
}

#[component]
pub fn DrawAnalysis(p: &DrawAnalysisProps) -> Html {
    html! {
        <div class="draw-analysis">
            if !p.trained {
                <p class="muted">{ "The model has not been trained yet, so these answers are guesses from random weights. Train it above, or wait for the pretrained model to load." }</p>
            }
            <ProbChart reading={p.reading.clone()} />
            <label class="draw-toggle">
                <input type="checkbox" data-testid="recenter-toggle" checked={p.recenter}
                    onchange={p.onrecenter.clone()} aria-describedby="recenter-help" />
                { " Crop, scale and centre the digit as MNIST did" }
            </label>
            <p id="recenter-help" class="muted">
                if p.recenter {
                    { "On: your digit is cropped to its ink, scaled to fit 20×20 and centred by its centre of mass, like every training digit. " }
                } else {
                    { "Off: the whole pad is shrunk to 28×28 as it is, so the digit stays where and as large as you drew it. Draw one small in a corner and it is often misread: the network only ever saw centred digits, and its final dense layer has a separate weight for every position. " }
                }
                <a href="#cat">{ "Why position matters: the translation-invariance section." }</a>
            </p>
            <button data-testid="draw-to-maps" onclick={p.onmaps.clone()} disabled={!p.has_input}>
                { "Show in feature maps" }
            </button>
        </div>
    }
}
