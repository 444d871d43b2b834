//! The workers control: how many workers split each batch (1 to 8), and
//! what the page says about the cores it uses. The `train-workers` hook
//! carries `data-value` (workers in use, 0 when training runs in the page),
//! `data-cores` (what the browser reports) and `data-eval-worker` ("true"
//! while held-out evaluations run in a worker of their own).

use crate::panels::train::workers::note;
use crate::session::Action;
use crate::web::hooks::lab::use_lab;
use crate::web::platform::workers::{choices, reported_cores};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub fn WorkersControl() -> Html {
    let lab = use_lab();
    let (used, remote, eval_worker) = {
        let s = lab.read();
        (s.workers_in_use(), s.is_remote(), s.has_eval_worker())
    };
    let cores = reported_cores();
    let onchange = {
        let dispatch = lab.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(w) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<usize>().ok())
            {
                dispatch.emit(Action::SetWorkers(w));
            }
        })
    };
    html! {
        <div class="field workers">
            <label for="train-workers">{ "Workers" }</label>
            <select id="train-workers" data-testid="train-workers" disabled={!remote}
                data-value={used.to_string()} data-cores={cores.to_string()}
                data-eval-worker={eval_worker.to_string()}
                aria-describedby="train-workers-note" {onchange}>
                { for choices().map(|w| html! {
                    <option value={w.to_string()} selected={w == used}>{ w }</option>
                }) }
            </select>
            <span id="train-workers-note" class="muted">{ note(used, cores, eval_worker) }</span>
        </div>
    }
}
