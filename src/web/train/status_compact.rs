//! The compact training status beside the Train button: images seen,
//! held-out accuracy and speed, where the eyes are when Train is pressed
//! (on a phone the full numbers are below the fold). "Evaluating…" while a
//! held-out evaluation runs. Its line is always reserved, so appearing and
//! changing moves nothing on the page.

use crate::core::numfmt::thousands;
use crate::panels::train::chart::percent;
use crate::session::Status;
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[component]
pub fn TrainStatusCompact() -> Html {
    let lab = use_lab();
    let s = lab.read();
    let training = s.status == Status::Training;
    let evaluating = s.evaluating();
    let seen = s.images_seen();
    // Shown while training, while evaluating, and after a run (paused).
    let shown = training || evaluating || seen > 0;
    let acc = s
        .history
        .test_accuracy()
        .map(|a| percent(a as f64))
        .unwrap_or_else(|| "–".into());
    let ips = if training {
        s.speed.images_per_second()
    } else {
        0.0
    };
    html! {
        <p class={classes!("train-status-compact", (!shown).then_some("is-idle"))}
            data-testid="train-status-compact" data-state={s.status.as_str()}
            data-evaluating={evaluating.to_string()} role="status" aria-live="off">
            <span><span class="label">{ "seen " }</span><span class="num">{ thousands(seen as u128) }</span></span>
            <span><span class="label">{ "held-out " }</span><span class="num">{ acc }</span></span>
            <span><span class="num">{ thousands(ips.round() as u128) }</span><span class="label">{ " img/s" }</span></span>
            <span class={classes!("evaluating", (!evaluating).then_some("is-idle"))} aria-hidden={(!evaluating).to_string()}>
                { "Evaluating…" }
            </span>
        </p>
    }
}
