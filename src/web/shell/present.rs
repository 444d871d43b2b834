//! Presenting mode as a slide deck: large type and high contrast (a class on
//! the body); → ← PageDown PageUp step one section from wherever the reader
//! is, ↓ ↑ and Space scroll inside it, and a focused widget keeps its keys.
//! Switching the mode keeps the reader's place. The arithmetic is
//! [`crate::panels::deck`]; this file measures the page and moves it.

use super::nav::{go_to, SECTIONS};
use crate::panels::deck::{self, Focused};
use crate::web::platform::clock::after;
use crate::web::platform::events::{dispatch, on_window};
use crate::web::platform::keys::on_document_keydown;
use std::cell::Cell;
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

/// The shown sections' elements, in lesson order.
fn shown_sections() -> Vec<(&'static str, web_sys::Element)> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return vec![];
    };
    SECTIONS
        .iter()
        .filter_map(|s| doc.get_element_by_id(s.0).map(|el| (s.0, el)))
        .collect()
}

/// The reading line: where a section's top lands after a jump (the page's
/// scroll padding, under the sticky table of contents), in CSS pixels.
fn reading_line() -> f64 {
    web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|st| st.get_property_value("scroll-padding-top").ok())
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// The shown sections' ids, tops and heights.
fn measure() -> (Vec<&'static str>, Vec<f64>, Vec<f64>) {
    let mut out = (vec![], vec![], vec![]);
    for (id, el) in shown_sections() {
        let r = el.get_bounding_client_rect();
        out.0.push(id);
        out.1.push(r.top());
        out.2.push(r.height());
    }
    out
}

thread_local! {
    /// The section last marked current, to touch the DOM only on a change.
    static MARKED: Cell<Option<&'static str>> = const { Cell::new(None) };
    /// Counts switches and jumps: a pending restore of an older place
    /// stops once the count has moved on.
    static PLACE_GEN: Cell<u32> = const { Cell::new(0) };
}

/// Stops any pending restore of the place: the reader went somewhere else
/// (a jump, a deck step, another switch).
pub fn forget_place() -> u32 {
    PLACE_GEN.with(|g| {
        g.set(g.get().wrapping_add(1));
        g.get()
    })
}

/// Marks the section the reader is in with `data-current="true"`.
pub fn mark_current() {
    let (ids, tops, _) = measure();
    let now = deck::current(&tops, reading_line()).map(|i| ids[i]);
    if MARKED.with(|m| m.get()) == now && now.is_some() {
        return;
    }
    MARKED.with(|m| m.set(now));
    for (id, el) in shown_sections() {
        let _ = if Some(id) == now {
            el.set_attribute("data-current", "true")
        } else {
            el.remove_attribute("data-current")
        };
    }
}

/// Moves one step of the deck from wherever the reader is.
fn step_sections(by: isize) {
    let (ids, tops, _) = measure();
    let here = deck::position(&tops, reading_line());
    if let Some(next) = deck::step(here, ids.len(), by) {
        go_to(ids[next]);
        mark_current();
    }
}

/// What the deck needs to know about the focused element.
fn focused_keeps_keys() -> bool {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
    else {
        return false;
    };
    let (tag, role) = (el.tag_name(), el.get_attribute("role"));
    let tabindex = el
        .get_attribute("tabindex")
        .and_then(|t| t.trim().parse().ok());
    let editable = el.get_attribute("contenteditable").is_some();
    deck::widget_keeps(&Focused {
        tag: &tag,
        role: role.as_deref(),
        tabindex,
        editable,
    })
}

/// The keys of the deck: a step unless a widget has the focus or already
/// used the key.
fn on_key(e: KeyboardEvent) {
    let Some(by) = deck::key_step(&e.key()) else {
        return;
    };
    if e.default_prevented() || e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
        return;
    }
    if focused_keeps_keys() {
        return;
    }
    e.prevent_default();
    step_sections(by);
}

/// Scrolls so the reading line sits at `a` again, after a layout change.
/// Returns the scroll position it left.
fn restore(a: deck::Anchor, id: &'static str) -> Option<f64> {
    let w = web_sys::window()?;
    let el = w.document()?.get_element_by_id(id)?;
    let r = el.get_bounding_client_rect();
    w.scroll_by_with_x_and_y(0.0, deck::scroll_by(a, r.top(), r.height(), reading_line()));
    mark_current();
    w.scroll_y().ok()
}

/// Restores the place again while charts and maps refit and change the
/// heights above it, until the reader scrolls by themselves.
fn keep_restoring(
    a: deck::Anchor,
    id: &'static str,
    left: Option<f64>,
    delays: &'static [i32],
    gen: u32,
) {
    let Some((&ms, rest)) = delays.split_first() else {
        return;
    };
    after(ms, move || {
        if PLACE_GEN.with(|g| g.get()) != gen {
            return;
        }
        // Stop once the reader scrolls further than the refits could.
        let now = web_sys::window().and_then(|w| w.scroll_y().ok());
        if now.is_none()
            || left.is_none()
            || (now.unwrap_or(0.0) - left.unwrap_or(0.0)).abs() > 4000.0
        {
            return;
        }
        let left = restore(a, id);
        keep_restoring(a, id, left, rest, gen);
    });
}

/// Keeps `data-current` on the section the reader is in, from the first
/// render on.
#[hook]
pub fn use_current_section() {
    use_effect_with((), |_| {
        after(60, mark_current);
        let scroll = on_window("scroll", |_| mark_current());
        let resize = on_window("resize", |_| mark_current());
        move || drop((scroll, resize))
    });
}

/// While `on`: the body's `present` class and the deck keys. Each switch
/// keeps the reader's place and makes every chart refit its canvas.
#[hook]
pub fn use_presenting(on: bool) {
    let first = use_mut_ref(|| true);
    use_effect_with(on, move |&on| {
        let (ids, tops, heights) = measure();
        let place = deck::anchor(&tops, &heights, reading_line()).map(|a| (a, ids[a.section]));
        set_body_class("present", on);
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            let gen = forget_place();
            if let Some((a, id)) = place {
                let left = restore(a, id);
                // Charts refit after the resize event; their new heights
                // move the page again.
                dispatch("resize");
                keep_restoring(a, id, left, &[0, 120, 250, 500, 1000], gen);
            } else {
                dispatch("resize");
            }
        } else if on {
            // Opened in presenting mode: the charts drew before the class.
            dispatch("resize");
        }
        let keys = on.then(|| on_document_keydown(on_key)).flatten();
        move || drop(keys)
    });
}
