//! Training controls: Train/Pause, Step, Reset, the hyperparameters, and
//! the divergence box, which offers a lower learning rate once one has been
//! tried on a copy of the model.

use super::buttons::TrainButtons;
use super::diverged::{Diverged, Found};
use super::hyper::HyperFields;
use crate::session::Status;
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The advice after a divergence, as far as it has been worked out.
    pub found: Option<Found>,
}

#[component]
pub fn Controls(p: &ControlsProps) -> Html {
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
                <Diverged {lr} {hyper} found={p.found.clone()} dispatch={lab.dispatch.clone()} />
            }
        </div>
    }
}
