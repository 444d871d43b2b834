//! Listeners on the window (scroll, resize, the page's own events), removed
//! when their guard drops, and the page's own events.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

/// The page's own event: a jump between sections left a place to go back to.
pub const JUMPED: &str = "cnnp-jumped";

/// A listener on the window, removed when the guard drops.
pub struct WindowListener {
    target: EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}

/// Calls `f` on every `name` event on the window until the guard drops.
pub fn on_window(name: &'static str, f: impl FnMut(Event) + 'static) -> Option<WindowListener> {
    let target: EventTarget = web_sys::window()?.into();
    let closure = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    Some(WindowListener {
        target,
        name,
        closure,
    })
}

/// Sends `name` to the window's listeners (a `resize` makes every chart
/// refit its canvas).
pub fn dispatch(name: &str) {
    if let (Some(w), Ok(e)) = (web_sys::window(), Event::new(name)) {
        let _ = w.dispatch_event(&e);
    }
}
