//! The training digits while they download: how far along they are, in the
//! status bar and beside the Train button. The pretrained model draws and
//! classifies meanwhile; only training waits for the data.
//!
//! The line stays once the data is in (it says so), and its room is kept
//! (`www/style.css`), so nothing below it moves when the download ends.

use crate::core::numfmt::{format_bytes, thousands};
use crate::web::hooks::lab::use_lab;
use crate::web::platform::clock::after;
use crate::web::platform::progress::data_progress;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How often the progress is read while the data downloads.
const POLL_MS: i32 = 250;

/// "1.2 MB of 1.6 MB" while the data downloads, else `None`. Renders again
/// every [`POLL_MS`] until the data is in.
#[hook]
pub fn use_data_progress() -> Option<String> {
    let lab = use_lab();
    let loading = lab.read().train.is_none();
    let update = use_force_update();
    use_effect_with(loading, move |&loading| {
        let running = Rc::new(Cell::new(loading));
        if loading {
            poll(update, running.clone());
        }
        move || running.set(false)
    });
    // Nothing to tell before the first response announced its size.
    let (got, total) = data_progress().filter(|&(got, total)| got > 0.0 || total > 0.0)?;
    let got = format_bytes(got as u128);
    Some(if total > 0.0 {
        format!("{got} of {}", format_bytes(total as u128))
    } else {
        got
    })
}

/// Re-renders every [`POLL_MS`] while `running`.
fn poll(update: UseForceUpdateHandle, running: Rc<Cell<bool>>) {
    after(POLL_MS, move || {
        if running.get() {
            update.force_update();
            poll(update, running);
        }
    });
}

/// The line beside the Train button: what training waits for, or that it can start.
#[component]
pub fn DataWait() -> Html {
    let lab = use_lab();
    let progress = use_data_progress();
    let train_n = lab.read().train.as_ref().map(|d| d.len());
    let (state, text) = match (train_n, progress) {
        (Some(n), _) => (
            "ready",
            format!(
                "The {} training digits are in: Train and Step work.",
                thousands(n as u128)
            ),
        ),
        (None, Some(p)) => (
            "loading",
            format!("Train waits for the training digits: {p}…"),
        ),
        (None, None) => (
            "loading",
            "Train waits for the training digits…".to_string(),
        ),
    };
    html! {
        <p class="muted data-wait" role="status" data-testid="data-wait" data-state={state}>{ text }</p>
    }
}
