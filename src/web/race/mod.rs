//! "The overfitting race": a big MLP and a small CNN on the same few digits.
//!
//! The panel owns its [`Race`] and drives it from its own timer: each slice
//! runs [`Race::tick`] for a few milliseconds (one batch or one evaluation
//! chunk at a time), then yields to the browser, so the page never freezes.
//! It re-renders at most five times a second while racing. Unmounting the
//! panel stops the timer.

mod charts;
mod example;
mod start;

use crate::panels::race::view::{
    describe_curves, describe_shift, percent, rows, shift_attr, shift_summary, state, status,
};
use crate::panels::race::{cnn_spec, default_epochs, mlp_spec, Race, CNN, MLP, SUBSETS};
use crate::web::platform::clock::{after, now_ms};
use charts::{ChartData, RaceCharts};
use example::ShiftExample;
use start::StartButton;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Work per slice: short enough that input and painting stay smooth.
const SLICE_MS: f64 = 8.0;
/// Minimum time between two re-renders while racing.
const RENDER_EVERY_MS: f64 = 200.0;

type Shared = Rc<RefCell<Option<Race>>>;

thread_local! {
    /// Longest slice so far (work plus any re-render it triggered), in ms:
    /// the `data-max-slice-ms` test hook, to show the page never froze.
    static MAX_SLICE_MS: Cell<f64> = const { Cell::new(0.0) };
    /// Longest single unit of race work (one batch or evaluation chunk), in ms.
    static MAX_UNIT_MS: Cell<f64> = const { Cell::new(0.0) };
    /// Slices run, and how many of them took over 50 ms (a "long task").
    static SLICES: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

/// Runs slices until the race stops or the panel goes away.
fn run(race: Shared, alive: Rc<Cell<bool>>, update: UseForceUpdateHandle, last_render: f64) {
    if !alive.get() {
        return;
    }
    let t0 = now_ms();
    let (running, phase_before) = {
        let mut r = race.borrow_mut();
        let Some(r) = r.as_mut() else { return };
        let before = r.phase();
        // The clock is read once before the first unit and after each one,
        // so the gaps between readings are the units' durations.
        let mut last = None::<f64>;
        let mut clock = || {
            let t = now_ms();
            if let Some(l) = last {
                MAX_UNIT_MS.with(|m| m.set(m.get().max(t - l)));
            }
            last = Some(t);
            t
        };
        r.tick(SLICE_MS, &mut clock);
        (r.is_running(), before != r.phase())
    };
    let now = now_ms();
    let mut rendered = last_render;
    if !running || phase_before || now - last_render >= RENDER_EVERY_MS {
        update.force_update();
        rendered = now;
    }
    let took = now_ms() - t0;
    MAX_SLICE_MS.with(|m| m.set(m.get().max(took)));
    SLICES.with(|c| {
        let (n, slow) = c.get();
        c.set((n + 1, slow + (took > 50.0) as u64));
    });
    if running {
        after(0, move || run(race, alive, update, rendered));
    }
}

#[component]
pub fn RacePanel() -> Html {
    let race: Shared = (*use_memo((), |_| Rc::new(RefCell::new(None::<Race>)))).clone();
    let alive = (*use_memo((), |_| Rc::new(Cell::new(true)))).clone();
    let update = use_force_update();
    let subset = use_state(|| SUBSETS[0]);
    let epochs = use_state(|| default_epochs(SUBSETS[0]));
    let shift = use_state(|| 2usize);
    let message = use_state(|| None::<String>);
    {
        let alive = alive.clone();
        use_effect_with((), move |_| move || alive.set(false));
    }

    let onsubset = {
        let (subset, epochs) = (subset.clone(), epochs.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(n) = v.and_then(|v| v.parse::<usize>().ok()) {
                subset.set(n);
                epochs.set(default_epochs(n));
            }
        })
    };
    let onepochs = {
        let epochs = epochs.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(n) = v.and_then(|v| v.parse::<usize>().ok()) {
                epochs.set(n);
            }
        })
    };
    let onrace = {
        let (race, alive, update, message) =
            (race.clone(), alive.clone(), update.clone(), message.clone());
        Callback::from(move |made: Result<Race, String>| {
            match made {
                Ok(mut r) => {
                    r.start();
                    *race.borrow_mut() = Some(r);
                    message.set(None);
                    {
                        // Next task: this one already builds the race and re-renders.
                        let (race, alive, update) = (race.clone(), alive.clone(), update.clone());
                        after(0, move || run(race, alive, update, now_ms()));
                    }
                }
                Err(e) => message.set(Some(format!("The race could not start: {e}."))),
            }
            update.force_update();
        })
    };
    let onpause = {
        let (race, alive, update) = (race.clone(), alive.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            let resume = {
                let mut r = race.borrow_mut();
                match r.as_mut() {
                    Some(r) if r.is_running() => {
                        r.stop();
                        false
                    }
                    Some(r) if !r.is_done() => {
                        r.start();
                        true
                    }
                    _ => false,
                }
            };
            if resume {
                {
                    // Next task: this one already builds the race and re-renders.
                    let (race, alive, update) = (race.clone(), alive.clone(), update.clone());
                    after(0, move || run(race, alive, update, now_ms()));
                }
            }
            update.force_update();
        })
    };
    let onshift = {
        let shift = shift.clone();
        Callback::from(move |s: usize| shift.set(s))
    };

    let (mlp_params, cnn_params) = (mlp_spec().total_params(), cnn_spec().total_params());
    let mut guard = race.borrow_mut();
    let view = guard.as_mut().map(|r| {
        let data = Rc::new(ChartData {
            curves: r.nets().iter().map(|n| n.curve.clone()).collect(),
            shifts: r.nets().iter().map(|n| n.shift.clone()).collect(),
            epochs: r.config().epochs,
            params: r.nets().iter().map(|n| n.params).collect(),
        });
        let example = example::example(r, *shift);
        (data, example)
    });
    let r = guard.as_ref();
    let acc = |net: usize| {
        r.and_then(|r| r.test_accuracy(net))
            .map(|a| format!("{a:.4}"))
            .unwrap_or_default()
    };
    let race_state = r.map(state).unwrap_or("idle");
    let running = r.is_some_and(|r| r.is_running());
    let paused = r.is_some_and(|r| !r.is_done() && !r.is_running());
    let pause_label = if paused { "Resume" } else { "Pause" };
    html! {
        <div class="race-panel" data-testid="race" data-state={race_state}
            data-max-slice-ms={format!("{:.1}", MAX_SLICE_MS.with(|m| m.get()))}
            data-max-unit-ms={format!("{:.1}", MAX_UNIT_MS.with(|m| m.get()))}
            data-slices={SLICES.with(|c| c.get().0).to_string()}
            data-long-slices={SLICES.with(|c| c.get().1).to_string()}
            data-mlp-params={mlp_params.to_string()} data-cnn-params={cnn_params.to_string()}
            data-mlp-test-accuracy={acc(MLP)} data-cnn-test-accuracy={acc(CNN)}
            data-subset={r.map(|r| r.subset_len().to_string()).unwrap_or_default()}
            data-epochs={r.map(|r| r.config().epochs.to_string()).unwrap_or_default()}
            data-mlp-shift={r.map(|r| shift_attr(r, MLP)).unwrap_or_default()}
            data-cnn-shift={r.map(|r| shift_attr(r, CNN)).unwrap_or_default()}>
            <div class="panel">
                <div class="row race-controls">
                    <div class="field">
                        <label for="race-subset">{ "Training images" }</label>
                        <select id="race-subset" data-testid="race-subset" onchange={onsubset} disabled={running}>
                            { for SUBSETS.iter().map(|&n| html! {
                                <option value={n.to_string()} selected={n == *subset}>
                                    { if n == SUBSETS[SUBSETS.len() - 1] { format!("all {}", crate::core::numfmt::thousands(n as u128)) } else { crate::core::numfmt::thousands(n as u128) } }
                                </option>
                            }) }
                        </select>
                    </div>
                    <div class="field">
                        <label for="race-epochs">{ "Epochs" }</label>
                        <select id="race-epochs" data-testid="race-epochs" onchange={onepochs} disabled={running}>
                            { for [1usize, 2, 3, 5, 10, 15, 20].iter().map(|&n| html! {
                                <option value={n.to_string()} selected={n == *epochs}>{ n }</option>
                            }) }
                        </select>
                    </div>
                    <StartButton subset={*subset} epochs={*epochs} disabled={running} onrace={onrace}
                        label={if r.is_some() { "Start a new race" } else { "Start the race" }} />
                    <button data-testid="race-pause" onclick={onpause} disabled={r.is_none_or(|r| r.is_done())}
                        aria-pressed={paused.to_string()}>{ pause_label }</button>
                </div>
                if let Some(m) = &*message { <p class="error-text" role="alert">{ m.clone() }</p> }
                <p role="status" data-testid="race-status">
                    { r.map(status).unwrap_or_else(|| "Pick a subset and start the race. Both networks train on the same images, with the same optimizer (Adam, learning rate 0.002, batches of 32).".into()) }
                </p>
                if let Some(r) = r { <progress max="1" value={r.progress().to_string()} aria-label="Race progress"></progress> }
                <div class="table-wrap" tabindex="0" role="region" aria-label="Race results table">
                    <table class="race-table">
                        <thead><tr>
                            <th scope="col">{ "Network" }</th><th scope="col">{ "Parameters" }</th>
                            <th scope="col">{ "Training" }</th><th scope="col">{ "Held-out" }</th>
                            <th scope="col">{ "Gap" }</th>
                        </tr></thead>
                        <tbody>
                            { for rows_or_blank(r, mlp_params, cnn_params).into_iter().map(|row| html! {
                                <tr>
                                    <th scope="row">{ row.0 }</th><td class="num">{ crate::core::numfmt::thousands(row.1 as u128) }</td>
                                    <td class="num">{ row.2 }</td><td class="num">{ row.3 }</td><td class="num">{ row.4 }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <p class="muted">{ "Training and held-out columns are accuracies. MLP: 784 → 256 → 128 → 10, dense layers with ReLU. CNN: two 5×5 conv layers (8 and 16 filters) with 2×2 max pooling, then one dense layer. Training accuracy is measured on up to 1,000 images of the subset, held-out accuracy on 1,000 digits neither network ever trains on." }</p>
            </div>
            if let Some((data, ex)) = view {
                <RaceCharts data={data} curves_label={AttrValue::from(describe_curves(r.expect("view implies race")))}
                    shift_label={AttrValue::from(describe_shift(r.expect("view implies race")))} />
                if let Some(text) = r.and_then(shift_summary) {
                    <p class="race-summary" data-testid="race-shift-summary">{ text }</p>
                }
                <ShiftExample shift={*shift} max={r.map_or(6, |r| r.config().max_shift)} onshift={onshift} example={ex} />
            }
        </div>
    }
}

/// Table rows: the race's, or the parameter counts alone before any race.
fn rows_or_blank(
    r: Option<&Race>,
    mlp: u64,
    cnn: u64,
) -> Vec<(&'static str, u64, String, String, String)> {
    match r {
        Some(r) => rows(r)
            .into_iter()
            .map(|row| {
                let gap = row
                    .gap()
                    .map(|g| format!("{:+.1} points", 100.0 * g))
                    .unwrap_or_else(|| "–".into());
                (
                    row.name,
                    row.params,
                    percent(row.train),
                    percent(row.test),
                    gap,
                )
            })
            .collect(),
        None => vec![
            ("MLP", mlp, "–".into(), "–".into(), "–".into()),
            ("CNN", cnn, "–".into(), "–".into(), "–".into()),
        ],
    }
}
