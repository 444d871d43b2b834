//! Pieces of the weight-sharing view: the multiply-and-add at one window
//! position, and the weight counts of shared filters against a dense layer.

use crate::panels::heatmap::{Range, Scale};
use crate::panels::inspect::{grouped, ink_for, short};
use crate::panels::sharing::Counts as CountNumbers;
use yew::prelude::*;

/// Kernels wider than this show only the sum, not every number.
const MAX_SHOWN_KERNEL: usize = 5;

fn cells(values: &[f32], k: usize, scale: Scale, range: Range, what: &str) -> Html {
    let items = values.iter().map(|&v| {
        let bg = scale.color(v, range);
        let style = format!(
            "background:rgb({},{},{});color:{}",
            bg[0],
            bg[1],
            bg[2],
            ink_for(bg)
        );
        html! { <span class="cell num" {style}>{ short(v) }</span> }
    });
    html! {
        <div class="cells" style={format!("grid-template-columns:repeat({k}, 1fr)")} role="img"
            aria-label={format!("{what}: {}", values.iter().map(|v| short(*v)).collect::<Vec<_>>().join(", "))}>
            { for items }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProductsProps {
    /// `[c, k, k]` pixels under the window (zeros in the padding).
    pub patch: Vec<f32>,
    /// `[c, k, k]` weights of the filter.
    pub weights: Vec<f32>,
    pub bias: f32,
    /// `sum(patch * weights) + bias`.
    pub value: f32,
    pub kernel: usize,
    pub channels: usize,
}

/// Pixels under the window, times the filter's weights, plus bias.
#[component]
pub fn Products(p: &ProductsProps) -> Html {
    let k = p.kernel;
    let plane = k * k;
    let show = k <= MAX_SHOWN_KERNEL;
    let sum: f32 = p.patch.iter().zip(&p.weights).map(|(a, b)| a * b).sum();
    html! {
        <figure class="products" data-testid="share-products" data-value={p.value.to_string()}>
            if show {
                <div class="products-row">
                    <div>
                        <div class="cells-title">{ "pixels under the window" }</div>
                        { cells(&p.patch[..plane], k, Scale::Gray, Range { lo: 0.0, hi: 1.0 }, "Pixels under the window") }
                    </div>
                    <span class="op" aria-hidden="true">{ "×" }</span>
                    <div>
                        <div class="cells-title">{ "the filter's weights" }</div>
                        { cells(&p.weights[..plane], k, Scale::Diverging, Range::symmetric(&p.weights), "Filter weights") }
                    </div>
                </div>
            }
            <figcaption class="num">
                { if p.channels > 1 { format!("({} more channels not shown) ", p.channels - 1) } else { String::new() } }
                { format!("sum of the {} products = {}, plus bias {} = ", p.patch.len(), short(sum), short(p.bias)) }
                <strong>{ short(p.value) }</strong>
            </figcaption>
        </figure>
    }
}

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
