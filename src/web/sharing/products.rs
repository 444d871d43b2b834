//! The multiply-and-add at one window position: the pixels under the window,
//! times the filter's weights, plus the bias.

use crate::panels::heatmap::{Range, Scale};
use crate::panels::inspect::{ink_for, short};
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
