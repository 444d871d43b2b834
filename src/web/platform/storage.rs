//! Remembering: the last model in LocalStorage, and the settings mirrored
//! into the URL hash. The model is stored in the core's weights format
//! (`Model::to_bytes`, spec included), base64-encoded.

use crate::core::{Model, ModelSpec};
use crate::formats::base64::{base64_decode, base64_encode};
use crate::session::hash::optimizer_name;
use crate::session::persist::{settings_hash, MODEL_KEY};
use crate::session::Session;
use crate::web::platform::address::location_hash;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::Storage;
use yew::prelude::*;

/// While training, the stored copy is refreshed at most this often.
const SAVE_EVERY_MS: f64 = 15_000.0;

fn storage() -> Option<Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The model file remembered in this browser, when it reads back as a model
/// and fits the link's architecture (any architecture when the link sets
/// none). Start-up loads it instead of the pretrained default.
pub fn stored_model(link_spec: Option<&ModelSpec>) -> Option<Vec<u8>> {
    let text = storage()?.get_item(MODEL_KEY).ok().flatten()?;
    let bytes = base64_decode(&text).ok()?;
    let model = Model::from_bytes(&bytes).ok()?;
    match link_spec {
        Some(spec) if spec != model.spec() => None,
        _ => Some(bytes),
    }
}

fn save(session: &Session) {
    if let Some(s) = storage() {
        // A full storage quota only means the model is not remembered.
        let _ = s.set_item(MODEL_KEY, &base64_encode(&session.model().to_bytes()));
    }
}

/// What the persistence effects watch.
#[derive(Clone, PartialEq)]
pub struct Watched {
    pub spec: String,
    pub lr_bits: u32,
    pub batch: usize,
    pub optimizer: &'static str,
    pub seed: u64,
    pub weights_version: u64,
    pub training: bool,
}

impl Watched {
    pub fn of(s: &Session) -> Watched {
        Watched {
            spec: s.spec().to_string(),
            lr_bits: s.hyper().lr.to_bits(),
            batch: s.hyper().batch_size,
            optimizer: optimizer_name(&s.hyper().optimizer),
            seed: s.seed(),
            weights_version: s.weights_version,
            training: s.status == crate::session::Status::Training,
        }
    }
}

/// Mirrors settings into the hash and the model into LocalStorage.
#[hook]
pub fn use_persistence(session: Rc<RefCell<Session>>, watched: Watched) {
    let last_save = use_mut_ref(|| Cell::new(f64::NEG_INFINITY));
    use_effect_with(watched, move |w| {
        let Ok(s) = session.try_borrow() else { return };
        // Settings -> hash, keeping the section, hide and present keys.
        let current = location_hash();
        let next = settings_hash(&current, s.spec(), &s.hyper(), s.seed());
        let same = next == current || (next == "#" && current.is_empty());
        if !same {
            if let Some(win) = web_sys::window() {
                // An empty hash is written as the bare address, not as "#".
                let url = if next == "#" {
                    let loc = win.location();
                    loc.pathname().unwrap_or_default() + &loc.search().unwrap_or_default()
                } else {
                    next
                };
                if let Ok(h) = win.history() {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
            }
        }
        // Model -> LocalStorage: only a model that was trained or loaded.
        if s.weights_version > 0 {
            let now = crate::web::platform::clock::now_ms();
            let last = last_save.borrow().get();
            if !w.training || now - last >= SAVE_EVERY_MS {
                save(&s);
                last_save.borrow().set(now);
            }
        }
    });
}
