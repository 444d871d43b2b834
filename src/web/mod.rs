//! Browser app (wasm only): the Yew UI over the shared session.

pub mod app;
pub mod calc;
pub mod cat;
pub mod clock;
pub mod ctx;
pub mod draw;
pub mod inspect;
pub mod js_api;
pub mod lesson;
pub mod load;
pub mod nav;
pub mod offline;
pub mod panels;
pub mod pooling;
pub mod race;
pub mod sharing;
pub mod startup;
pub mod train;
pub mod widgets;

use wasm_bindgen::prelude::*;

/// Entry point: mounts the app on `<div id="app">`. Pages without that
/// element (the wasm test runner, the benchmark page) get no app.
#[wasm_bindgen(start)]
pub fn start() {
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(root) = doc.and_then(|d| d.get_element_by_id("app")) {
        offline::register();
        root.set_inner_html("");
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
