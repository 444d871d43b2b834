//! The training panel: controls, live numbers, charts, the past runs to
//! compare with, results, the architecture editor, and keep-and-share.
//!
//! The panel re-renders with the session (at most five times a second while
//! training). Its heavy children get memoized props, so they skip renders
//! whose inputs did not change: charts redraw when the history grows, the
//! results rebuild once per held-out evaluation. Both sit in [`Live`]: off
//! the screen while training, they keep what they showed and catch up when
//! they reach it.

pub mod arch;
pub mod buttons;
pub mod charts;
pub mod controls;
pub mod diverged;
pub mod hyper;
pub mod keep_share;
pub mod origin;
pub mod results;
pub mod runs;
pub mod seed;
pub mod stats;
pub mod status_compact;
pub mod workers;

use crate::panels::train::chart::series;
use crate::session::{Action, Input};
use crate::web::hooks::lab::use_lab;
use crate::web::platform::storage::{use_persistence, Watched};
use crate::web::shell::nav::hidden_sections;
use crate::web::widgets::Live;
use arch::ArchEditor;
use charts::Charts;
use controls::Controls;
use diverged::use_divergence_advice;
use keep_share::{KeepShare, SessionRef};
use results::{results_data, use_kept_results, Results};
use runs::TrainRuns;
use stats::TrainStats;
use std::rc::Rc;
use workers::WorkersControl;
use yew::prelude::*;

#[component]
pub fn TrainPanel() -> Html {
    let lab = use_lab();
    // The app hands out a new dispatch callback on every render; one stable
    // copy keeps the memoized children's props equal between renders.
    let dispatch = (*use_memo((), {
        let d = lab.dispatch.clone();
        move |_| d
    }))
    .clone();
    let found = use_divergence_advice();
    let s = lab.read();

    use_persistence(lab.session.clone(), Watched::of(&s));

    // Teacher links can hide parts of the panel: `hide=arch,results,files`.
    let hidden = hidden_sections();
    let shown = |part: &str| !hidden.iter().any(|h| h == part);
    html! {
        <div class="train-panel" data-testid="train-panel">
            <Controls found={found.clone()} />
            <WorkersControl />
            <TrainStats />
            <Live><TrainCharts spike={found.and_then(|f| f.advice).map(|a| Rc::new(a.spike.clone()))} /></Live>
            <TrainRuns />
            if shown("results") {
                <Live><TrainResults /></Live>
            }
            if shown("arch") {
                <ArchEditor spec={s.spec().clone()} arch_error={s.arch_error.clone()}
                    pending={s.pending_spec.is_some()} dispatch={dispatch.clone()} />
            }
            if shown("files") {
                <KeepShare session={SessionRef(lab.session.clone())} {dispatch} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TrainChartsProps {
    /// After a divergence, the diverged rate's replay (see [`Charts`]).
    spike: Option<Rc<crate::panels::train::diverge::Run>>,
}

/// The charts, from the session [`Live`] hands down: off the screen while
/// training, they keep their last drawing and catch up when they reach it
/// or training stops.
#[component]
fn TrainCharts(p: &TrainChartsProps) -> Html {
    let lab = use_lab();
    let s = lab.read();
    let h = &s.history;
    let series_key = (
        h.points.len(),
        h.test.len(),
        h.points.last().map(|p| p.images_seen),
        h.test.last().map(|t| t.accuracy.to_bits()),
    );
    let chart_series = use_memo(series_key, |_| series(h));
    html! {
        <Charts series={chart_series} spike={p.spike.clone()} batch={s.hyper().batch_size} />
    }
}

/// The held-out results, from the session [`Live`] hands down: rebuilt once
/// per evaluation, and only on the screen while training.
#[component]
fn TrainResults() -> Html {
    let lab = use_lab();
    let s = lab.read();
    let results = use_memo(s.eval_version, |v| Rc::new(results_data(&s, *v)));
    let (results, stale) = use_kept_results((*results).clone());
    let onselect = use_memo((), {
        let d = lab.dispatch.clone();
        move |_| d.reform(|i: usize| Action::SelectInput(Input::Test(i)))
    });
    let selected = match s.input {
        Input::Test(i) => Some(i),
        Input::Drawn(_) | Input::Scene { .. } => None,
    };
    html! {
        <Results data={results} {stale} {selected} onselect={(*onselect).clone()} />
    }
}
