//! Sections waiting for their interactive, rendered one at a time when the
//! page is idle: a section below the fold renders when it comes near the
//! screen, and at the latest from this queue, so after start-up every part
//! of the lesson exists (for links, the page's search and tests alike)
//! without ever building them all in one task.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

/// The longest the browser may wait for an idle moment before it renders
/// the next section anyway.
const IDLE_TIMEOUT_MS: f64 = 1000.0;

thread_local! {
    /// What renders the sections still waiting, in lesson order.
    static QUEUE: RefCell<VecDeque<Box<dyn FnOnce()>>> = RefCell::new(VecDeque::new());
    /// Whether an idle callback is already asked for.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Calls `render` when the page is idle, after the ones queued before it.
pub fn when_idle(render: impl FnOnce() + 'static) {
    QUEUE.with(|q| q.borrow_mut().push_back(Box::new(render)));
    ask();
}

/// Asks the browser for the next idle moment, unless that is done.
fn ask() {
    if ASKED.with(|a| a.replace(true)) {
        return;
    }
    let next = Closure::once_into_js(|| {
        ASKED.with(|a| a.set(false));
        let render = QUEUE.with(|q| q.borrow_mut().pop_front());
        if let Some(render) = render {
            render();
            if QUEUE.with(|q| !q.borrow().is_empty()) {
                ask();
            }
        }
    });
    let global = js_sys::global();
    let idle = Reflect::get(&global, &JsValue::from_str("requestIdleCallback"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let asked = match idle {
        Some(idle) => {
            let options = Object::new();
            let _ = Reflect::set(
                &options,
                &JsValue::from_str("timeout"),
                &JsValue::from_f64(IDLE_TIMEOUT_MS),
            );
            idle.call2(&global, &next, &options).is_ok()
        }
        None => false,
    };
    if !asked {
        // No requestIdleCallback (Safari): a short timer instead.
        let timeout = Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(set_timeout) = timeout {
            let _ = set_timeout.call2(&global, &next, &JsValue::from_f64(50.0));
        }
    }
}
