//! "The overfitting race": a big MLP and a small CNN on the same few digits.
//!
//! The panel owns its [`Race`] through [`runner::use_race`], which drives it
//! from a timer in slices of a few milliseconds, so the page never freezes.
//! The settings, results table, charts and shift example are components of
//! their own.

mod charts;
mod controls;
mod example;
mod runner;
mod start;
mod table;

use crate::panels::race::view::{
    describe_curves, describe_shift, shift_attr, shift_summary, state, status,
};
use crate::panels::race::{cnn_spec, default_epochs, mlp_spec, Race, CNN, MLP, SUBSETS};
use charts::{ChartData, RaceCharts};
use controls::RaceControls;
use example::ShiftExample;
use runner::use_race;
use std::rc::Rc;
use table::{rows_or_blank, RaceTable};
use yew::prelude::*;

/// The status line before any race.
const IDLE: &str = "Pick a subset and start the race. Both networks train on the same images, with the same optimizer (Adam, learning rate 0.002, batches of 32).";

#[component]
pub fn RacePanel() -> Html {
    let runner = use_race();
    let subset = use_state(|| SUBSETS[0]);
    let epochs = use_state(|| default_epochs(SUBSETS[0]));
    let shift = use_state(|| 2usize);
    let message = use_state(|| None::<String>);

    let onsubset = {
        let (subset, epochs) = (subset.clone(), epochs.clone());
        Callback::from(move |n: usize| {
            subset.set(n);
            epochs.set(default_epochs(n));
        })
    };
    let onrace = {
        let (runner, message) = (runner.clone(), message.clone());
        Callback::from(move |made: Result<Race, String>| {
            match made {
                Ok(race) => {
                    runner.start(race);
                    message.set(None);
                }
                Err(e) => message.set(Some(format!("The race could not start: {e}."))),
            }
            runner.rerender();
        })
    };
    let onpause = {
        let runner = runner.clone();
        Callback::from(move |_: MouseEvent| {
            runner.pause_or_resume();
            runner.rerender();
        })
    };

    let (mlp_params, cnn_params) = (mlp_spec().total_params(), cnn_spec().total_params());
    let stats = runner.stats();
    let mut guard = runner.race();
    let view = guard
        .as_mut()
        .map(|r| (chart_data(r), example::example(r, *shift)));
    let r = guard.as_ref();
    let acc = |net: usize| {
        r.and_then(|r| r.test_accuracy(net))
            .map(|a| format!("{a:.4}"))
    };
    let running = r.is_some_and(|r| r.is_running());
    let paused = r.is_some_and(|r| !r.is_done() && !r.is_running());
    html! {
        <div class="race-panel" data-testid="race" data-state={r.map(state).unwrap_or("idle")}
            data-max-slice-ms={format!("{:.1}", stats.max_slice_ms)}
            data-max-unit-ms={format!("{:.1}", stats.max_unit_ms)}
            data-slices={stats.slices.to_string()} data-long-slices={stats.long_slices.to_string()}
            data-mlp-params={mlp_params.to_string()} data-cnn-params={cnn_params.to_string()}
            data-mlp-test-accuracy={acc(MLP).unwrap_or_default()} data-cnn-test-accuracy={acc(CNN).unwrap_or_default()}
            data-subset={r.map(|r| r.subset_len().to_string()).unwrap_or_default()}
            data-epochs={r.map(|r| r.config().epochs.to_string()).unwrap_or_default()}
            data-mlp-shift={r.map(|r| shift_attr(r, MLP)).unwrap_or_default()}
            data-cnn-shift={r.map(|r| shift_attr(r, CNN)).unwrap_or_default()}>
            <div class="panel">
                <RaceControls subset={*subset} epochs={*epochs} {running} started={r.is_some()} {paused}
                    finished={r.is_none_or(|r| r.is_done())} {onsubset} onepochs={epochs.setter().to_callback()}
                    {onrace} {onpause} />
                if let Some(m) = &*message { <p class="error-text" role="alert">{ m.clone() }</p> }
                <p role="status" data-testid="race-status">{ r.map(status).unwrap_or_else(|| IDLE.into()) }</p>
                if let Some(r) = r { <progress max="1" value={r.progress().to_string()} aria-label="Race progress"></progress> }
                <RaceTable rows={rows_or_blank(r, mlp_params, cnn_params)} />
                <p class="muted">{ "Training and held-out columns are accuracies. MLP: 784 → 256 → 128 → 10, dense layers with ReLU. CNN: two 5×5 conv layers (8 and 16 filters) with 2×2 max pooling, then one dense layer. Training accuracy is measured on up to 1,000 images of the subset, held-out accuracy on 1,000 digits neither network ever trains on." }</p>
            </div>
            if let (Some((data, ex)), Some(r)) = (view, r) {
                <RaceCharts {data} curves_label={describe_curves(r)} shift_label={describe_shift(r)} />
                if let Some(text) = shift_summary(r) {
                    <p class="race-summary" data-testid="race-shift-summary">{ text }</p>
                }
                <ShiftExample shift={*shift} max={r.config().max_shift} onshift={shift.setter().to_callback()} example={ex} />
            }
        </div>
    }
}

/// What the charts draw, from the race as it stands.
fn chart_data(r: &Race) -> Rc<ChartData> {
    Rc::new(ChartData {
        curves: r.nets().iter().map(|n| n.curve.clone()).collect(),
        shifts: r.nets().iter().map(|n| n.shift.clone()).collect(),
        epochs: r.config().epochs,
        params: r.nets().iter().map(|n| n.params).collect(),
    })
}
