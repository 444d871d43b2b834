//! Download the set as an IDX pair, and upload one (read by the same parser
//! as the data files, so a damaged file gets the same clear message).

use super::{save, SharedMine};
use crate::panels::draw::mine::MyDigits;
use crate::web::train::keep_share::offer_download;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct FilesProps {
    pub set: SharedMine,
    pub onchange: Callback<()>,
}

impl PartialEq for FilesProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[component]
pub fn MineFiles(p: &FilesProps) -> Html {
    let message = use_state(|| None::<String>);
    let download = {
        let set = p.set.clone();
        Callback::from(move |_: MouseEvent| {
            let (i, l) = set.borrow().to_idx();
            let _ = offer_download(&i, "my-digits-images-idx3-ubyte");
            let _ = offer_download(&l, "my-digits-labels-idx1-ubyte");
        })
    };
    let upload = {
        let (set, onchange, message) = (p.set.clone(), p.onchange.clone(), message.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|f| (0..f.length()).filter_map(|i| f.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            let (set, onchange, message) = (set.clone(), onchange.clone(), message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = read_pair(files)
                    .await
                    .and_then(|(i, l)| MyDigits::from_idx(&i, &l));
                match result {
                    Ok(new) => {
                        save(&new);
                        *set.borrow_mut() = new;
                        message.set(None);
                    }
                    Err(e) => message.set(Some(format!("Your digits were not replaced: {e}"))),
                }
                onchange.emit(());
            });
        })
    };
    html! {
        <div class="row mine-files">
            <button data-testid="mine-download" onclick={download} disabled={p.set.borrow().is_empty()}>{ "⬇ Download as IDX" }</button>
            <label class="button-like" for="mine-upload">{ "⬆ Load an IDX pair…" }</label>
            <input id="mine-upload" data-testid="mine-upload" class="file-input" type="file" multiple=true onchange={upload} />
            if let Some(m) = &*message { <p class="error-text" role="alert">{ m.clone() }</p> }
        </div>
    }
}

/// The images and labels files of an upload: two files, the labels one
/// named with "label" (or else the second).
async fn read_pair(files: Vec<web_sys::File>) -> Result<(Vec<u8>, Vec<u8>), String> {
    if files.len() != 2 {
        return Err(format!(
            "choose two files (images and labels), not {}",
            files.len()
        ));
    }
    let is_labels = |f: &web_sys::File| f.name().to_ascii_lowercase().contains("label");
    let (imgs, labs) = if is_labels(&files[0]) {
        (&files[1], &files[0])
    } else {
        (&files[0], &files[1])
    };
    let read = |f: &web_sys::File| wasm_bindgen_futures::JsFuture::from(f.array_buffer());
    let i = read(imgs)
        .await
        .map_err(|_| format!("the file {} could not be read", imgs.name()))?;
    let l = read(labs)
        .await
        .map_err(|_| format!("the file {} could not be read", labs.name()))?;
    Ok((
        js_sys::Uint8Array::new(&i).to_vec(),
        js_sys::Uint8Array::new(&l).to_vec(),
    ))
}
