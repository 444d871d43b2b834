//! The live numbers while training: held-out accuracy, status, images
//! seen, epoch progress, speed, time, and when 95% was reached.

use crate::core::numfmt::thousands;
use crate::panels::train::chart::duration;
use crate::panels::train::status::{held_out, reached_text, RUN_NOTE};
use crate::session::Status;
use crate::web::hooks::lab::use_lab;
use crate::web::platform::build;
use yew::prelude::*;

/// One number with its label.
fn stat(label: &str, value: String) -> Html {
    html! {
        <div class="stat">
            <span class="stat-label">{ label.to_string() }</span>
            <span class="stat-value num">{ value }</span>
        </div>
    }
}

/// Sets `data-time-to-95` (seconds) and `data-images-to-95` on the node
/// after each render: the `html!` macro cannot name an attribute that ends
/// in digits.
#[hook]
fn use_reached_attrs(node: NodeRef, reached: Option<(f64, u64)>) {
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

/// The live numbers, and the `train-stats` test hook.
#[component]
pub fn TrainStats() -> Html {
    let lab = use_lab();
    let node = use_node_ref();
    let s = lab.read();
    use_reached_attrs(node.clone(), s.reached_95);
    let seen = s.images_seen();
    let test_acc = s.history.test_accuracy();
    // The speed window only refreshes while training; paused is 0 images/s.
    let ips = if s.status == Status::Training {
        s.speed.images_per_second()
    } else {
        0.0
    };
    // The single-thread speed of this net measured in this page (by the
    // worker that trains, or by the page's own slices).
    let core = s.core_images_per_second();
    let elapsed = s.speed.elapsed_ms();
    let epoch_len = s.train.as_ref().map(|d| d.len()).unwrap_or(0);
    let (epoch, pos) = (s.trainer.epoch(), s.trainer.position());
    let state_text = match s.status {
        Status::Idle => "ready",
        Status::Training => "training…",
        Status::Paused => "paused",
        Status::Diverged { .. } => "diverged",
    };
    let reached = reached_text(s.reached_95);
    let wasm = build::current();
    html! {
        <div ref={node} class="train-stats" data-testid="train-stats"
            data-images-seen={seen.to_string()}
            data-test-accuracy={test_acc.map(|a| format!("{a:.4}")).unwrap_or_default()}
            data-images-per-second={format!("{ips:.0}")}
            data-images-per-second-core={format!("{core:.0}")}
            data-state={s.status.as_str()}
            data-evaluating={s.evaluating().to_string()}
            data-epoch={epoch.to_string()}
            data-elapsed-ms={format!("{elapsed:.0}")}
            data-wasm-build={wasm.name()}>
            <div class="stat stat-main">
                <span class="stat-label">{ "Held-out accuracy" }</span>
                <span class="big-number">{ held_out(s.eval.as_ref().map(|e| e.confusion.as_slice())) }</span>
                <span class="muted">{ format!("{} {} test digits",
                    if s.evaluating() { "Evaluating… on" } else { "on" },
                    thousands(s.test.as_ref().map(|t| t.len()).unwrap_or(0) as u128)) }</span>
            </div>
            <div class="stat">
                <span class="stat-label">{ "Status" }</span>
                <span class={classes!("stat-value", matches!(s.status, Status::Diverged { .. }).then_some("bad"))}>{ state_text }</span>
            </div>
            { stat("Images seen", thousands(seen as u128)) }
            <div class="stat">
                <label class="stat-label" for="train-epoch">{ format!("Epoch {}", epoch + 1) }</label>
                <progress id="train-epoch" max={epoch_len.max(1).to_string()} value={pos.to_string()}></progress>
                <span class="muted num">{ format!("{} / {}", thousands(pos as u128), thousands(epoch_len as u128)) }</span>
            </div>
            <div class="stat">
                <span class="stat-label">{ "Speed" }</span>
                <span class="stat-value num">{ format!("{} images/s", thousands(ips.round() as u128)) }</span>
                if core > 0.0 {
                    <span class="muted small">{ format!("one thread alone: {} images/s", thousands(core.round() as u128)) }</span>
                }
                <span class="muted small" data-testid="wasm-build">{ wasm.sentence() }</span>
            </div>
            { stat("Training time", duration(elapsed)) }
            <div class="stat" data-testid="time-to-95">
                <span class="stat-label" title={RUN_NOTE}>{ "Reached 95% (this run)" }</span>
                <span class="stat-value num">{ reached }</span>
                <span class="muted small">{ RUN_NOTE }</span>
            </div>
        </div>
    }
}
