//! The training panel: controls, live numbers, charts, results, the
//! architecture editor, and keep-and-share.
//!
//! The panel re-renders with the session (at most five times a second while
//! training). Its heavy children get memoized props, so they skip renders
//! whose inputs did not change: charts redraw when the history grows, the
//! results rebuild once per held-out evaluation.

pub mod arch_editor;
pub mod charts;
pub mod controls;

pub mod results;
pub mod workers;

use crate::core::numfmt::thousands;
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::panels::train::chart::{duration, percent, series};
use crate::panels::train::gallery::{confused_pairs, most_confused, row_shares, sample};
use crate::session::{Action, Input, Session, Status};
use crate::web::hooks::lab::use_lab;
use crate::web::platform::storage::{use_persistence, KeepShare, SessionRef, Watched};
use arch_editor::ArchEditor;
use charts::Charts;
use controls::Controls;
use results::{Results, ResultsData, Shown};
use std::rc::Rc;
use workers::WorkersControl;
use yew::prelude::*;

/// Digits in the prediction gallery and in the most-confused gallery.
const SAMPLE: usize = 16;
const CONFUSED: usize = 8;

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
    let s = lab.read();

    use_persistence(lab.session.clone(), Watched::of(&s));

    let h = &s.history;
    let series_key = (
        h.points.len(),
        h.test.len(),
        h.points.last().map(|p| p.images_seen),
        h.test.last().map(|t| t.accuracy.to_bits()),
    );
    let chart_series = use_memo(series_key, |_| series(h));
    let results = use_memo(s.eval_version, |v| Rc::new(results_data(&s, *v)));
    let onselect = use_memo((), {
        let d = dispatch.clone();
        move |_| d.reform(|i: usize| Action::SelectInput(Input::Test(i)))
    });
    let stats_ref = use_node_ref();
    {
        let node = stats_ref.clone();
        let reached = s.reached_95;
        use_effect(move || {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let (t, n) = reached
                    .map(|(ms, n)| (format!("{:.2}", ms / 1000.0), n.to_string()))
                    .unwrap_or_default();
                let _ = el.set_attribute("data-time-to-95", &t);
                let _ = el.set_attribute("data-images-to-95", &n);
            }
        });
    }
    let selected = match s.input {
        Input::Test(i) => Some(i),
        Input::Drawn(_) | Input::Scene { .. } => None,
    };

    // Teacher links can hide parts of the panel: `hide=arch,results,files`.
    let hidden = crate::web::shell::nav::hidden_sections();
    html! {
        <div class="train-panel" data-testid="train-panel">
            <Controls />
            <WorkersControl />
            { stats(&s, stats_ref) }
            <Charts series={chart_series} />
            if !hidden.iter().any(|h| h == "results") {
                <Results data={(*results).clone()} {selected} onselect={(*onselect).clone()} />
            }
            if !hidden.iter().any(|h| h == "arch") {
                <ArchEditor spec={s.spec.clone()} arch_error={s.arch_error.clone()}
                    pending={s.pending_spec.is_some()} dispatch={dispatch.clone()} />
            }
            if !hidden.iter().any(|h| h == "files") {
                <KeepShare session={SessionRef(lab.session.clone())} {dispatch} />
            }
        </div>
    }
}

/// The live numbers, and the `train-stats` test hook. `data-time-to-95` and
/// `data-images-to-95` are set after each render (the `html!` macro cannot
/// name an attribute that ends in digits).
fn stats(s: &Session, node: NodeRef) -> Html {
    let seen = s.images_seen();
    let test_acc = s.history.test_accuracy();
    // The speed window only refreshes while training; paused is 0 images/s.
    let ips = if s.status == Status::Training {
        s.speed.images_per_second()
    } else {
        0.0
    };
    let elapsed = s.speed.elapsed_ms();
    let epoch_len = s.train.as_ref().map(|d| d.len()).unwrap_or(0);
    let (epoch, pos) = (s.trainer.epoch(), s.trainer.position());
    let state = s.status.as_str();
    let state_text = match s.status {
        Status::Idle => "ready",
        Status::Training => "training…",
        Status::Paused => "paused",
        Status::Diverged { .. } => "diverged",
    };
    html! {
            <div ref={node} class="train-stats" data-testid="train-stats"
                data-images-seen={seen.to_string()}
                data-test-accuracy={test_acc.map(|a| format!("{a:.4}")).unwrap_or_default()}
                data-images-per-second={format!("{ips:.0}")}
                data-images-per-second-core={format!("{:.0}", s.core_images_per_second())}
                data-state={state}
                data-epoch={epoch.to_string()}
                data-elapsed-ms={format!("{elapsed:.0}")}
    >
                <div class="stat stat-main">
                    <span class="stat-label">{ "Held-out accuracy" }</span>
                    <span class="big-number">{ test_acc.map(|a| percent(a as f64)).unwrap_or_else(|| "–".into()) }</span>
                    <span class="muted">{ format!("on {} test digits", s.test.as_ref().map(|t| t.len()).unwrap_or(0)) }</span>
                </div>
                <div class="stat">
                    <span class="stat-label">{ "Status" }</span>
                    <span class={classes!("stat-value", matches!(s.status, Status::Diverged { .. }).then_some("bad"))}>{ state_text }</span>
                </div>
                <div class="stat">
                    <span class="stat-label">{ "Images seen" }</span>
                    <span class="stat-value num">{ thousands(seen as u128) }</span>
                </div>
                <div class="stat">
                    <label class="stat-label" for="train-epoch">{ format!("Epoch {}", epoch + 1) }</label>
                    <progress id="train-epoch" max={epoch_len.max(1).to_string()} value={pos.to_string()}></progress>
                    <span class="muted num">{ format!("{} / {}", thousands(pos as u128), thousands(epoch_len as u128)) }</span>
                </div>
                <div class="stat">
                    <span class="stat-label">{ "Speed" }</span>
                    <span class="stat-value num">{ format!("{} images/s", thousands(ips.round() as u128)) }</span>
                </div>
                <div class="stat">
                    <span class="stat-label">{ "Training time" }</span>
                    <span class="stat-value num">{ duration(elapsed) }</span>
                </div>
                <div class="stat" data-testid="time-to-95">
                    <span class="stat-label">{ "Reached 95%" }</span>
                    <span class="stat-value num">{
                        match s.reached_95 {
                            Some((ms, n)) => format!("after {} ({} images)", duration(ms), thousands(n as u128)),
                            None => "not yet".to_string(),
                        }
                    }</span>
                </div>
            </div>
        }
}

/// What the results views show for the current evaluation.
fn results_data(s: &Session, version: u64) -> ResultsData {
    let (Some(eval), Some(test)) = (s.eval.as_ref(), s.test.as_ref()) else {
        return ResultsData {
            version,
            ..ResultsData::default()
        };
    };
    let shown = |items: Vec<crate::panels::train::gallery::Item>| {
        items
            .into_iter()
            .filter(|it| it.index < test.len())
            .map(|item| Shown {
                rgba: Rc::new(to_rgba(
                    test.image(item.index),
                    Scale::Gray,
                    Range { lo: 0.0, hi: 1.0 },
                )),
                item,
            })
            .collect::<Vec<_>>()
    };
    ResultsData {
        version,
        evaluated: eval.predictions.len(),
        accuracy: eval.accuracy,
        sample: shown(sample(eval, &test.labels, SAMPLE)),
        confused: shown(most_confused(eval, &test.labels, CONFUSED)),
        shares: row_shares(&eval.confusion),
        pairs: confused_pairs(&eval.confusion, 3),
        confusion: eval.confusion.clone(),
    }
}
