//! Browser app (wasm only): the Yew UI over the shared session.

pub mod calc;
pub mod cat;
pub mod draw;
pub mod hooks;
pub mod inspect;
pub mod platform;
pub mod pooling;
pub mod race;
pub mod sharing;
pub mod shell;
pub mod train;
pub mod widgets;

use wasm_bindgen::prelude::*;

/// Entry point: mounts the app on `<div id="app">`. Pages without that
/// element (the wasm test runner, the benchmark page) get no app.
#[wasm_bindgen(start)]
pub fn start() {
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(root) = doc.and_then(|d| d.get_element_by_id("app")) {
        platform::panic::install();
        platform::offline::register();
        root.set_inner_html("");
        yew::Renderer::<shell::app::App>::with_root(root).render();
    }
}
