//! A colour legend: the ramp, its end values and zero, and what it means.

use crate::panels::heatmap::{Range, Scale};
use crate::panels::inspect::short;
use yew::prelude::*;

/// A CSS gradient through the scale's own colours (from `crate::panels::heatmap`).
pub fn css_gradient(scale: Scale) -> String {
    let stops: Vec<String> = (0..=8)
        .map(|i| {
            let [r, g, b, _] = scale.at(i as f32 / 8.0);
            format!("rgb({r},{g},{b})")
        })
        .collect();
    format!("linear-gradient(to right, {})", stops.join(", "))
}

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub scale: Scale,
    pub range: Range,
    /// What the values are ("weight", "activation").
    pub what: AttrValue,
    /// Also print the scale's sentence (once per panel is enough).
    #[prop_or_default]
    pub explain: bool,
}

/// The ramp with its low, middle and high values printed under it.
#[component]
pub fn Legend(p: &LegendProps) -> Html {
    let mid = (p.range.lo + p.range.hi) / 2.0;
    let text = format!(
        "Colour scale for {}: {} to {}",
        p.what,
        short(p.range.lo),
        short(p.range.hi)
    );
    html! {
        <div class="legend" role="img" aria-label={text}>
            <div class="legend-bar" style={format!("background:{}", css_gradient(p.scale))}></div>
            <div class="legend-ticks num" aria-hidden="true">
                <span>{ short(p.range.lo) }</span>
                <span>{ short(mid) }</span>
                <span>{ short(p.range.hi) }</span>
            </div>
            if p.explain {
                <p class="legend-text">{ p.scale.describe() }</p>
            }
        </div>
    }
}
