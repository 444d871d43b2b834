//! The scene: a crisp, scaled-up canvas with draggable cats
//! ([`CatHandle`]s) on top, and a marker on the strongest part response.

use super::handle::{pct, CatHandle, GrabRef};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::paint_rgba;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct SceneViewProps {
    /// Scene pixels, `w * h` values in `0..=1`.
    pub pixels: Rc<Vec<f32>>,
    pub w: usize,
    pub h: usize,
    /// Cat size in scene pixels.
    pub cat_w: usize,
    pub cat_h: usize,
    /// Top-left corners of the cats.
    pub cats: Vec<(usize, usize)>,
    pub selected: usize,
    /// Strongest conv response (scene pixels) and the detector that gave it.
    pub hotspot: (usize, usize),
    pub hot_name: AttrValue,
    /// `(cat, x, y)`: move a cat (the panel clamps).
    pub onmove: Callback<(usize, i64, i64)>,
    pub onselect: Callback<usize>,
}

#[component]
pub fn SceneView(p: &SceneViewProps) -> Html {
    let canvas = use_node_ref();
    let frame = use_node_ref();
    let grab = use_memo((), |_| GrabRef::default());
    {
        let canvas = canvas.clone();
        use_effect_with((p.pixels.clone(), p.w, p.h), move |(px, w, h)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let rgba = to_rgba(px, Scale::Gray, Range { lo: 0.0, hi: 1.0 });
                paint_rgba(&c, *w as u32, *h as u32, &rgba);
            }
        });
    }
    let (w, h) = (p.w as f64, p.h as f64);
    let grab = (*grab).clone();
    let handles: Html = p.cats.iter().enumerate().map(|(i, &at)| {
        let frame = frame.clone();
        html! {
            <CatHandle index={i} {at} cat={(p.cat_w, p.cat_h)} scene={(p.w, p.h)} selected={i == p.selected}
                {frame} grab={grab.clone()} onmove={p.onmove.clone()} onselect={p.onselect.clone()} />
        }
    }).collect();
    let (hx, hy) = p.hotspot;
    let hot_style = format!(
        "left:{};top:{}",
        pct(hx as f64 + 0.5, w),
        pct(hy as f64 + 0.5, h)
    );
    let scene_label =
        format!(
        "The scene, {} by {} pixels, with {} cat{}. Strongest part response: {} at x {hx}, y {hy}.",
        p.w, p.h, p.cats.len(), if p.cats.len() == 1 { "" } else { "s" }, p.hot_name
    );
    html! {
        <div class="cat-frame" ref={frame}>
            <canvas ref={canvas} class="cat-scene" data-testid="cat-scene" role="img" aria-label={scene_label} />
            { handles }
            <div class="cat-hotspot" data-testid="cat-hotspot" data-x={hx.to_string()} data-y={hy.to_string()}
                data-part={p.hot_name.clone()} style={hot_style} aria-hidden="true">
                <span>{ p.hot_name.clone() }</span>
            </div>
        </div>
    }
}
