//! Training controls: Train/Pause, Step, Reset, the hyperparameters, and
//! the divergence box, which offers a ten times lower learning rate.

use super::buttons::TrainButtons;
use super::diverged::Diverged;
use super::hyper::HyperFields;
use crate::session::Status;
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[component]
pub fn Controls() -> Html {
    let lab = use_lab();
    let (status, hyper) = {
        let s = lab.read();
        (s.status, s.hyper())
    };
    html! {
        <div class="train-controls">
            <TrainButtons />
            <HyperFields />
            if let Status::Diverged { lr } = status {
                <Diverged {lr} {hyper} dispatch={lab.dispatch.clone()} />
            }
        </div>
    }
}
