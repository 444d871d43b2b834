//! The race's controls: how many training images, how many epochs, start
//! and pause.

use super::start::StartButton;
use crate::core::numfmt::thousands;
use crate::panels::race::{Race, SUBSETS};
use crate::web::widgets::Select;
use yew::prelude::*;

/// Epoch counts offered.
const EPOCHS: [usize; 7] = [1, 2, 3, 5, 10, 15, 20];

#[derive(Properties, PartialEq)]
pub struct RaceControlsProps {
    pub subset: usize,
    pub epochs: usize,
    /// A race is running: the settings are locked.
    pub running: bool,
    /// A race exists (started before).
    pub started: bool,
    /// The race is stopped before its end.
    pub paused: bool,
    /// There is no race to pause or resume (none yet, or it has finished).
    pub finished: bool,
    pub onsubset: Callback<usize>,
    pub onepochs: Callback<usize>,
    pub onrace: Callback<Result<Race, String>>,
    pub onpause: Callback<MouseEvent>,
}

#[component]
pub fn RaceControls(p: &RaceControlsProps) -> Html {
    let last = SUBSETS[SUBSETS.len() - 1];
    let subsets = SUBSETS
        .iter()
        .map(|&n| {
            let text = thousands(n as u128);
            (
                n,
                if n == last {
                    format!("all {text}")
                } else {
                    text
                },
            )
        })
        .collect::<Vec<_>>();
    let epochs = EPOCHS
        .iter()
        .map(|&n| (n, n.to_string()))
        .collect::<Vec<_>>();
    let label = if p.started {
        "Start a new race"
    } else {
        "Start the race"
    };
    html! {
        <div class="row race-controls">
            <Select id="race-subset" label="Training images" value={p.subset} options={subsets}
                testid="race-subset" onchange={p.onsubset.clone()} disabled={p.running} />
            <Select id="race-epochs" label="Epochs" value={p.epochs} options={epochs}
                testid="race-epochs" onchange={p.onepochs.clone()} disabled={p.running} />
            <StartButton subset={p.subset} epochs={p.epochs} disabled={p.running}
                onrace={p.onrace.clone()} {label} />
            <button data-testid="race-pause" onclick={p.onpause.clone()} disabled={p.finished}
                aria-pressed={p.paused.to_string()}>{ if p.paused { "Resume" } else { "Pause" } }</button>
        </div>
    }
}
