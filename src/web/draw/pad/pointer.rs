//! Drawing with a pointer (mouse, touch or pen): one stroke per primary
//! pointer, captured by the pad while it is down. Moves repaint at once and
//! ask for a reading at most every `PREDICT_EVERY_MS` (the throttle); lifting the pointer
//! always asks for one.

use super::paint::repaint;
use crate::panels::draw::sketch::{to_pad, Sketch, Throttle};
use crate::web::platform::clock::now_ms;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// The pad's pointer listeners.
pub struct PointerHandlers {
    pub down: Callback<PointerEvent>,
    pub moved: Callback<PointerEvent>,
    pub up: Callback<PointerEvent>,
}

/// The pointer position in pad pixels.
fn point(node: &NodeRef, e: &PointerEvent, side: usize) -> Option<(f32, f32)> {
    let c = node.cast::<HtmlCanvasElement>()?;
    let r = c.get_bounding_client_rect();
    Some(to_pad(
        (e.client_x() as f64, e.client_y() as f64),
        (r.left(), r.top(), r.width(), r.height()),
        side,
    ))
}

/// Pointer strokes into `sketch`; `onchange` as for the pad. A pointer
/// stroke hides the keyboard pen's cursor (`kbd`).
#[hook]
pub fn use_pointer_strokes(
    node: NodeRef,
    sketch: Rc<RefCell<Sketch>>,
    onchange: Callback<bool>,
    throttle: Rc<RefCell<Throttle>>,
    kbd: UseStateHandle<bool>,
) -> PointerHandlers {
    let pointer = use_mut_ref(|| None::<i32>);
    let down = {
        let (node, sketch, cb, pointer, throttle) = (
            node.clone(),
            sketch.clone(),
            onchange.clone(),
            pointer.clone(),
            throttle.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            // A second finger does not start a second stroke; but a new
            // primary pointer means the old one ended without telling us.
            if pointer.borrow().is_some() && !e.is_primary() {
                return;
            }
            e.prevent_default();
            let side = sketch.borrow().side();
            let Some((x, y)) = point(&node, &e, side) else {
                return;
            };
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                let _ = c.set_pointer_capture(e.pointer_id());
            }
            if *kbd {
                kbd.set(false);
            }
            *pointer.borrow_mut() = Some(e.pointer_id());
            sketch.borrow_mut().begin(x, y);
            let due = throttle.borrow_mut().ready(now_ms());
            cb.emit(due);
        })
    };
    let moved = {
        let (sketch, cb, pointer, throttle) = (
            sketch.clone(),
            onchange.clone(),
            pointer.clone(),
            throttle.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            if *pointer.borrow() != Some(e.pointer_id()) {
                return;
            }
            e.prevent_default();
            let side = sketch.borrow().side();
            let Some((x, y)) = point(&node, &e, side) else {
                return;
            };
            if !sketch.borrow_mut().extend(x, y) {
                return;
            }
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                repaint(&c, &sketch.borrow(), None, None);
            }
            if throttle.borrow_mut().ready(now_ms()) {
                cb.emit(true);
            }
        })
    };
    let up = Callback::from(move |e: PointerEvent| {
        if *pointer.borrow() != Some(e.pointer_id()) {
            return;
        }
        *pointer.borrow_mut() = None;
        sketch.borrow_mut().end();
        throttle.borrow_mut().force(now_ms());
        onchange.emit(true);
    });
    PointerHandlers { down, moved, up }
}
