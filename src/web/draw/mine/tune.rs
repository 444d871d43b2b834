//! Fine-tune the model in use on the person's digits, in slices, then put the
//! result in use. Shows accuracy on their digits and on held-out digits,
//! before and after.

use super::SharedMine;
use crate::panels::draw::mine::{FineTune, TEST_LIMIT};
use crate::session::Action;
use crate::web::hooks::lab::{use_lab, Lab};
use crate::web::platform::clock::{after, now_ms};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

const SLICE_MS: f64 = 8.0;

type Job = Rc<RefCell<Option<Result<FineTune, String>>>>;

#[derive(Properties)]
pub struct TuneProps {
    pub set: SharedMine,
}

impl PartialEq for TuneProps {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[component]
pub fn TunePanel(p: &TuneProps) -> Html {
    let lab = use_lab();
    let job: Job = use_mut_ref(|| None);
    let update = use_force_update();
    let onclick = {
        let (lab, job, set, update) = (lab.clone(), job.clone(), p.set.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            let made = {
                let s = lab.read();
                match &s.train {
                    Some(train) => FineTune::new(s.model(), &set.borrow(), train, s.seed()),
                    None => Err("the training digits are not loaded yet".into()),
                }
            };
            let ok = made.is_ok();
            *job.borrow_mut() = Some(made);
            update.force_update();
            if ok {
                let (lab, job, update) = (lab.clone(), job.clone(), update.clone());
                after(0, move || run(lab, job, update));
            }
        })
    };
    let guard = job.borrow();
    let (busy, before, after_, error) = match guard.as_ref() {
        Some(Ok(t)) => (!t.is_done(), t.before, t.after, None),
        Some(Err(e)) => (false, None, None, Some(e.clone())),
        None => (false, None, None, None),
    };
    let f = |v: Option<f32>| v.map(|v| format!("{v:.4}"));
    let pct = |v: Option<f32>| {
        v.map(|v| format!("{:.0}%", v * 100.0))
            .unwrap_or_else(|| "…".into())
    };
    let empty = p.set.borrow().is_empty();
    html! {
        <div class="mine-tune">
            <button data-testid="mine-finetune" {onclick} disabled={busy || empty}>
                { if busy { "Fine-tuning…" } else { "Fine-tune the model on my digits" } }
            </button>
            <p class="muted">{ format!("It trains a copy of the model in use on your digits (each four times) mixed with training digits, so it learns your hand without forgetting MNIST, then puts the copy in use. Held-out accuracy is measured on {TEST_LIMIT} digits.") }</p>
            if let Some(e) = error { <p class="error-text" role="alert">{ e }</p> }
            <div data-testid="mine-stats" class="mine-stats" aria-live="polite"
                data-mine-before={f(before.map(|s| s.mine))} data-mine-after={f(after_.map(|s| s.mine))}
                data-test-before={f(before.map(|s| s.test))} data-test-after={f(after_.map(|s| s.test))}>
                if before.is_some() || busy {
                    <table>
                        <thead><tr><th scope="col"></th><th scope="col">{ "Before" }</th><th scope="col">{ "After" }</th></tr></thead>
                        <tbody>
                            <tr><th scope="row">{ "Your digits" }</th><td>{ pct(before.map(|s| s.mine)) }</td><td>{ pct(after_.map(|s| s.mine)) }</td></tr>
                            <tr><th scope="row">{ "Held-out digits" }</th><td>{ pct(before.map(|s| s.test)) }</td><td>{ pct(after_.map(|s| s.test)) }</td></tr>
                        </tbody>
                    </table>
                }
            </div>
        </div>
    }
}

/// One slice of fine-tuning per timer tick; puts the model in use when done.
fn run(lab: Lab, job: Job, update: UseForceUpdateHandle) {
    let done = {
        let Ok(s) = lab.session.try_borrow() else {
            after(10, move || run(lab, job, update));
            return;
        };
        let mut j = job.borrow_mut();
        let Some(Ok(t)) = j.as_mut() else { return };
        let Some(test) = s.test.as_ref() else { return };
        let mut clock = now_ms;
        if let Err(e) = t.tick(test, SLICE_MS, &mut clock) {
            *j = Some(Err(e));
            drop(j);
            update.force_update();
            return;
        }
        t.is_done().then(|| t.model().to_bytes())
    };
    update.force_update();
    match done {
        Some(bytes) => lab.dispatch.emit(Action::LoadModel {
            bytes,
            origin: "the model fine-tuned on your digits".into(),
        }),
        None => after(0, move || run(lab, job, update)),
    }
}
