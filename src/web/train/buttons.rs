//! Train/Pause, Step one batch, and Reset weights.

use crate::session::{Action, Status};
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[component]
pub fn TrainButtons() -> Html {
    let lab = use_lab();
    let (training, have_data) = {
        let s = lab.read();
        (s.status == Status::Training, s.train.is_some())
    };
    html! {
        <div class="row" role="group" aria-label="Training">
            <button class="primary train-toggle" data-testid="train-toggle"
                aria-pressed={training.to_string()} disabled={!have_data}
                title={(!have_data).then_some("Waiting for the digits to load")}
                onclick={lab.send(Action::Toggle)}>
                { if training { "⏸ Pause" } else { "▶ Train" } }
            </button>
            <button data-testid="train-step" disabled={!have_data} onclick={lab.send(Action::Step)}>
                { "Step one batch" }
            </button>
            <button data-testid="train-reset" onclick={lab.send(Action::Reset)}>{ "Reset weights" }</button>
        </div>
    }
}
