//! The seed field. The seed resets the weights, so it is sent on commit
//! (Enter, or leaving the field), not on every keystroke.

use crate::session::Action;
use crate::web::hooks::lab::use_lab;
use crate::web::hooks::synced_text::use_synced_text;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn parse_seed(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok()
}

#[component]
pub fn SeedField() -> Html {
    let lab = use_lab();
    let seed = lab.read().seed();
    let text = use_synced_text(seed, parse_seed);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                text.set(i.value());
            }
        })
    };
    let onchange = {
        let (dispatch, text) = (lab.dispatch.clone(), text.clone());
        Callback::from(move |_: Event| match parse_seed(&text) {
            Some(v) if v != seed => dispatch.emit(Action::SetSeed(v)),
            Some(_) => {}
            None => text.set(seed.to_string()),
        })
    };
    html! {
        <div class="field">
            <label for="train-seed">{ "Seed" }</label>
            <input id="train-seed" type="number" min="0" step="1" inputmode="numeric"
                data-testid="train-seed" value={(*text).clone()} {oninput} {onchange}
                aria-describedby="train-seed-hint" />
        </div>
    }
}
