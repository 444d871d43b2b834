//! Navigation: a sticky table of contents, deep links (`#cat`, `#train`, ...),
//! and a presenting mode with large type where the arrow keys step through
//! the sections.

use super::present::use_presenting;
use crate::session::hash;
use crate::web::platform::address::location_hash;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Section ids (the deep-link anchors) and titles, in lesson order.
/// Each entry: (id, heading, short label for the table of contents).
pub const SECTIONS: [(&str, &str, &str); 7] = [
    ("why", "Why not a dense network?", "Why conv?"),
    ("filters", "Filters and weight sharing", "Filters"),
    ("cat", "Translation invariance: drag the cat", "The cat"),
    ("pooling", "Pooling and the typical architecture", "Pooling"),
    ("train", "Train it yourself", "Train"),
    ("draw", "Draw a digit", "Draw"),
    ("race", "Dense against conv: the race", "Race"),
];

/// Sections hidden by the link (`hide=race,calc`).
pub fn hidden_sections() -> Vec<String> {
    hash::parse(&location_hash()).0.hide
}

/// Scrolls to a section and records it in the hash, keeping the other settings.
pub fn go_to(id: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else { return };
    if let Some(el) = doc.get_element_by_id(id) {
        el.scroll_into_view();
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
    let (mut settings, _) = hash::parse(&location_hash());
    settings.section = Some(id.to_string());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&hash::format(&settings)),
        );
    }
}

/// Brings the feature-map view into sight (it lives in the training
/// section), or that section when a link hides the view.
pub fn scroll_to_feature_maps() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match doc.query_selector("[data-testid=\"feature-maps\"]") {
        Ok(Some(el)) => el.scroll_into_view(),
        _ => go_to("train"),
    }
}

#[component]
pub fn Nav() -> Html {
    let present = use_state(|| hash::parse(&location_hash()).0.present);
    let hidden = use_memo((), |_| hidden_sections());

    use_presenting(*present, hidden.clone());

    // Deep link on first load.
    use_effect_with((), |_| {
        if let Some(sec) = hash::parse(&location_hash()).0.section {
            crate::web::platform::clock::after(50, move || go_to(&sec));
        }
    });

    let toggle = {
        let present = present.clone();
        Callback::from(move |_| present.set(!*present))
    };
    html! {
        <nav class="toc" aria-label="Sections">
            <ol>
                { for SECTIONS.iter().enumerate().filter(|(_, s)| !hidden.iter().any(|h| h == s.0)).map(|(i, (id, title, short))| {
                    let id = *id;
                    let onclick = Callback::from(move |e: MouseEvent| { e.prevent_default(); go_to(id); });
                    html! { <li><a href={format!("#{id}")} {onclick} title={*title}><span class="toc-num" aria-hidden="true">{ i + 1 }</span><span class="toc-title">{ *short }</span></a></li> }
                }) }
            </ol>
            if !hidden.iter().any(|h| h == "present") {
            <button class="present-toggle" aria-pressed={present.to_string()} onclick={toggle}
                    title="Large type and high contrast; arrow keys move between sections">
                { if *present { "Exit presenting" } else { "Present" } }
            </button>
            }
        </nav>
    }
}
