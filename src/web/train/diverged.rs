//! What to do after training diverged. The diverged rate is replayed on a
//! copy of the model (its spike is drawn on the loss chart) and lower rates
//! are tried on copies, one run per short task
//! ([`crate::panels::train::diverge::Adviser`]); only a rate that kept the
//! loss finite is offered. The box floats over the page, so its arrival
//! moves nothing.

use crate::core::numfmt::loss as short;
use crate::core::Hyper;
use crate::panels::train::diverge::{Advice, Adviser, Run, TRIAL_STEPS};
use crate::session::{Action, Status};
use crate::web::hooks::lab::{use_lab, Lab};
use crate::web::platform::clock::after;
use std::rc::Rc;
use yew::prelude::*;

/// The advice after a divergence, as far as it has been worked out, and
/// whether the work is finished. `None` while training has not diverged.
#[derive(Clone, PartialEq)]
pub struct Found {
    pub advice: Option<Rc<Advice>>,
    pub done: bool,
}

/// One run of `adviser` on the session's (restored) model, then the next in
/// a later task, until done or the session leaves this divergence.
fn work(lab: Lab, key: (u32, u64), mut adviser: Adviser, out: UseStateHandle<Option<Found>>) {
    let done = {
        let s = lab.read();
        let now = match s.status {
            Status::Diverged { lr } => (lr.to_bits(), s.weights_version),
            _ => return,
        };
        let Some(data) = s.train.as_ref() else { return };
        if now != key {
            return;
        }
        adviser.step(s.model(), data)
    };
    out.set(Some(Found {
        advice: adviser.advice().map(Rc::new),
        done,
    }));
    if !done {
        after(0, move || work(lab, key, adviser, out));
    }
}

/// Starts the replay and the trials when training diverges.
#[hook]
pub fn use_divergence_advice() -> Option<Found> {
    let lab = use_lab();
    let found = use_state(|| None::<Found>);
    let (key, start) = {
        let s = lab.read();
        match (s.status, s.train.as_ref()) {
            (Status::Diverged { lr }, Some(d)) => (
                Some((lr.to_bits(), s.weights_version)),
                Some(Adviser::new(Hyper { lr, ..s.hyper() }, s.seed(), d)),
            ),
            _ => (None, None),
        }
    };
    {
        let (found, lab) = (found.clone(), lab.clone());
        use_effect_with(key, move |key| {
            found.set(key.map(|_| Found {
                advice: None,
                done: false,
            }));
            if let (Some(key), Some(a)) = (*key, start) {
                after(30, move || work(lab, key, a, found));
            }
        });
    }
    key.and((*found).clone())
}

/// A trial's outcome in words.
fn verdict(r: &Run) -> String {
    let first = r.losses.first().copied().unwrap_or(f64::NAN);
    let last = r.losses.last().copied().unwrap_or(f64::NAN);
    if r.kept_finite() {
        format!(
            "loss {} → {} in {TRIAL_STEPS} steps",
            short(first),
            short(last)
        )
    } else if r.blew_up {
        "blew up".into()
    } else {
        format!("loss climbed, {} → {}", short(first), short(last))
    }
}

#[derive(Properties, PartialEq)]
pub struct DivergedProps {
    /// The learning rate that diverged, and the rest of the settings.
    pub lr: f32,
    pub hyper: Hyper,
    pub found: Option<Found>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Diverged(p: &DivergedProps) -> Html {
    let (lr, hyper) = (p.lr, p.hyper);
    let advice = p.found.as_ref().and_then(|f| f.advice.clone());
    let done = p.found.as_ref().is_some_and(|f| f.done);
    let offer = advice.as_ref().and_then(|a| a.offer);
    let spike = advice.as_ref().map(|a| a.spike.peak());
    let tried = advice.as_ref().map_or(0, |a| a.trials.len());
    // While the trials run only the last line changes; the finished advice
    // then replaces the box's content in one go (new nodes, keyed by
    // `done`), so no line inside the box moves while it is read.
    let body = if done {
        html! {
            <div key="done">
                <p>
                    <strong><span class="sym-cross" aria-hidden="true"></span>{ "Training diverged. " }</strong>
                    { format!("At learning rate {lr} the steps were too big: the loss blew up{}. \
                               The last good weights are back.",
                        spike.map(|v| format!(" to {} (red on the loss chart, replayed on a copy of the model)", short(v))).unwrap_or_default()) }
                </p>
                <ul class="trials" data-testid="diverge-trials">
                    { for advice.iter().flat_map(|a| a.trials.clone()).map(|r| html! {
                        <li data-lr={r.lr.to_string()} data-kept={r.kept_finite().to_string()}>
                            { format!("Tried {} on a copy: {}", r.lr, verdict(&r)) }
                        </li>
                    }) }
                </ul>
                if let Some(o) = offer {
                    <button class="primary" data-testid="train-lower-lr"
                        onclick={p.dispatch.reform(move |_: MouseEvent| Action::SetHyper(Hyper { lr: o, ..hyper }))}>
                        { format!("Use learning rate {o}") }
                    </button>
                } else {
                    <p>{ "No lower rate kept the loss finite from these weights: press Reset weights." }</p>
                }
            </div>
        }
    } else {
        html! {
            <div key="working">
                <p>
                    <strong><span class="sym-cross" aria-hidden="true"></span>{ "Training diverged. " }</strong>
                    { format!("At learning rate {lr} the steps were too big. The last good weights are back.") }
                </p>
                <p class="muted">
                    { if advice.is_none() {
                        format!("Replaying learning rate {lr} on a copy of the model…")
                    } else {
                        format!("Trying lower rates on a copy of the model… ({tried} tried)")
                    } }
                </p>
            </div>
        }
    };
    html! {
        <div class="diverged" role="alert" data-testid="train-diverged"
            data-done={done.to_string()} data-offer={offer.map(|o| o.to_string()).unwrap_or_default()}>
            { body }
        </div>
    }
}
