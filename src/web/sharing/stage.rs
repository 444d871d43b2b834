//! The animation's stage: the input with the window on it, the
//! multiply-and-add at this position, and the output map filled in so far.

use super::window::Products;
use crate::core::receptive::Region;
use crate::web::inspect::canvas::MapCanvas;
use crate::web::inspect::rf::InputView;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareStageProps {
    /// `[c, h, w]` input, its `(h, w)` and its name.
    pub input: Rc<Vec<f32>>,
    pub input_hw: (usize, usize),
    pub input_name: AttrValue,
    /// The window on the input, and the layer's name.
    pub window: (Region, String),
    /// `[c, k, k]` pixels under the window and the filter's weights.
    pub patch: Vec<f32>,
    pub weights: Vec<f32>,
    pub bias: f32,
    pub value: f32,
    pub kernel: usize,
    pub channels: usize,
    /// The output map up to this position (RGBA), its `(h, w)`, and which
    /// filter made it.
    pub partial: Rc<Vec<u8>>,
    pub out_hw: (usize, usize),
    pub filter: usize,
    /// The output unit at this position, `(y, x)`.
    pub unit: (usize, usize),
}

#[component]
pub fn ShareStage(p: &ShareStageProps) -> Html {
    let ((uy, ux), (out_h, out_w)) = (p.unit, p.out_hw);
    let mark = format!(
        "top:{}%;left:{}%;width:{}%;height:{}%",
        uy as f64 * 100.0 / out_h as f64,
        ux as f64 * 100.0 / out_w as f64,
        100.0 / out_w as f64,
        100.0 / out_h as f64
    );
    html! {
        <div class="share-stage">
            <InputView input={p.input.clone()} h={p.input_hw.0} w={p.input_hw.1}
                name={p.input_name.clone()} region={Some(p.window.clone())} />
            <Products patch={p.patch.clone()} weights={p.weights.clone()} bias={p.bias} value={p.value}
                kernel={p.kernel} channels={p.channels} />
            <figure class="share-out">
                <div class="rf-frame">
                    <MapCanvas rgba={p.partial.clone()} w={out_w} h={out_h}
                        label={format!("Output map of filter {}, filled in up to row {uy}, column {ux}", p.filter + 1)} />
                    <div class="unit-mark" style={mark} aria-hidden="true"></div>
                </div>
                <figcaption>{ format!("Its output map ({out_h}x{out_w})") }</figcaption>
            </figure>
        </div>
    }
}
