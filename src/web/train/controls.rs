//! Training controls: Train/Pause, Step, Reset, and the hyperparameters
//! (learning rate, batch size, optimizer, seed). Also the divergence box,
//! which offers a ten times lower learning rate.
//!
//! Number fields keep the text being typed locally and only send values
//! that parse and are in range, so a half-typed "0." never reaches training.

use crate::core::{Hyper, OptimizerKind};
use crate::session::hash::{optimizer_name, parse_optimizer};
use crate::session::{Action, Status};
use crate::web::hooks::lab::use_lab;
use crate::web::widgets::NumberField;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Largest learning rate offered (same bound as a link's `lr=`). Far above
/// any useful rate on purpose: the default CNN only diverges (infinite
/// loss) from about 1e5, and seeing that happen is part of the lesson.
const MAX_LR: f32 = 1e6;

fn parse_lr(text: &str) -> Option<f32> {
    text.trim()
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0 && *v <= MAX_LR)
}

fn parse_batch(text: &str) -> Option<usize> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|v| (1..=512).contains(v))
}

fn parse_seed(text: &str) -> Option<u64> {
    text.trim().parse::<u64>().ok()
}

/// Local text for a field, reset whenever the session's value changes to
/// one the text does not already say.
#[hook]
fn use_synced_text<T: PartialEq + Clone + ToString + 'static>(
    value: T,
    parse: fn(&str) -> Option<T>,
) -> UseStateHandle<String> {
    let text = use_state(|| value.to_string());
    {
        let text = text.clone();
        use_effect_with(value, move |v| {
            if parse(&text).as_ref() != Some(v) {
                text.set(v.to_string());
            }
        });
    }
    text
}

#[component]
pub fn Controls() -> Html {
    let lab = use_lab();
    let s = lab.read();
    let hyper = s.hyper;
    let status = s.status;
    let have_data = s.train.is_some();
    let seed = s.seed;
    drop(s);

    let lr_text = use_synced_text(hyper.lr, parse_lr);
    let batch_text = use_synced_text(hyper.batch_size, parse_batch);
    let set_hyper = {
        let dispatch = lab.dispatch.clone();
        move |h: Hyper| dispatch.emit(Action::SetHyper(h))
    };
    let on_lr = {
        let (text, set) = (lr_text.clone(), set_hyper.clone());
        Callback::from(move |t: String| {
            if let Some(lr) = parse_lr(&t) {
                set(Hyper { lr, ..hyper });
            }
            text.set(t);
        })
    };
    let on_batch = {
        let (text, set) = (batch_text.clone(), set_hyper.clone());
        Callback::from(move |t: String| {
            if let Some(batch_size) = parse_batch(&t) {
                set(Hyper {
                    batch_size,
                    ..hyper
                });
            }
            text.set(t);
        })
    };
    let on_opt = {
        let set = set_hyper.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(optimizer) = parse_optimizer(&sel.value()) {
                set(Hyper { optimizer, ..hyper });
            }
        })
    };
    // The seed resets the weights, so it is sent on commit (Enter / leaving
    // the field), not on every keystroke.
    let seed_text = use_synced_text(seed, parse_seed);
    let on_seed_input = {
        let text = seed_text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                text.set(i.value());
            }
        })
    };
    let on_seed = {
        let (dispatch, text) = (lab.dispatch.clone(), seed_text.clone());
        Callback::from(move |_: Event| match parse_seed(&text) {
            Some(v) if v != seed => dispatch.emit(Action::SetSeed(v)),
            Some(_) => {}
            None => text.set(seed.to_string()),
        })
    };

    let training = status == Status::Training;
    let opt = optimizer_name(&hyper.optimizer);
    let lr_bad = parse_lr(&lr_text).is_none();
    let batch_bad = parse_batch(&batch_text).is_none();
    html! {
        <div class="train-controls">
            <div class="row" role="group" aria-label="Training">
                <button class="primary train-toggle" data-testid="train-toggle"
                    aria-pressed={training.to_string()} disabled={!have_data}
                    title={(!have_data).then_some("Waiting for the digits to load")}
                    onclick={lab.send(Action::Toggle)}>
                    { if training { "⏸ Pause" } else { "▶ Train" } }
                </button>
                <button data-testid="train-step" disabled={!have_data} onclick={lab.send(Action::Step)}>
                    { "Step one batch" }
                </button>
                <button data-testid="train-reset" onclick={lab.send(Action::Reset)}>{ "Reset weights" }</button>
            </div>
            <div class="row hyper" role="group" aria-label="Hyperparameters">
                <NumberField label="Learning rate" value={(*lr_text).clone()} min={Some(0.0)} max={Some(MAX_LR as f64)}
                    step={Some(AttrValue::from("any"))} testid={Some(AttrValue::from("train-lr"))}
                    onchange={on_lr} invalid={lr_bad} />
                <NumberField label="Batch size" value={(*batch_text).clone()} min={Some(1.0)} max={Some(512.0)}
                    step={Some(AttrValue::from("1"))} testid={Some(AttrValue::from("train-batch"))}
                    onchange={on_batch} invalid={batch_bad} />
                <div class="field">
                    <label for="train-optimizer">{ "Optimizer" }</label>
                    <select id="train-optimizer" data-testid="train-optimizer" onchange={on_opt}>
                        <option value="adam" selected={opt == "adam"}>{ "Adam" }</option>
                        <option value="sgd" selected={opt == "sgd"}>{ "SGD with momentum 0.9" }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="train-seed">{ "Seed" }</label>
                    <input id="train-seed" type="number" min="0" step="1" inputmode="numeric"
                        data-testid="train-seed" value={(*seed_text).clone()} oninput={on_seed_input} onchange={on_seed}
                        aria-describedby="train-seed-hint" />
                </div>
            </div>
            <p class="muted hint" id="train-seed-hint">
                if lr_bad { <span class="error-text">{ "The learning rate must be a number above 0 and at most 1,000,000. " }</span> }
                if batch_bad { <span class="error-text">{ "The batch size must be a whole number from 1 to 512. " }</span> }
                { "Changing the seed restarts from new random weights. " }
                if matches!(hyper.optimizer, OptimizerKind::Sgd { .. }) {
                    { "SGD usually wants a larger rate than Adam, around 0.01 to 0.05." }
                } else {
                    { "Adam works well around 0.001 to 0.003." }
                }
            </p>
            if let Status::Diverged { lr } = status {
                <div class="diverged" role="alert" data-testid="train-diverged">
                    <p>
                        <strong>{ "✗ Training diverged. " }</strong>
                        { format!("At learning rate {lr} the loss became infinite, so the steps were too big. \
                                   The last good weights are back; training stays stopped until the rate changes.") }
                    </p>
                    <button class="primary" data-testid="train-lower-lr"
                        onclick={Callback::from(move |_| set_hyper(Hyper { lr: lr / 10.0, ..hyper }))}>
                        { format!("Use learning rate {}", lr / 10.0) }
                    </button>
                </div>
            }
        </div>
    }
}
