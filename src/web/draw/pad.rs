//! The drawing canvas: pointer events (mouse, touch, pen) and a keyboard pen,
//! both feeding the shared [`Sketch`]; the canvas shows the sketch's pixels.

use crate::panels::draw::sketch::{
    key_action, pad_rgba, to_pad, KeyAction, KeyPen, Sketch, Throttle, PREDICT_EVERY_MS,
};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::platform::clock::now_ms;
use crate::web::widgets::{context_2d, paint_rgba};
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

/// Paints the sketch (or an enlarged test digit), plus the keyboard pen's
/// cursor when the pad has focus.
fn repaint(
    canvas: &HtmlCanvasElement,
    sketch: &Sketch,
    test: Option<&[f32]>,
    pen: Option<&KeyPen>,
) {
    let side = sketch.side() as u32;
    match test {
        Some(px) if px.len() == 784 => {
            let big = enlarge(px, 28, sketch.side());
            let rgba = to_rgba(&big, Scale::Gray, Range { lo: 0.0, hi: 1.0 });
            paint_rgba(canvas, side, side, &rgba);
        }
        _ => paint_rgba(canvas, side, side, &pad_rgba(sketch.pad())),
    }
    if let (Some(pen), Some(ctx)) = (pen, context_2d(canvas)) {
        ctx.begin_path();
        let _ = ctx.arc(pen.x as f64, pen.y as f64, 9.0, 0.0, std::f64::consts::TAU);
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str(if pen.down { "#b3261e" } else { "#0b57d0" });
        ctx.stroke();
    }
}

/// Nearest-neighbour enlargement of an `n x n` image to `side x side`.
fn enlarge(px: &[f32], n: usize, side: usize) -> Vec<f32> {
    (0..side * side)
        .map(|i| px[(i / side) * n / side * n + (i % side) * n / side])
        .collect()
}

#[component]
pub fn PadCanvas(p: &PadProps) -> Html {
    let node = use_node_ref();
    let throttle = use_mut_ref(|| Throttle::new(PREDICT_EVERY_MS));
    let pointer = use_mut_ref(|| None::<i32>);
    let pen = use_mut_ref(|| KeyPen::centred(p.sketch.borrow().side()));
    // The pen cursor shows only once the keyboard is used, not under a mouse.
    let kbd = use_state(|| false);

    // Repaint after every render: strokes, undo, clear, test digit, focus.
    {
        let (node, sketch, test, pen, kbd) = (
            node.clone(),
            p.sketch.clone(),
            p.test_digit.clone(),
            pen.clone(),
            *kbd,
        );
        use_effect(move || {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                let pen = *pen.borrow();
                repaint(
                    &c,
                    &sketch.borrow(),
                    test.as_deref().map(|v| &v[..]),
                    kbd.then_some(&pen),
                );
            }
        });
    }

    let point = |node: &NodeRef, e: &PointerEvent, side: usize| -> Option<(f32, f32)> {
        let c = node.cast::<HtmlCanvasElement>()?;
        let r = c.get_bounding_client_rect();
        Some(to_pad(
            (e.client_x() as f64, e.client_y() as f64),
            (r.left(), r.top(), r.width(), r.height()),
            side,
        ))
    };

    let onpointerdown = {
        let (node, sketch, cb, pointer, throttle, kbd) = (
            node.clone(),
            p.sketch.clone(),
            p.onchange.clone(),
            pointer.clone(),
            throttle.clone(),
            kbd.clone(),
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
    let onpointermove = {
        let (node, sketch, cb, pointer, throttle) = (
            node.clone(),
            p.sketch.clone(),
            p.onchange.clone(),
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
    let onpointerup = {
        let (sketch, cb, pointer, throttle) = (
            p.sketch.clone(),
            p.onchange.clone(),
            pointer.clone(),
            throttle.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            if *pointer.borrow() != Some(e.pointer_id()) {
                return;
            }
            *pointer.borrow_mut() = None;
            sketch.borrow_mut().end();
            throttle.borrow_mut().force(now_ms());
            cb.emit(true);
        })
    };

    let onkeydown = {
        let (sketch, cb, pen, throttle) = (
            p.sketch.clone(),
            p.onchange.clone(),
            pen.clone(),
            throttle.clone(),
        );
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
            cb.emit(true);
        })
    };
    let onblur = {
        let (kbd, pen, sketch) = (kbd.clone(), pen.clone(), p.sketch.clone());
        Callback::from(move |_: FocusEvent| {
            pen.borrow_mut().down = false;
            sketch.borrow_mut().end();
            kbd.set(false);
        })
    };

    let side = p.sketch.borrow().side();
    html! {
        <div class="draw-pad-wrap">
            <canvas ref={node} class="draw-pad" data-testid="draw-pad" width={side.to_string()}
                height={side.to_string()} tabindex="0" role="img"
                aria-label="Drawing pad. Draw a digit with mouse, finger or pen. With the keyboard: arrow keys move the pen, Space puts it down or lifts it, Shift with an arrow moves twice as far, Backspace undoes, Delete clears."
                aria-describedby="draw-keys"
                {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
                onpointercancel={onpointerup} {onkeydown} {onblur} />
            <p id="draw-keys" class="muted small">
                { "Keyboard: focus the pad, then arrows move the pen, Space puts it down or lifts it." }
            </p>
        </div>
    }
}
