//! A heatmap canvas that can be probed: pointer and keyboard pick a unit.
//!
//! The canvas bitmap is the map itself (one pixel per unit); CSS scales it
//! up with crisp pixels. Pointer events (mouse, pen and touch alike) report
//! the unit under the pointer, so a tap works as well as a hover.
//!
//! It shows one map on its own (a filter, the input, a top digit, the
//! pooling zoom); the feature-map panel draws each layer's maps on one
//! canvas instead (`mosaic.rs`).

use crate::panels::inspect::maps::unit_at;
use crate::web::widgets::paint_rgba;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MapCanvasProps {
    /// `w * h * 4` RGBA bytes.
    pub rgba: Rc<Vec<u8>>,
    pub w: usize,
    pub h: usize,
    /// Text alternative (layer, channel, shape, value range).
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    /// Called with the unit `(y, x)` under the pointer.
    #[prop_or_default]
    pub onprobe: Option<Callback<(usize, usize)>>,
    #[prop_or_default]
    pub onkeydown: Option<Callback<KeyboardEvent>>,
    /// `Some(0)` makes the canvas a tab stop.
    #[prop_or_default]
    pub tabindex: Option<i32>,
}

/// The `(y, x)` unit of a `h x w` map under a pointer event.
pub fn unit_of(e: &PointerEvent, h: usize, w: usize) -> Option<(usize, usize)> {
    // `target`, not `current_target`: Yew delegates events to its root.
    let el = e.target()?.dyn_into::<Element>().ok()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let fx = (e.client_x() as f64 - r.left()) / r.width();
    let fy = (e.client_y() as f64 - r.top()) / r.height();
    Some(unit_at(fx, fy, h, w))
}

#[component]
pub fn MapCanvas(p: &MapCanvasProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((p.rgba.clone(), p.w, p.h), move |(rgba, w, h)| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                paint_rgba(&c, *w as u32, *h as u32, rgba);
            }
        });
    }
    let probe = p.onprobe.clone().map(|cb| {
        let (h, w) = (p.h, p.w);
        Callback::from(move |e: PointerEvent| {
            if let Some(u) = unit_of(&e, h, w) {
                cb.emit(u);
            }
        })
    });
    html! {
        <canvas ref={node} class={classes!("map-canvas", p.class.clone())} role="img"
            aria-label={p.label.clone()}
            style={format!("aspect-ratio:{}/{}", p.w.max(1), p.h.max(1))}
            tabindex={p.tabindex.map(|t| t.to_string())}
            onpointermove={probe.clone()} onpointerdown={probe}
            onkeydown={p.onkeydown.clone()} />
    }
}
