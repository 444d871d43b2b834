//! Keep and share: download the model file, or load one.
//!
//! The file is the core's weights format (`Model::to_bytes`), spec included.
//! An upload goes through `Action::LoadModel`, so a bad file is refused by
//! the session with a message and the current model stays.

use crate::session::{Action, Session};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};
use yew::prelude::*;

/// Largest upload read into memory; real model files are far smaller.
const MAX_UPLOAD: f64 = 50.0 * 1024.0 * 1024.0;

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

fn offer_download(bytes: &[u8], name: &str) -> Result<(), wasm_bindgen::JsValue> {
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
