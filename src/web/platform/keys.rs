//! Key presses on the whole document, for shortcuts that work wherever the
//! focus is.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventTarget, KeyboardEvent};

/// A keydown listener on the document, removed when the guard drops.
pub struct KeyListener {
    target: EventTarget,
    closure: Closure<dyn FnMut(KeyboardEvent)>,
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("keydown", self.closure.as_ref().unchecked_ref());
    }
}

/// Calls `f` on every keydown in the document until the guard drops.
pub fn on_document_keydown(f: impl FnMut(KeyboardEvent) + 'static) -> Option<KeyListener> {
    let doc = web_sys::window()?.document()?;
    let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(f);
    let target: EventTarget = doc.into();
    let _ = target.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    Some(KeyListener { target, closure })
}
