//! The count, for this very scene: shared detector weights against one
//! dense template per cat position.

use crate::core::numfmt::thousands;
use crate::panels::cat::CatCount;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountBoxProps {
    pub count: CatCount,
}

/// Detector weights against one dense template per cat position.
#[component]
pub fn CountBox(p: &CountBoxProps) -> Html {
    let c = &p.count;
    let ratio = c.dense_params as f64 / c.detector_params.max(1) as f64;
    html! {
        <div class="panel cat-count" data-testid="cat-count"
            data-detector-params={c.detector_params.to_string()} data-dense-params={c.dense_params.to_string()}>
            <h3>{ "The count, for this scene" }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Weight count table">
                <table>
                    <tr><th scope="row">{ "Part detectors (shared filters)" }</th>
                        <td class="num">{ c.detector_formula.clone() }</td></tr>
                    <tr><th scope="row">{ "Dense: one template per cat position" }</th>
                        <td class="num">{ c.dense_formula.clone() }</td></tr>
                </table>
            </div>
            <p>{ format!(
                "The cat can sit at {} places. The dense way needs about {} times as many weights, \
                 and still only knows the one cat picture it was given for each place.",
                thousands(c.positions), thousands(ratio.round() as u128)) }</p>
        </div>
    }
}
