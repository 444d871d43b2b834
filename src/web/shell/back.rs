//! "Back to where you were": a jump between sections (the table of
//! contents, "Show in feature maps", a link in the text) remembers the
//! scroll position it left, and a small floating button returns there. It
//! floats over the page, so showing it moves nothing.

use super::present::forget_place;
use crate::web::platform::events::{dispatch, on_window, JUMPED};
use std::cell::Cell;
use yew::prelude::*;

thread_local! {
    /// The scroll position the last jump left.
    static PLACE: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Remembers the current scroll position as the place to go back to.
pub fn remember_place() {
    if let Some(y) = web_sys::window().and_then(|w| w.scroll_y().ok()) {
        PLACE.with(|p| p.set(Some(y)));
        dispatch(JUMPED);
    }
}

/// The floating "back to where you were" button, shown after a jump.
#[component]
pub fn BackLink() -> Html {
    let place = use_state(|| None::<f64>);
    {
        let place = place.clone();
        use_effect_with((), move |_| {
            let l = on_window(JUMPED, move |_| place.set(PLACE.with(|p| p.get())));
            move || drop(l)
        });
    }
    let Some(y) = *place else {
        return Html::default();
    };
    let onclick = {
        let place = place.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                forget_place();
                w.scroll_to_with_x_and_y(0.0, y);
            }
            PLACE.with(|p| p.set(None));
            place.set(None);
        })
    };
    let ondismiss = {
        let place = place.clone();
        Callback::from(move |_: MouseEvent| place.set(None))
    };
    html! {
        <div class="back-link" data-testid="back-link" role="region" aria-label="Return">
            <button class="primary" data-testid="back-to-place" {onclick}>
                <span class="arrow-up" aria-hidden="true"></span>{ "Back to where you were" }
            </button>
            <button class="back-dismiss" aria-label="Hide this button" onclick={ondismiss}>
                <span class="cross" aria-hidden="true"></span>
            </button>
        </div>
    }
}
