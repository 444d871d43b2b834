//! What to do after training diverged: a ten times lower learning rate.

use crate::core::Hyper;
use crate::session::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DivergedProps {
    /// The learning rate that diverged, and the rest of the settings.
    pub lr: f32,
    pub hyper: Hyper,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Diverged(p: &DivergedProps) -> Html {
    let (lr, hyper) = (p.lr, p.hyper);
    let lower = p.dispatch.reform(move |_: MouseEvent| {
        Action::SetHyper(Hyper {
            lr: lr / 10.0,
            ..hyper
        })
    });
    html! {
        <div class="diverged" role="alert" data-testid="train-diverged">
            <p>
                <strong>{ "✗ Training diverged. " }</strong>
                { format!("At learning rate {lr} the loss became infinite, so the steps were too big. \
                           The last good weights are back; training stays stopped until the rate changes.") }
            </p>
            <button class="primary" data-testid="train-lower-lr" onclick={lower}>
                { format!("Use learning rate {}", lr / 10.0) }
            </button>
        </div>
    }
}
