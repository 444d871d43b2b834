//! The editor's foot: the totals of a valid draft, Apply and Undo, and the
//! question before trained weights are thrown away.

use crate::core::numfmt::thousands;
use crate::session::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ApplyBarProps {
    /// Parameters and multiply-adds of a valid draft.
    pub totals: Option<(u64, u64)>,
    /// The draft differs from the running model.
    pub changed: bool,
    /// A proposal waits for confirmation.
    pub pending: bool,
    pub onapply: Callback<MouseEvent>,
    pub onrevert: Callback<MouseEvent>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn ApplyBar(p: &ApplyBarProps) -> Html {
    html! {
        <>
            if let Some((params, macs)) = p.totals {
                <p class="arch-totals" data-testid="arch-totals" data-params={params.to_string()} data-macs={macs.to_string()}>
                    <strong>{ "Total: " }</strong>{ format!("{} parameters, {} multiply-adds per image", thousands(params as u128), thousands(macs as u128)) }
                </p>
            }
            <div class="row">
                <button class="primary" onclick={p.onapply.clone()} disabled={!p.changed || p.pending} data-testid="arch-apply">{ "Apply architecture" }</button>
                <button onclick={p.onrevert.clone()} disabled={!p.changed} data-testid="arch-revert">{ "Undo edits" }</button>
                if p.changed { <span class="muted">{ "Applying starts training again from new random weights." }</span> }
            </div>
            if p.pending {
                <div class="confirm" role="alertdialog" aria-labelledby="arch-confirm-text" data-testid="arch-confirm">
                    <p id="arch-confirm-text">{ "The new architecture needs new weights: the trained model will be lost (download it first to keep it)." }</p>
                    <div class="row">
                        <button class="primary" onclick={p.dispatch.reform(|_| Action::ConfirmSpec)} data-testid="arch-confirm-yes">{ "Switch and start over" }</button>
                        <button onclick={p.dispatch.reform(|_| Action::CancelSpec)} data-testid="arch-confirm-no">{ "Keep the trained model" }</button>
                    </div>
                </div>
            }
        </>
    }
}
