//! The hyperparameters: learning rate, batch size, optimizer and seed, with
//! a hint on good rates and what is wrong with a value typed in.
//!
//! Number fields keep the text being typed locally and only send values
//! that parse and are in range, so a half-typed "0." never reaches training.

use super::seed::SeedField;
use crate::core::{Hyper, OptimizerKind, MAX_BATCH};
use crate::session::hash::{optimizer_name, parse_optimizer};
use crate::session::Action;
use crate::web::hooks::lab::use_lab;
use crate::web::hooks::synced_text::use_synced_text;
use crate::web::widgets::NumberField;
use web_sys::HtmlSelectElement;
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
        .filter(|v| (1..=MAX_BATCH).contains(v))
}

#[component]
pub fn HyperFields() -> Html {
    let lab = use_lab();
    let hyper = lab.read().hyper();
    let lr_text = use_synced_text(hyper.lr, parse_lr);
    let batch_text = use_synced_text(hyper.batch_size, parse_batch);
    // A field's text is kept as typed; a value that parses goes to the session.
    let field = |text: &UseStateHandle<String>, set: fn(Hyper, &str) -> Option<Hyper>| {
        let (text, dispatch) = (text.clone(), lab.dispatch.clone());
        Callback::from(move |t: String| {
            if let Some(h) = set(hyper, &t) {
                dispatch.emit(Action::SetHyper(h));
            }
            text.set(t);
        })
    };
    let on_lr = field(&lr_text, |h, t| parse_lr(t).map(|lr| Hyper { lr, ..h }));
    let on_batch = field(&batch_text, |h, t| {
        parse_batch(t).map(|batch_size| Hyper { batch_size, ..h })
    });
    let on_opt = {
        let dispatch = lab.dispatch.clone();
        Callback::from(move |e: Event| {
            let sel = e.target_dyn_into::<HtmlSelectElement>();
            if let Some(optimizer) = sel.and_then(|s| parse_optimizer(&s.value())) {
                dispatch.emit(Action::SetHyper(Hyper { optimizer, ..hyper }));
            }
        })
    };
    let opt = optimizer_name(&hyper.optimizer);
    let (lr_bad, batch_bad) = (
        parse_lr(&lr_text).is_none(),
        parse_batch(&batch_text).is_none(),
    );
    html! {
        <>
            <div class="row hyper" role="group" aria-label="Hyperparameters">
                <NumberField label="Learning rate" value={(*lr_text).clone()} min={Some(0.0)} max={Some(MAX_LR as f64)}
                    step={Some(AttrValue::from("any"))} testid={Some(AttrValue::from("train-lr"))}
                    onchange={on_lr} invalid={lr_bad} />
                <NumberField label="Batch size" value={(*batch_text).clone()} min={Some(1.0)} max={Some(MAX_BATCH as f64)}
                    step={Some(AttrValue::from("1"))} testid={Some(AttrValue::from("train-batch"))}
                    onchange={on_batch} invalid={batch_bad} />
                <div class="field">
                    <label for="train-optimizer">{ "Optimizer" }</label>
                    <select id="train-optimizer" data-testid="train-optimizer" onchange={on_opt}>
                        <option value="adam" selected={opt == "adam"}>{ "Adam" }</option>
                        <option value="sgd" selected={opt == "sgd"}>{ "SGD with momentum 0.9" }</option>
                    </select>
                </div>
                <SeedField />
            </div>
            <p class="muted hint" id="train-seed-hint">
                if lr_bad { <span class="error-text">{ "The learning rate must be a number above 0 and at most 1,000,000. " }</span> }
                if batch_bad { <span class="error-text">{ format!("The batch size must be a whole number from 1 to {MAX_BATCH}. ") }</span> }
                { "Changing the seed restarts from new random weights. " }
                if matches!(hyper.optimizer, OptimizerKind::Sgd { .. }) {
                    { "SGD usually wants a larger rate than Adam, around 0.01 to 0.05." }
                } else {
                    { "Adam works well around 0.001 to 0.003." }
                }
            </p>
        </>
    }
}
