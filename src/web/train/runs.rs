//! Compare runs: the training loss of the last few runs on one chart, each
//! labelled by its settings, with the current run drawn thickest. Runs can
//! be hidden one by one or all cleared.
//!
//! The runs are kept by `crate::panels::train::runs::Runs`, fed the session's
//! history on every render; this component only draws and wires the buttons.

use super::charts::loss_axes;
use crate::panels::train::runs::{settings_label, Runs, KEPT};
use crate::web::hooks::lab::use_lab;
use crate::web::widgets::chart::{use_chart, DrawResult, Frame};
use plotters::prelude::*;
use std::rc::Rc;
use yew::prelude::*;

/// CSS height of the chart.
const HEIGHT_PX: f64 = 230.0;
/// The current run, as in the training charts.
const CURRENT: RGBColor = RGBColor(0x0b, 0x57, 0xd0);
/// Past runs, oldest first (distinct for the common colour blindnesses,
/// and each also named in the legend with its number).
const PAST: [RGBColor; KEPT] = [
    RGBColor(0xd9, 0x5f, 0x02),
    RGBColor(0x1b, 0x9e, 0x77),
    RGBColor(0x75, 0x70, 0xb3),
    RGBColor(0xe7, 0x29, 0x8a),
    RGBColor(0x66, 0x66, 0x66),
];

fn colour_of(runs: &Runs, number: u64) -> RGBColor {
    match runs.past().iter().position(|r| r.number == number) {
        Some(i) => PAST[i % KEPT],
        None => CURRENT,
    }
}

fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[component]
pub fn TrainRuns() -> Html {
    let lab = use_lab();
    let runs = use_mut_ref(Runs::default);
    // Bumped when the past runs change (kept, hidden, cleared).
    let version = use_mut_ref(|| 0u64);
    let update = use_force_update();
    {
        let s = lab.read();
        let mut r = runs.borrow_mut();
        let before = r.past().len();
        r.observe(&s.history, || settings_label(s.spec(), &s.hyper()));
        if r.past().len() != before {
            *version.borrow_mut() += 1;
        }
    }
    // The chart redraws when the past runs change, and with the current run:
    // every point of a short curve, then every fourth (its full curve is in
    // the training chart above), so it adds little to renders while training.
    let key = {
        let r = runs.borrow();
        // Every point while the curve is short, then every fourth.
        let step = |n: usize| if n < 40 { n } else { 40 + n / 4 };
        let cur = r
            .current()
            .map(|c| (c.number, step(c.loss.len()), c.test_acc.len()));
        (*version.borrow(), cur)
    };
    let snapshot = {
        let runs = runs.clone();
        use_memo(key, move |_| runs.borrow().clone())
    };
    let node = use_chart(snapshot.clone(), HEIGHT_PX, draw);
    let onclear = {
        let (runs, version, update) = (runs.clone(), version.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            runs.borrow_mut().clear();
            *version.borrow_mut() += 1;
            update.force_update();
        })
    };
    let toggle = |number: u64| {
        let (runs, version, update) = (runs.clone(), version.clone(), update.clone());
        Callback::from(move |_: Event| {
            runs.borrow_mut().toggle(number);
            *version.borrow_mut() += 1;
            update.force_update();
        })
    };
    // The list reads the runs as they are; the chart and its text
    // alternative read the snapshot it draws.
    let chart_text = snapshot.describe();
    let live = runs.borrow();
    let r: &Runs = &live;
    let past = r.past().iter().map(|run| {
        html! {
            <li key={run.number} data-run={run.number.to_string()}>
                <label>
                    <input type="checkbox" checked={!run.hidden} onchange={toggle(run.number)} />
                    <span class="run-swatch" style={format!("background:{}", css(colour_of(r, run.number)))} aria-hidden="true"></span>
                    { run.describe() }
                </label>
            </li>
        }
    });
    let count = r.past().len() + usize::from(r.current().is_some());
    html! {
        <section class="train-runs" data-testid="train-runs" data-count={count.to_string()}>
            <h3>{ "Compare runs" }</h3>
            <p class="muted">{ format!("When training starts again (new weights, a new architecture or a loaded model), the run so far is kept here with the settings it trained with, up to {KEPT} runs. Change one setting, press Reset and train again to see its effect.") }</p>
            <figure class="chart">
                <canvas ref={node} role="img" aria-label={chart_text} data-testid="train-runs-chart" />
                <figcaption>{ "Training loss (smoothed) against images seen, for each run" }</figcaption>
            </figure>
            <ul class="run-list">
                { for past }
                if let Some(cur) = r.current() {
                    <li data-run={cur.number.to_string()} class="run-current">
                        <span class="run-swatch" style={format!("background:{}", css(CURRENT))} aria-hidden="true"></span>
                        { format!("{} (training now)", cur.describe()) }
                    </li>
                }
            </ul>
            <button data-testid="train-runs-clear" onclick={onclear} disabled={r.past().is_empty()}>{ "Clear past runs" }</button>
        </section>
    }
}

fn draw(f: &Frame, runs: &Rc<Runs>) -> DrawResult {
    let (x_max, loss_max) = runs.axes();
    let mut chart = loss_axes(f, x_max, loss_max)?;
    for run in runs.drawn() {
        let current = runs.current().is_some_and(|c| c.number == run.number);
        let width = if current { 3.0 } else { 2.0 };
        chart.draw_series(LineSeries::new(
            run.loss.iter().copied(),
            colour_of(runs, run.number).stroke_width(f.size(width)),
        ))?;
    }
    Ok(())
}
