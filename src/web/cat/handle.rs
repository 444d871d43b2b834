//! One draggable cat: a focusable handle positioned over the scene canvas
//! (in percent of the scene, so it scales with the canvas).
//!
//! Pointer events cover mouse, pen and touch alike; the handle captures the
//! pointer while dragging, and has `touch-action: none` so a finger drags the
//! cat instead of the page. Arrow keys move the focused cat by one pixel
//! (eight with Shift).

use crate::panels::cat::view::{arrow_step, drag_target, to_scene};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// What a drag in progress remembers: the cat and where in it the pointer is.
#[derive(Clone, Copy)]
pub struct Grab {
    cat: usize,
    offset: (f64, f64),
}

/// The scene's drag in progress, shared by its cats (equal when the same).
#[derive(Clone, Default)]
pub struct GrabRef(Rc<RefCell<Option<Grab>>>);

impl PartialEq for GrabRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// `v` as a percentage of `of`, for CSS.
pub fn pct(v: f64, of: f64) -> String {
    format!("{:.4}%", 100.0 * v / of)
}

#[derive(Properties, PartialEq)]
pub struct CatHandleProps {
    pub index: usize,
    /// Top-left corner in scene pixels.
    pub at: (usize, usize),
    /// Cat and scene sizes in scene pixels, `(w, h)`.
    pub cat: (usize, usize),
    pub scene: (usize, usize),
    pub selected: bool,
    /// The box the scene is drawn in, to turn pointer positions into pixels.
    pub frame: NodeRef,
    pub grab: GrabRef,
    /// `(cat, x, y)`: move a cat (the demo clamps).
    pub onmove: Callback<(usize, i64, i64)>,
    pub onselect: Callback<usize>,
}

/// Pointer position in scene pixels, from the frame's box on the page.
fn scene_point(frame: &NodeRef, scene: (usize, usize), e: &PointerEvent) -> Option<(f64, f64)> {
    let r = frame.cast::<Element>()?.get_bounding_client_rect();
    Some(to_scene(
        (e.client_x() as f64, e.client_y() as f64),
        (r.left(), r.top(), r.width(), r.height()),
        scene,
    ))
}

#[component]
pub fn CatHandle(p: &CatHandleProps) -> Html {
    let (i, (cx, cy)) = (p.index, p.at);
    let onpointerdown = {
        let (grab, frame, scene, onselect) =
            (p.grab.clone(), p.frame.clone(), p.scene, p.onselect.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(pt) = scene_point(&frame, scene, &e) else {
                return;
            };
            e.prevent_default();
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                let _ = t.set_pointer_capture(e.pointer_id());
                if let Ok(el) = t.dyn_into::<HtmlElement>() {
                    let _ = el.focus();
                }
            }
            *grab.0.borrow_mut() = Some(Grab {
                cat: i,
                offset: (pt.0 - cx as f64, pt.1 - cy as f64),
            });
            onselect.emit(i);
        })
    };
    let onpointermove = {
        let (grab, frame, scene, onmove) =
            (p.grab.clone(), p.frame.clone(), p.scene, p.onmove.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(g) = *grab.0.borrow() else { return };
            if let Some(pt) = scene_point(&frame, scene, &e) {
                let (x, y) = drag_target(pt, g.offset);
                onmove.emit((g.cat, x, y));
            }
        })
    };
    let end = {
        let grab = p.grab.clone();
        Callback::from(move |_: PointerEvent| *grab.0.borrow_mut() = None)
    };
    let onkeydown = {
        let (onmove, onselect) = (p.onmove.clone(), p.onselect.clone());
        Callback::from(move |e: KeyboardEvent| {
            if let Some((dx, dy)) = arrow_step(&e.key(), e.shift_key()) {
                e.prevent_default();
                onselect.emit(i);
                onmove.emit((i, cx as i64 + dx, cy as i64 + dy));
            }
        })
    };
    let ((w, h), (cw, ch)) = ((p.scene.0 as f64, p.scene.1 as f64), p.cat);
    let style = format!(
        "left:{};top:{};width:{};height:{}",
        pct(cx as f64, w),
        pct(cy as f64, h),
        pct(cw as f64, w),
        pct(ch as f64, h)
    );
    let label = format!(
        "Cat {} at x {cx}, y {cy}. Drag it, or use the arrow keys (Shift for 8 pixels).",
        i + 1
    );
    html! {
        <div class={classes!("cat-handle", p.selected.then_some("selected"))}
            data-testid="cat" data-index={i.to_string()} data-x={cx.to_string()} data-y={cy.to_string()}
            role="button" tabindex="0" aria-label={label} style={style}
            {onpointerdown} {onpointermove} onpointerup={end.clone()} onpointercancel={end}
            {onkeydown}>
            <span class="cat-tag" aria-hidden="true">{ i + 1 }</span>
        </div>
    }
}
