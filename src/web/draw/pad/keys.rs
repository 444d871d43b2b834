//! Drawing with the keyboard: arrow keys move a pen (Shift: twice as far),
//! Space puts it down or lifts it, Backspace undoes, Delete clears.

use crate::panels::draw::sketch::{key_action, KeyAction, KeyPen, Sketch, Throttle};
use crate::web::platform::clock::now_ms;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The keyboard pen and the pad's key and focus listeners.
pub struct KeyPenHandlers {
    pub pen: Rc<RefCell<KeyPen>>,
    pub keydown: Callback<KeyboardEvent>,
    pub blur: Callback<FocusEvent>,
}

/// A pen for `sketch`, starting in the middle; `onchange` as for the pad.
/// Leaving the pad lifts the pen and hides its cursor (`kbd`).
#[hook]
pub fn use_key_pen(
    sketch: Rc<RefCell<Sketch>>,
    onchange: Callback<bool>,
    throttle: Rc<RefCell<Throttle>>,
    kbd: UseStateHandle<bool>,
) -> KeyPenHandlers {
    let pen = use_mut_ref(|| KeyPen::centred(sketch.borrow().side()));
    let keydown = {
        let (sketch, pen) = (sketch.clone(), pen.clone());
        Callback::from(move |e: KeyboardEvent| {
            let down = pen.borrow().down;
            let Some(action) = key_action(&e.key(), down) else {
                return;
            };
            e.prevent_default();
            let repeats = match action {
                KeyAction::Move(..) if e.shift_key() => 2,
                _ => 1,
            };
            for _ in 0..repeats {
                pen.borrow_mut().apply(action, &mut sketch.borrow_mut());
            }
            throttle.borrow_mut().force(now_ms());
            // Always re-render: the cursor moved even when nothing was drawn.
            onchange.emit(true);
        })
    };
    let blur = {
        let pen = pen.clone();
        Callback::from(move |_: FocusEvent| {
            pen.borrow_mut().down = false;
            sketch.borrow_mut().end();
            kbd.set(false);
        })
    };
    KeyPenHandlers { pen, keydown, blur }
}
