//! "Back to the pretrained model": forget what this browser kept, start over.
//!
//! A remembered model that is slow or not what a class needs would otherwise
//! come back on every reload. This forgets it (LocalStorage), takes the
//! training settings out of the address (the section, `hide` and `present`
//! keys of a teacher link stay), puts the session back to the default
//! architecture, settings and seed, and loads the pretrained model again.

use super::address::location_hash;
use super::{load, storage};
use crate::core::{Hyper, ModelSpec};
use crate::session::persist::{settings_hash, DEFAULT_SEED};
use crate::session::Action;
use yew::Callback;

/// Forgets the stored model and settings, then loads the pretrained model.
pub fn back_to_pretrained(dispatch: Callback<Action>) {
    storage::forget_model();
    let next = settings_hash(
        &location_hash(),
        &ModelSpec::default_cnn(),
        &Hyper::default(),
        DEFAULT_SEED,
    );
    if let Some(win) = web_sys::window() {
        let loc = win.location();
        let bare = loc.pathname().unwrap_or_default() + &loc.search().unwrap_or_default();
        let url = if next == "#" { bare } else { next };
        if let Ok(h) = win.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    dispatch.emit(Action::ForgetAll);
    wasm_bindgen_futures::spawn_local(async move {
        match load::fetch_bytes(load::DEFAULT_MODEL_URL).await {
            Ok(bytes) => dispatch.emit(Action::LoadPretrained(bytes)),
            Err(e) => dispatch.emit(Action::DataFailed(format!(
                "{e}. The settings are back to the defaults, with fresh weights."
            ))),
        }
    });
}
