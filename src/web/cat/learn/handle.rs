//! The draggable cat over the conv net's picture: a focusable handle that
//! pointer events (mouse, pen, touch; captured while dragging) and the arrow
//! keys move, in scene pixels.

use crate::panels::cat::learn::scenes::SIDE;
use crate::panels::cat::view::{arrow_step, drag_target, to_scene};
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HandleProps {
    /// The box the scene is drawn in (for pointer geometry).
    pub frame: NodeRef,
    /// The cat's top-left corner and side, scene pixels.
    pub at: (usize, usize),
    pub side: usize,
    pub onmove: Callback<(i64, i64)>,
}

#[component]
pub fn CatHandle(p: &HandleProps) -> Html {
    let grab = use_mut_ref(|| None::<(f64, f64)>);
    let point = {
        let frame = p.frame.clone();
        move |e: &PointerEvent| -> Option<(f64, f64)> {
            let r = frame.cast::<Element>()?.get_bounding_client_rect();
            Some(to_scene(
                (e.client_x() as f64, e.client_y() as f64),
                (r.left(), r.top(), r.width(), r.height()),
                (SIDE, SIDE),
            ))
        }
    };
    let (cx, cy) = p.at;
    let onpointerdown = {
        let (grab, point) = (grab.clone(), point.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(pt) = point(&e) else { return };
            e.prevent_default();
            if let Some(t) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
            {
                let _ = t.set_pointer_capture(e.pointer_id());
            }
            *grab.borrow_mut() = Some((pt.0 - cx as f64, pt.1 - cy as f64));
        })
    };
    let onpointermove = {
        let (grab, onmove) = (grab.clone(), p.onmove.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(g) = *grab.borrow() else { return };
            if let Some(pt) = point(&e) {
                onmove.emit(drag_target(pt, g));
            }
        })
    };
    let end = Callback::from(move |_: PointerEvent| *grab.borrow_mut() = None);
    let onkeydown = {
        let onmove = p.onmove.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some((dx, dy)) = arrow_step(&e.key(), e.shift_key()) {
                e.prevent_default();
                onmove.emit((cx as i64 + dx, cy as i64 + dy));
            }
        })
    };
    let pct = |v: f64| format!("{:.3}%", 100.0 * v / SIDE as f64);
    let style = format!(
        "left:{};top:{};width:{s};height:{s}",
        pct(cx as f64),
        pct(cy as f64),
        s = pct(p.side as f64)
    );
    html! {
        <div class="cat-handle learn-handle" role="button" tabindex="0" style={style}
            aria-label={format!("The cat at x {cx}, y {cy}. Drag it, or use the arrow keys (Shift for 8 pixels).")}
            {onpointerdown} {onpointermove} onpointerup={end.clone()} onpointercancel={end} {onkeydown}></div>
    }
}
