//! A block that never gets shorter while its width stays the same: text
//! that changes length (the model's origin after Reset) keeps the room it
//! had, so nothing below it jumps up. A new width (a resize, presenting
//! mode) starts again from the block's natural height.

use crate::web::platform::clock::next_frame;
use crate::web::widgets::canvas_fit::use_layout_epoch;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// After a render that changed `content` (or after the layout changed), sets
/// the node's `min-height` to the tallest it has been at its current width.
/// Runs before the browser paints the change, so the shorter state is never
/// shown. Renders that leave `content` as it was measure nothing, and the
/// measurement waits for the next frame: read in the middle of a render it
/// would lay the page out at once, and while training the block renders
/// for every report.
#[hook]
pub fn use_kept_height<T: PartialEq + 'static>(node: NodeRef, content: T) {
    // (width, tallest height) in CSS pixels.
    let kept = (*use_memo((), |_| Rc::new(Cell::new((0.0f64, 0.0f64))))).clone();
    let epoch = use_layout_epoch();
    use_effect_with((content, epoch), move |_| {
        if let Some(el) = node.cast::<web_sys::HtmlElement>() {
            // Measured in the next frame, in the layout the frame makes
            // anyway, rather than at once in the middle of the render.
            next_frame(move || keep(&el, &kept));
        }
    });
}

/// Sets `el`'s `min-height` to the tallest it has been at its width; `kept`
/// holds (width, tallest height) in CSS pixels. Leaves the style alone when
/// that height is what it already is.
fn keep(el: &web_sys::HtmlElement, kept: &Cell<(f64, f64)>) {
    let style = el.style();
    let r = el.get_bounding_client_rect();
    let (w0, before) = kept.get();
    let new_width = (r.width() - w0).abs() > 0.5;
    let tallest = if new_width {
        // A new width: measure the natural height without the old room.
        let _ = style.remove_property("min-height");
        el.get_bounding_client_rect().height()
    } else {
        before.max(r.height())
    };
    kept.set((r.width(), tallest));
    if new_width || tallest != before {
        let _ = style.set_property("min-height", &format!("{tallest}px"));
    }
}
