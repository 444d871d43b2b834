//! Both cat scores, big, over the chart of their trail.

use super::chart::ScoreChart;
use crate::core::numfmt::thousands;
use crate::panels::cat::view::Sample;
use crate::panels::cat::START;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CatScoresProps {
    /// Conv + global max pool score, and the dense neuron's.
    pub conv: f32,
    pub dense: f32,
    /// Pixels in the scene: the dense neuron's weight count.
    pub scene_pixels: usize,
    /// `(x, conv, dense)` along the start row.
    pub sweep: Rc<Vec<(usize, f32, f32)>>,
    pub samples: Rc<Vec<Sample>>,
    /// Largest x a cat can take.
    pub max_x: usize,
    /// The chart's text alternative.
    pub label: AttrValue,
    pub onclear: Callback<MouseEvent>,
}

#[component]
pub fn CatScores(p: &CatScoresProps) -> Html {
    html! {
        <div class="panel cat-scores">
            <h3>{ "Cat scores" }</h3>
            <div class="grid-2 cat-score-pair">
                <div data-testid="cat-score-conv" data-value={format!("{:.4}", p.conv)}>
                    <div class="big-number">{ format!("{:.2}", p.conv) }</div>
                    <div>{ "Conv + global max pool" }</div>
                    <div class="muted">{ "mean of the three part scores; 1.00 = every part found exactly as drawn" }</div>
                </div>
                <div data-testid="cat-score-dense" data-value={format!("{:.4}", p.dense)}>
                    <div class={classes!("big-number", (p.dense < 0.5).then_some("bad"))}>{ format!("{:.2}", p.dense) }</div>
                    <div>{ "Dense neuron" }</div>
                    <div class="muted">{ format!("one weight per pixel ({}), fitted to the cat at ({}, {}); 1.00 there", thousands(p.scene_pixels as u128), START.0, START.1) }</div>
                </div>
            </div>
            <ScoreChart sweep={p.sweep.clone()} samples={p.samples.clone()} max_x={p.max_x} label={p.label.clone()} />
            <button onclick={p.onclear.clone()}>{ "Clear the markers" }</button>
        </div>
    }
}
