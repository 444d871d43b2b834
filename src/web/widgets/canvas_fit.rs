//! Canvas bitmaps sized to their box, the device pixel ratio and the page's
//! type size (large in presenting mode), and the signal to refit them when
//! the layout changes.

use crate::web::platform::clock::after;
use crate::web::platform::events::on_window;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Sizes the bitmap to the canvas's displayed width (times the device pixel
/// ratio) and `height` CSS pixels, grown with the page's type size (large in
/// presenting mode). Returns the scale for fonts and gaps.
pub fn fit_canvas(canvas: &HtmlCanvasElement, height: f64) -> f64 {
    let window = web_sys::window();
    let dpr = window
        .as_ref()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0);
    let text = window
        .as_ref()
        .and_then(|w| {
            let root = w.document()?.body()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|st| st.get_property_value("font-size").ok())
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .map(|px| (px / 17.0).clamp(0.8, 2.0))
        .unwrap_or(1.0);
    let css_w = (canvas.client_width() as f64).max(260.0);
    let (w, h) = ((css_w * dpr) as u32, (height * text * dpr) as u32);
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    dpr * text
}

/// A number that grows each time the page's layout may have changed the
/// canvases' displayed sizes: a window resize, and the switch to or from
/// presenting mode (which sends one). Charts redraw when it changes. Bursts
/// of resizes are gathered into one redraw a tenth of a second later.
#[hook]
pub fn use_layout_epoch() -> u32 {
    let epoch = use_state_eq(|| 0u32);
    {
        let epoch = epoch.clone();
        use_effect_with((), move |_| {
            let pending = Rc::new(Cell::new(false));
            let counter = Rc::new(Cell::new(0u32));
            let l = on_window("resize", move |_| {
                if pending.replace(true) {
                    return;
                }
                let (pending, counter, epoch) = (pending.clone(), counter.clone(), epoch.clone());
                after(100, move || {
                    pending.set(false);
                    counter.set(counter.get().wrapping_add(1));
                    epoch.set(counter.get());
                });
            });
            move || drop(l)
        });
    }
    *epoch
}
