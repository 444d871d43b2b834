//! A block that never gets shorter while its width stays the same: text
//! that changes length (the model's origin after Reset) keeps the room it
//! had, so nothing below it jumps up. A new width (a resize, presenting
//! mode) starts again from the block's natural height.

use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// After every render, sets the node's `min-height` to the tallest it has
/// been at its current width. Runs before the browser paints, so the
/// shorter state is never shown.
#[hook]
pub fn use_kept_height(node: NodeRef) {
    // (width, tallest height) in CSS pixels.
    let kept = (*use_memo((), |_| Rc::new(Cell::new((0.0f64, 0.0f64))))).clone();
    use_effect(move || {
        if let Some(el) = node.cast::<web_sys::HtmlElement>() {
            let style = el.style();
            let width = el.get_bounding_client_rect().width();
            let (w0, tallest) = kept.get();
            if (width - w0).abs() > 0.5 {
                let _ = style.remove_property("min-height");
            }
            let natural = el.get_bounding_client_rect().height();
            let tallest = if (width - w0).abs() > 0.5 {
                natural
            } else {
                tallest.max(natural)
            };
            kept.set((width, tallest));
            let _ = style.set_property("min-height", &format!("{tallest}px"));
        }
    });
}
