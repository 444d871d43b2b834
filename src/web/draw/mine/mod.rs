//! "Teach it your own digits": add the pad's digit with a label, see the set,
//! remove digits, keep it in this browser, move it as an IDX pair, and
//! fine-tune the model in use on it ([`tune`]).
//!
//! The set is kept in LocalStorage as the base64 of its IDX pair, under
//! [`KEY`], after every change.

mod files;
mod gallery;
mod tune;

use crate::formats::base64::{base64_decode, base64_encode};
use crate::panels::draw::mine::MyDigits;
use files::MineFiles;
use gallery::Gallery;
use std::cell::RefCell;
use std::rc::Rc;
use tune::TunePanel;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// LocalStorage key of the set.
pub const KEY: &str = "cnnp-my-digits";

pub type SharedMine = Rc<RefCell<MyDigits>>;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The set remembered in this browser (empty if none or unreadable).
fn load() -> MyDigits {
    let text = storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .unwrap_or_default();
    let Some((i, l)) = text.split_once('.') else {
        return MyDigits::default();
    };
    match (base64_decode(i), base64_decode(l)) {
        (Ok(i), Ok(l)) => MyDigits::from_idx(&i, &l).unwrap_or_default(),
        _ => MyDigits::default(),
    }
}

/// Remembers the set (a full quota only means it is not remembered).
pub fn save(set: &MyDigits) {
    if let Some(s) = storage() {
        let (i, l) = set.to_idx();
        let _ = s.set_item(KEY, &format!("{}.{}", base64_encode(&i), base64_encode(&l)));
    }
}

#[derive(Properties, PartialEq)]
pub struct MineProps {
    /// The pad's 28x28 input, when something is drawn.
    pub input: Option<Rc<Vec<f32>>>,
}

#[component]
pub fn MinePanel(p: &MineProps) -> Html {
    let set: SharedMine = (*use_memo((), |_| Rc::new(RefCell::new(load())))).clone();
    let label = use_state(String::new);
    let message = use_state(|| None::<String>);
    let update = use_force_update();
    let add = {
        let (set, label, message, input, update) = (
            set.clone(),
            label.clone(),
            message.clone(),
            p.input.clone(),
            update.clone(),
        );
        move || {
            let result = match (label.trim().parse::<u8>(), input.as_ref()) {
                (_, None) => Err("draw a digit on the pad first".to_string()),
                (Ok(l), Some(px)) if l <= 9 => set.borrow_mut().add(px, l).map(|_| ()),
                _ => Err("type the digit you drew (0 to 9) in the label box".to_string()),
            };
            if result.is_ok() {
                save(&set.borrow());
            }
            message.set(result.err());
            update.force_update();
        }
    };
    let onclick = {
        let add = add.clone();
        Callback::from(move |_: MouseEvent| add())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            add()
        }
    });
    let oninput = {
        let label = label.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                label.set(i.value());
            }
        })
    };
    let onchange = {
        let update = update.clone();
        Callback::from(move |_: ()| update.force_update())
    };
    let n = set.borrow().len();
    html! {
        <div class="panel mine-panel">
            <h3>{ "Teach it your own digits" }</h3>
            <div class="row mine-add-row">
                <label for="mine-label">{ "This digit is a" }</label>
                <input id="mine-label" data-testid="mine-label" type="text" inputmode="numeric" maxlength="1" pattern="[0-9]"
                    value={(*label).clone()} {oninput} {onkeydown} aria-describedby="mine-help" />
                <button data-testid="mine-add" {onclick} disabled={p.input.is_none()}>{ "Add to my digits" }</button>
                <span data-testid="mine-count" data-value={n.to_string()}>{ format!("{n} digit{} in your set", if n == 1 { "" } else { "s" }) }</span>
            </div>
            <p id="mine-help" class="muted">{ "Draw on the pad, type what you meant (0 to 9) and add it; Enter adds too. The set stays in this browser." }</p>
            if let Some(m) = &*message { <p class="error-text" role="alert">{ m.clone() }</p> }
            <Gallery set={set.clone()} onchange={onchange.clone()} />
            <MineFiles set={set.clone()} onchange={onchange} />
            <TunePanel set={set} />
        </div>
    }
}
