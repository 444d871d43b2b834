//! "Learned, not drawn": the cat detector trained live in the cat section.
//!
//! The panel owns a [`Learner`] and drives it from its own timer: each slice
//! runs [`Learner::tick`] for a few milliseconds and yields to the browser,
//! re-rendering at most five times a second. When a net is trained, the
//! drag scene shows where each net fires; dragging re-runs both nets (two
//! small forward passes).

mod chart;
mod filters;
mod handle;
mod scene;
mod state;

use crate::panels::cat::learn::Pooling;
use crate::web::platform::clock::{after, now_ms};
use chart::ShiftChart;
use filters::LearnedFilters;
use scene::LearnScene;
use state::{stats_attrs, Shared, State};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Work per slice, and the least time between re-renders while training.
const SLICE_MS: f64 = 8.0;
const RENDER_EVERY_MS: f64 = 200.0;

#[component]
pub fn LearnPanel() -> Html {
    let state: Shared = use_mut_ref(State::new);
    let update = use_force_update();
    let alive = use_mut_ref(|| Rc::new(Cell::new(true)));
    {
        let alive = alive.clone();
        use_effect_with((), move |_| move || alive.borrow().set(false));
    }
    let ontrain = {
        let (state, update, alive) = (state.clone(), update.clone(), alive.borrow().clone());
        Callback::from(move |_: MouseEvent| {
            let started = state
                .borrow_mut()
                .as_mut()
                .map(|s| s.start())
                .unwrap_or(false);
            update.force_update();
            if started {
                let (state, update, alive) = (state.clone(), update.clone(), alive.clone());
                after(0, move || run(state, alive, update, now_ms()));
            }
        })
    };
    let onpooling = {
        let (state, update) = (state.clone(), update.clone());
        Callback::from(move |e: Event| {
            let key = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let (Some(p), Ok(s)) = (
                key.as_deref().and_then(Pooling::from_key),
                state.borrow_mut().as_mut(),
            ) {
                s.pooling = p;
            }
            update.force_update();
        })
    };
    let onmove = {
        let (state, update) = (state.clone(), update.clone());
        Callback::from(move |(x, y): (i64, i64)| {
            if let Ok(s) = state.borrow_mut().as_mut() {
                if s.move_cat(x, y) {
                    update.force_update();
                }
            }
        })
    };
    let guard = state.borrow();
    let s = match guard.as_ref() {
        Ok(s) => s,
        Err(e) => {
            return html! { <div class="panel"><p class="error-text" role="alert">{ format!("The learning demo could not start: {e}") }</p></div> }
        }
    };
    let busy = s.learner.is_busy();
    let a = stats_attrs(s);
    let options = Pooling::ALL.iter().map(
        |p| html! { <option value={p.key()} selected={*p == s.pooling}>{ p.label() }</option> },
    );
    html! {
        <div class="panel learn-panel" data-slices={s.slices.0.to_string()} data-slow-slices={s.slices.1.to_string()}
            data-max-slice-ms={format!("{:.1}", s.slices.2)}>
            <h3>{ "Learned, not drawn: let the network find its own filters" }</h3>
            <p>{ state::INTRO }</p>
            <div class="row learn-controls">
                <label for="cat-learn-pooling">{ "Pooling before the classifier" }</label>
                <select id="cat-learn-pooling" data-testid="cat-learn-pooling" onchange={onpooling} disabled={busy}>{ for options }</select>
                <button data-testid="cat-learn-train" onclick={ontrain} disabled={busy}>{ if busy { "Training…" } else { "Train both nets" } }</button>
            </div>
            <div data-testid="cat-learn-stats" class="learn-stats" aria-live="polite" data-state={s.learner.stage().key()}
                data-conv-seen={a.conv_seen} data-conv-unseen={a.conv_unseen} data-dense-seen={a.dense_seen} data-dense-unseen={a.dense_unseen}>
                { state::status_line(s) }
            </div>
            if s.learner.latest().is_some() {
                <LearnScene fire={s.fire.clone()} at={s.drag.at} side={s.drag.cat_side()} {onmove} />
                <LearnedFilters looks={s.looks.clone()} />
            }
            if !s.learner.results().is_empty() {
                <ShiftChart results={Rc::new(s.learner.results().to_vec())} dense={s.learner.dense_result().cloned()} />
            }
        </div>
    }
}

/// Runs slices until the learner is idle or the panel goes away.
fn run(state: Shared, alive: Rc<Cell<bool>>, update: UseForceUpdateHandle, last_render: f64) {
    if !alive.get() {
        return;
    }
    let (busy, changed) = match state.borrow_mut().as_mut() {
        Ok(s) => s.tick(SLICE_MS),
        Err(_) => (false, false),
    };
    let now = now_ms();
    let mut rendered = last_render;
    if !busy || changed || now - last_render >= RENDER_EVERY_MS {
        update.force_update();
        rendered = now;
    }
    if busy {
        after(0, move || run(state, alive, update, rendered));
    }
}
