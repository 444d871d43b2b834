//! Presenting mode: large type and high contrast (a class on the body), and
//! the arrow keys step through the sections the link shows.

use super::nav::{go_to, SECTIONS};
use crate::web::platform::keys::on_document_keydown;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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

/// Section steps for the keys that move between sections.
fn key_step(key: &str) -> Option<isize> {
    match key {
        "ArrowRight" | "ArrowDown" | "PageDown" => Some(1),
        "ArrowLeft" | "ArrowUp" | "PageUp" => Some(-1),
        _ => None,
    }
}

/// Arrow keys inside inputs (and sliders) keep their usual meaning.
fn in_a_control(e: &KeyboardEvent) -> bool {
    let Some(t) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(
        t.tag_name().as_str(),
        "INPUT" | "SELECT" | "TEXTAREA" | "CANVAS"
    ) || t.get_attribute("role").as_deref() == Some("slider")
}

/// Moves `step` sections from the current one, skipping hidden sections.
fn step_sections(step: isize, hidden: &[String]) {
    let visible: Vec<usize> = (0..SECTIONS.len())
        .filter(|i| !hidden.iter().any(|h| h == SECTIONS[*i].0))
        .collect();
    let cur = current_section();
    let pos = visible.iter().position(|&i| i >= cur).unwrap_or(0) as isize;
    let next = (pos + step).clamp(0, visible.len() as isize - 1) as usize;
    go_to(SECTIONS[visible[next]].0);
}

/// While `on`: the body's `present` class, and the section keys.
#[hook]
pub fn use_presenting(on: bool, hidden: Rc<Vec<String>>) {
    use_effect_with(on, move |&on| {
        set_body_class("present", on);
        let listener = on
            .then(|| {
                on_document_keydown(move |e: KeyboardEvent| {
                    let Some(step) = key_step(&e.key()) else {
                        return;
                    };
                    if in_a_control(&e) {
                        return;
                    }
                    e.prevent_default();
                    step_sections(step, &hidden);
                })
            })
            .flatten();
        move || drop(listener)
    });
}
