//! The data status line (what loaded, from where, or how far the download
//! has got) and the session's notices.

use super::data_wait::use_data_progress;
use crate::core::numfmt::thousands;
use crate::session::Action;
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

/// Data status line and notices.
#[component]
pub fn StatusBar() -> Html {
    let lab = use_lab();
    let progress = use_data_progress();
    let s = lab.read();
    let (train_n, test_n) = (
        s.train.as_ref().map(|d| d.len()).unwrap_or(0),
        s.test.as_ref().map(|d| d.len()).unwrap_or(0),
    );
    let data_text = if s.train.is_some() {
        format!(
            "{} training and {} test images ({})",
            thousands(train_n as u128),
            thousands(test_n as u128),
            s.data_source
        )
    } else if let Some(p) = progress {
        format!("Loading the digits: {p}. The pad already reads drawings.")
    } else {
        "Loading the MNIST digits…".to_string()
    };
    let notice = s.notice.clone();
    html! {
        <div class="status-bar">
            <p data-testid="data-status" data-train-count={train_n.to_string()}
               data-test-count={test_n.to_string()} role="status">{ data_text }</p>
            if let Some(n) = notice {
                <div class={classes!("notice", n.error.then_some("error"))} role="alert" data-testid="notice">
                    <span>{ if n.error { "Problem: " } else { "" } }{ n.text }</span>
                    <button onclick={lab.send(Action::DismissNotice)} aria-label="Dismiss message">{ "×" }</button>
                </div>
            }
        </div>
    }
}
