//! Navigation: a sticky table of contents, deep links (`#cat`, `#train`, ...),
//! jumps that leave a way back, and the switch to presenting mode (a slide
//! deck, `present.rs`).

use super::back::remember_place;
use super::present::{forget_place, mark_current, use_current_section, use_presenting};
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
    forget_place();
    if let Some(el) = doc.get_element_by_id(id) {
        // Focus first: focusing scrolls by itself, the alignment comes last.
        if let Ok(h) = el.clone().dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
        el.scroll_into_view();
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

/// True when the link hides section (or part) `id`.
pub fn is_hidden(id: &str) -> bool {
    hidden_sections().iter().any(|h| h == id)
}

/// A jump from one place in the lesson to another: like [`go_to`], and the
/// reader gets a way back to where they were.
pub fn jump_to(id: &str) {
    remember_place();
    go_to(id);
}

/// Frames the target of a deep link must keep its place before the jump.
const SETTLED_FRAMES: u32 = 2;
/// The most frames a deep link waits for that (about a second at 60 Hz).
const SETTLE_MAX_FRAMES: u32 = 60;

/// Runs `go` once section `id` has kept its place in the document for
/// [`SETTLED_FRAMES`] frames in a row, or after [`SETTLE_MAX_FRAMES`]. The
/// sections above a linked one are built at once, but some of what they
/// hold sizes itself in the frames after (a chart is fitted in an effect
/// Yew may run a frame after the render): a jump before that would leave
/// the reader's screen moving under them as it lands.
fn when_settled(id: String, frame: u32, last_top: f64, still: u32, go: impl FnOnce() + 'static) {
    let top = web_sys::window()
        .and_then(|w| Some((w.document()?.get_element_by_id(&id)?, w.scroll_y().ok()?)))
        .map(|(el, y)| el.get_bounding_client_rect().top() + y);
    let still = match top {
        Some(t) if t == last_top => still + 1,
        _ => 0,
    };
    if still >= SETTLED_FRAMES || frame >= SETTLE_MAX_FRAMES {
        go();
        return;
    }
    crate::web::platform::clock::next_frame(move || {
        when_settled(id, frame + 1, top.unwrap_or(f64::NAN), still, go)
    });
}

/// The address of section `id` with the link's other settings (`hide`
/// among them) kept.
pub fn section_href(id: &str) -> String {
    let (mut settings, _) = hash::parse(&location_hash());
    settings.section = Some(id.to_string());
    hash::format(&settings)
}

/// Brings the feature-map view into sight (it lives in the training
/// section), or that section when a link hides the view; either way the
/// reader gets a way back.
pub fn scroll_to_feature_maps() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match doc.query_selector("[data-testid=\"feature-maps\"]") {
        Ok(Some(el)) => {
            remember_place();
            forget_place();
            el.scroll_into_view();
        }
        _ if !is_hidden("train") => jump_to("train"),
        _ => {}
    }
}

#[component]
pub fn Nav() -> Html {
    let present = use_state(|| hash::parse(&location_hash()).0.present);
    let hidden = use_memo((), |_| hidden_sections());

    use_presenting(*present);
    use_current_section();

    // Deep link on first load: once the sections above the target have
    // settled (see `when_settled`).
    use_effect_with((), |_| {
        if let Some(sec) = hash::parse(&location_hash()).0.section {
            when_settled(sec.clone(), 0, f64::NAN, 0, move || {
                go_to(&sec);
                mark_current();
            });
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
                    let onclick = Callback::from(move |e: MouseEvent| { e.prevent_default(); jump_to(id); });
                    html! { <li><a href={section_href(id)} {onclick} title={*title}><span class="toc-num" aria-hidden="true">{ i + 1 }</span><span class="toc-title">{ *short }</span></a></li> }
                }) }
            </ol>
            if !hidden.iter().any(|h| h == "present") {
            <button class="present-toggle" data-testid="present-toggle" aria-pressed={present.to_string()} onclick={toggle}
                    title="Large type and high contrast; → and ← move between sections, ↓ and ↑ scroll">
                { if *present { "Exit presenting" } else { "Present" } }
            </button>
            }
        </nav>
    }
}
