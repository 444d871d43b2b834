//! Browser app (wasm only): the Yew UI over the shared session. Built without
//! the `ui` feature (the wasm tests), only `platform`'s loaders, JavaScript API
//! and worker entry points remain.

#[cfg(feature = "ui")]
pub mod calc;
#[cfg(feature = "ui")]
pub mod cat;
#[cfg(feature = "ui")]
pub mod draw;
#[cfg(feature = "ui")]
pub mod hooks;
#[cfg(feature = "ui")]
pub mod inspect;
pub mod platform;
#[cfg(feature = "ui")]
pub mod pooling;
#[cfg(feature = "ui")]
pub mod race;
#[cfg(feature = "ui")]
pub mod sharing;
#[cfg(feature = "ui")]
pub mod shell;
#[cfg(feature = "ui")]
pub mod train;
#[cfg(feature = "ui")]
pub mod widgets;

#[cfg(feature = "ui")]
use wasm_bindgen::prelude::*;

/// Entry point: mounts the app on `<div id="app">`. Pages without that
/// element (the wasm test runner, the benchmark page) get no app.
#[cfg(feature = "ui")]
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
