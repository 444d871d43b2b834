//! The weight counts of one conv layer's shared filters against a dense
//! layer making the same output.

use crate::panels::inspect::grouped;
use crate::panels::sharing::Counts as CountNumbers;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountsProps {
    pub counts: CountNumbers,
    pub name: AttrValue,
    pub filters: usize,
    /// `28x28x1`.
    pub input: AttrValue,
}

/// This conv layer's weights next to a dense layer making the same output.
#[component]
pub fn Counts(p: &CountsProps) -> Html {
    let c = &p.counts;
    let ratio = c.dense_layer as f64 / c.conv_layer.max(1) as f64;
    html! {
        <div class="grid-2 share-counts" data-testid="share-counts"
            data-conv={c.conv_layer.to_string()} data-dense={c.dense_layer.to_string()}>
            <div class="count-card good-card">
                <h4>{ format!("{} with shared filters", p.name) }</h4>
                <p class="big-number good">{ grouped(c.conv_layer) }</p>
                <p>{ format!("weights and biases: {} filters × {} each. One output map needs {}.",
                    p.filters, grouped(c.one_filter), grouped(c.one_filter)) }</p>
            </div>
            <div class="count-card bad-card">
                <h4>{ format!("A dense layer making the same maps from the same {} input", p.input) }</h4>
                <p class="big-number bad">{ grouped(c.dense_layer) }</p>
                <p>{ format!("weights and biases: every output value has its own weight for every input value. One output map alone needs {}.",
                    grouped(c.dense_one_map)) }</p>
            </div>
            <p class="ratio">{ format!("The dense layer needs about {} times as many weights for the same output.", grouped(ratio.round() as u128)) }</p>
        </div>
    }
}
