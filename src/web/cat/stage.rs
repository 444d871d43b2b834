//! The stage: the scene with its draggable cats, the buttons that add and
//! remove cats or send the scene to the feature maps, and the scene's size.

use super::scene::{SceneView, SceneViewProps};
use super::send::SendScene;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CatStageProps {
    /// The scene and its cats, handed on to [`SceneView`] as they are.
    pub scene: SceneViewProps,
    /// Why the last cat could not be added.
    pub message: Option<String>,
    pub onadd: Callback<MouseEvent>,
    pub onremove: Callback<MouseEvent>,
}

#[component]
pub fn CatStage(p: &CatStageProps) -> Html {
    let scene = &p.scene;
    let (w, h) = (scene.w, scene.h);
    html! {
        <div class="panel cat-stage">
            <SceneView ..scene.clone() />
            <div class="row cat-buttons">
                <button onclick={p.onadd.clone()}>{ "Add a cat" }</button>
                <button onclick={p.onremove.clone()} disabled={scene.cats.is_empty()}>{ "Remove selected cat" }</button>
                <SendScene pixels={scene.pixels.clone()} {w} {h} />
            </div>
            if let Some(m) = &p.message { <p class="error-text" role="alert">{ m.clone() }</p> }
            <p class="muted">{ format!("Scene {w}×{h} pixels; the cat is {}×{}. Drag a cat with mouse or finger, or focus it (Tab) and use the arrow keys.", scene.cat_w, scene.cat_h) }</p>
        </div>
    }
}
