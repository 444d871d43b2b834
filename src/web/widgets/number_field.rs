//! A labelled number input.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub label: AttrValue,
    pub value: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Called with the raw text on every edit; parsing and checking is the caller's.
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub invalid: bool,
}

/// A labelled number input.
#[component]
pub fn NumberField(p: &NumberFieldProps) -> Html {
    let id = use_memo((), |_| format!("nf-{}", next_id()));
    let oninput = {
        let cb = p.onchange.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                cb.emit(i.value());
            }
        })
    };
    html! {
        <div class="field">
            <label for={(*id).clone()}>{ p.label.clone() }</label>
            <input id={(*id).clone()} type="number" inputmode="decimal" value={p.value.clone()}
                min={p.min.map(|v| v.to_string())} max={p.max.map(|v| v.to_string())}
                step={p.step.clone()} data-testid={p.testid.clone()} {oninput}
                aria-invalid={p.invalid.to_string()} />
        </div>
    }
}

/// A page-unique number for element ids.
pub fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
