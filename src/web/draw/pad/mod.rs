//! The drawing canvas: pointer events (mouse, touch, pen) and a keyboard pen,
//! both feeding the shared [`Sketch`]; the canvas shows the sketch's pixels.

mod keys;
mod paint;
mod pointer;

use crate::panels::draw::sketch::{Sketch, Throttle, PREDICT_EVERY_MS};
use keys::use_key_pen;
use paint::repaint;
use pointer::use_pointer_strokes;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct PadProps {
    pub sketch: Rc<RefCell<Sketch>>,
    /// Called after every change; `true` when a new reading is due.
    pub onchange: Callback<bool>,
    /// A held-out digit to show enlarged instead of the sketch.
    #[prop_or_default]
    pub test_digit: Option<Rc<Vec<f32>>>,
}

impl PartialEq for PadProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.sketch, &o.sketch)
            && self.onchange == o.onchange
            && self.test_digit == o.test_digit
    }
}

#[component]
pub fn PadCanvas(p: &PadProps) -> Html {
    let node = use_node_ref();
    // Readings at most every PREDICT_EVERY_MS while drawing, for both pens.
    let throttle = use_mut_ref(|| Throttle::new(PREDICT_EVERY_MS));
    // The pen cursor shows only once the keyboard is used, not under a mouse.
    let kbd = use_state(|| false);
    let (sketch, onchange) = (p.sketch.clone(), p.onchange.clone());
    let pointer = use_pointer_strokes(
        node.clone(),
        sketch.clone(),
        onchange.clone(),
        throttle.clone(),
        kbd.clone(),
    );
    let keys = use_key_pen(sketch.clone(), onchange, throttle, kbd.clone());

    // Repaint after every render: strokes, undo, clear, test digit, focus.
    {
        let (node, test, pen, kbd) = (node.clone(), p.test_digit.clone(), keys.pen.clone(), *kbd);
        use_effect(move || {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                let pen = *pen.borrow();
                let test = test.as_deref().map(|v| &v[..]);
                repaint(&c, &sketch.borrow(), test, kbd.then_some(&pen));
            }
        });
    }

    let side = p.sketch.borrow().side().to_string();
    html! {
        <div class="draw-pad-wrap">
            <canvas ref={node} class="draw-pad" data-testid="draw-pad" width={side.clone()}
                height={side} tabindex="0" role="img"
                aria-label="Drawing pad. Draw a digit with mouse, finger or pen. With the keyboard: arrow keys move the pen, Space puts it down or lifts it, Shift with an arrow moves twice as far, Backspace undoes, Delete clears."
                aria-describedby="draw-keys"
                onpointerdown={pointer.down} onpointermove={pointer.moved} onpointerup={pointer.up.clone()}
                onpointercancel={pointer.up} onkeydown={keys.keydown} onblur={keys.blur} />
            <p id="draw-keys" class="muted small">
                { "Keyboard: focus the pad, then arrows move the pen, Space puts it down or lifts it." }
            </p>
        </div>
    }
}
