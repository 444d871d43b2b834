//! The stage: the scene with its draggable cats, the buttons that add and
//! remove cats or send the scene to the feature maps, and the scene's size.

use super::scene::SceneView;
use super::send::SendScene;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CatStageProps {
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
    /// Why the last cat could not be added.
    pub message: Option<String>,
    /// `(cat, x, y)`: move a cat (the demo clamps).
    pub onmove: Callback<(usize, i64, i64)>,
    pub onselect: Callback<usize>,
    pub onadd: Callback<MouseEvent>,
    pub onremove: Callback<MouseEvent>,
}

#[component]
pub fn CatStage(p: &CatStageProps) -> Html {
    let (w, h) = (p.w, p.h);
    html! {
        <div class="panel cat-stage">
            <SceneView pixels={p.pixels.clone()} {w} {h} cat_w={p.cat_w} cat_h={p.cat_h} cats={p.cats.clone()}
                selected={p.selected} hotspot={p.hotspot} hot_name={p.hot_name.clone()}
                onmove={p.onmove.clone()} onselect={p.onselect.clone()} />
            <div class="row cat-buttons">
                <button onclick={p.onadd.clone()}>{ "Add a cat" }</button>
                <button onclick={p.onremove.clone()} disabled={p.cats.is_empty()}>{ "Remove selected cat" }</button>
                <SendScene pixels={p.pixels.clone()} {w} {h} />
            </div>
            if let Some(m) = &p.message { <p class="error-text" role="alert">{ m.clone() }</p> }
            <p class="muted">{ format!("Scene {w}×{h} pixels; the cat is {}×{}. Drag a cat with mouse or finger, or focus it (Tab) and use the arrow keys.", p.cat_w, p.cat_h) }</p>
        </div>
    }
}
