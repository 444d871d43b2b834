//! The class probabilities at the end of the forward pass, as labelled bars.

use crate::panels::inspect::maps::ranked;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProbsProps {
    pub probs: Vec<f32>,
}

/// One bar per class; the most likely class is also marked in words.
#[component]
pub fn Probs(p: &ProbsProps) -> Html {
    let top = ranked(&p.probs);
    let rows = p.probs.iter().enumerate().map(|(class, &pr)| {
        let pct = (pr * 100.0).clamp(0.0, 100.0);
        let is_top = Some(class) == top;
        html! {
            <li class={classes!("fmp", is_top.then_some("top"))} data-class={class.to_string()}>
                <span class="fmp-class">{ class }</span>
                <span class="fmp-bar" aria-hidden="true"><span style={format!("width:{pct:.1}%")}></span></span>
                <span class="fmp-pct num">{ format!("{pct:.1}%") }</span>
                <span class="fmp-top">if is_top { <span class="sym-back" aria-hidden="true"></span>{ "most likely" } }</span>
            </li>
        }
    });
    html! {
        <div class="fm-probs" data-testid="class-probs" data-top={top.map(|t| t.to_string())}>
            <h4>{ "Class probabilities" }</h4>
            <ol class="fmp-list" aria-label="Probability of each digit">{ for rows }</ol>
        </div>
    }
}
