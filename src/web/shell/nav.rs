//! Navigation: a sticky table of contents, deep links (`#cat`, `#train`, ...),
//! and a presenting mode with large type where the arrow keys step through
//! the sections.

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

fn set_body_class(name: &str, on: bool) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let list = body.class_list();
        let _ = if on {
            list.add_1(name)
        } else {
            list.remove_1(name)
        };
    }
}

/// Index of the section nearest the top of the viewport.
fn current_section() -> usize {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return 0;
    };
    let mut best = 0;
    for (i, (id, _, _)) in SECTIONS.iter().enumerate() {
        if let Some(el) = doc.get_element_by_id(id) {
            if el.get_bounding_client_rect().top() <= 80.0 {
                best = i;
            }
        }
    }
    best
}

#[component]
pub fn Nav() -> Html {
    let present = use_state(|| hash::parse(&location_hash()).0.present);
    let hidden = use_memo((), |_| hidden_sections());

    // Present mode: body class, and arrow keys step between sections.
    {
        let present = *present;
        let hidden = hidden.clone();
        use_effect_with(present, move |&on| {
            set_body_class("present", on);
            let listener = on.then(|| {
                let doc = web_sys::window()
                    .and_then(|w| w.document())
                    .expect("document");
                key_listener(&doc, move |e: web_sys::KeyboardEvent| {
                    let step: isize = match e.key().as_str() {
                        "ArrowRight" | "ArrowDown" | "PageDown" => 1,
                        "ArrowLeft" | "ArrowUp" | "PageUp" => -1,
                        _ => return,
                    };
                    // Arrow keys inside inputs keep their usual meaning.
                    if let Some(t) = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    {
                        if matches!(
                            t.tag_name().as_str(),
                            "INPUT" | "SELECT" | "TEXTAREA" | "CANVAS"
                        ) || t.get_attribute("role").as_deref() == Some("slider")
                        {
                            return;
                        }
                    }
                    e.prevent_default();
                    let visible: Vec<usize> = (0..SECTIONS.len())
                        .filter(|i| !hidden.iter().any(|h| h == SECTIONS[*i].0))
                        .collect();
                    let cur = current_section();
                    let pos = visible.iter().position(|&i| i >= cur).unwrap_or(0) as isize;
                    let next = (pos + step).clamp(0, visible.len() as isize - 1) as usize;
                    go_to(SECTIONS[visible[next]].0);
                })
            });
            move || drop(listener)
        });
    }

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

/// A keydown listener on `target`, removed when the returned guard drops.
pub struct KeyListener {
    target: web_sys::EventTarget,
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::KeyboardEvent)>,
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("keydown", self.closure.as_ref().unchecked_ref());
    }
}

fn key_listener(
    target: &web_sys::Document,
    f: impl FnMut(web_sys::KeyboardEvent) + 'static,
) -> KeyListener {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(f);
    let target: web_sys::EventTarget = target.clone().into();
    let _ = target.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    KeyListener { target, closure }
}
