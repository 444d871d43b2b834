//! Keep and share: download and upload the model file, remember the last
//! model in LocalStorage, and mirror the settings into the URL hash.
//!
//! The file is the core's weights format (`Model::to_bytes`), spec included.
//! An upload goes through `Action::LoadModel`, so a bad file is refused by
//! the session with a message and the current model stays.

use crate::core::{Model, ModelSpec};
use crate::formats::base64::{base64_decode, base64_encode};
use crate::session::hash::optimizer_name;
use crate::session::persist::{settings_hash, MODEL_KEY};
use crate::session::{Action, Session};
use crate::web::platform::address::location_hash;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Storage, Url};
use yew::prelude::*;

/// Largest upload read into memory; real model files are far smaller.
const MAX_UPLOAD: f64 = 50.0 * 1024.0 * 1024.0;
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
            spec: s.spec.to_string(),
            lr_bits: s.hyper.lr.to_bits(),
            batch: s.hyper.batch_size,
            optimizer: optimizer_name(&s.hyper.optimizer),
            seed: s.seed,
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
        let next = settings_hash(&current, &s.spec, &s.hyper, s.seed);
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

/// The shared session as a prop, equal when it is the same session.
#[derive(Clone)]
pub struct SessionRef(pub Rc<RefCell<Session>>);

impl PartialEq for SessionRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct KeepShareProps {
    pub session: SessionRef,
    pub dispatch: Callback<Action>,
}

/// Download / upload buttons.
#[component]
pub fn KeepShare(p: &KeepShareProps) -> Html {
    let download = {
        let session = p.session.0.clone();
        Callback::from(move |_| {
            let (bytes, seen) = {
                let s = session.borrow();
                (s.model().to_bytes(), s.images_seen())
            };
            let _ = offer_download(&bytes, &format!("cnn-model-{seen}-images.cnnw"));
        })
    };
    let upload = {
        let dispatch = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let name = file.name();
            if file.size() > MAX_UPLOAD {
                dispatch.emit(Action::DataFailed(format!(
                    "the file {name} is {:.0} MB, far too big for a model file. The current model is kept.",
                    file.size() / 1e6
                )));
                return;
            }
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => dispatch.emit(Action::LoadModel {
                        bytes: js_sys::Uint8Array::new(&buf).to_vec(),
                        origin: format!("the file {name}"),
                    }),
                    Err(_) => dispatch.emit(Action::DataFailed(format!(
                        "the file {name} could not be read. The current model is kept."
                    ))),
                }
            });
        })
    };
    html! {
        <div class="keep-share panel">
            <h3>{ "Keep and share" }</h3>
            <div class="row">
                <button onclick={download} data-testid="model-download">{ "⬇ Download model" }</button>
                <label class="button-like" for="model-upload">{ "⬆ Load a model file…" }</label>
                <input id="model-upload" class="file-input" type="file" accept=".cnnw,application/octet-stream"
                    data-testid="model-upload" onchange={upload} />
            </div>
            <p class="muted">{ "The file holds the architecture and the weights. The last model is also remembered in this browser, and the address bar keeps the architecture, learning rate, batch size, optimizer and seed: copy the link to share a run." }</p>
        </div>
    }
}

pub fn offer_download(bytes: &[u8], name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = BlobPropertyBag::new();
    opts.set_type("application/octet-stream");
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Url::revoke_object_url(&url)?;
    Ok(())
}
