//! Browser time and timers.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Milliseconds from `performance.now()`.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Calls `f` after `ms` milliseconds. The closure is freed after it runs.
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

/// Calls `f` before the browser's next paint (`requestAnimationFrame`). The
/// closure is freed after it runs.
pub fn next_frame(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(move |_: f64| f());
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}
