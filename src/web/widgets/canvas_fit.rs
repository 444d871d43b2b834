//! Canvas bitmaps sized to their box, the device pixel ratio and the page's
//! type size (large in presenting mode), and the signal to refit them when
//! the layout changes.
//!
//! Reading a canvas's displayed width lays the page out at once if anything
//! changed since the last layout. Charts and the feature maps therefore draw
//! in the next frame ([`draw_next_frame`], [`fit_next_frame`]): every canvas
//! queued before it is measured first, in one layout the frame needed
//! anyway, then sized and drawn; a canvas queued twice in one frame is drawn
//! once, with its newest data.

use crate::web::platform::clock::{after, next_frame};
use crate::web::platform::events::on_window;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Device pixels per CSS pixel, from 1 to 3 (bitmaps larger than that cost
/// memory and time for no visible gain).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0)
}

/// The device pixel ratio and the page's type size relative to its usual
/// 17 px (large in presenting mode), read from the page.
fn page_scale() -> (f64, f64) {
    let window = web_sys::window();
    let dpr = device_pixel_ratio();
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
    (dpr, text)
}

/// The canvas's displayed width in CSS pixels (at least 260).
fn css_width(canvas: &HtmlCanvasElement) -> f64 {
    (canvas.client_width() as f64).max(260.0)
}

/// Sets the bitmap to `css_w` x `height` CSS pixels at `(dpr, text)`;
/// returns the scale for fonts and gaps.
fn apply(canvas: &HtmlCanvasElement, css_w: f64, height: f64, (dpr, text): (f64, f64)) -> f64 {
    let (w, h) = ((css_w * dpr) as u32, (height * text * dpr) as u32);
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    dpr * text
}

/// Sizes the bitmap to the canvas's displayed width (times the device pixel
/// ratio) and `height` CSS pixels, grown with the page's type size (large in
/// presenting mode). Returns the scale for fonts and gaps.
pub fn fit_canvas(canvas: &HtmlCanvasElement, height: f64) -> f64 {
    let scale = page_scale();
    apply(canvas, css_width(canvas), height, scale)
}

/// What draws on a canvas once the page has been measured.
pub type Draw = Box<dyn FnOnce()>;

/// A drawing waiting for the next frame: its canvas, and what measures the
/// page for it (reads only) and returns the drawing.
struct Queued {
    canvas: HtmlCanvasElement,
    measure: Box<dyn FnOnce() -> Draw>,
}

thread_local! {
    static QUEUED: RefCell<Vec<Queued>> = const { RefCell::new(Vec::new()) };
}

/// Draws on `canvas` in the next frame, in two steps: `measure` reads the
/// layout and returns the drawing. Every canvas queued for a frame is
/// measured before any is drawn, so the page is laid out once for all of
/// them. A newer drawing of the same canvas replaces one still waiting.
/// The charts ([`fit_next_frame`]) and the feature maps
/// (`inspect::mosaic`) draw through this one queue.
pub fn draw_next_frame(canvas: &HtmlCanvasElement, measure: impl FnOnce() -> Draw + 'static) {
    let first = QUEUED.with(|q| {
        let mut q = q.borrow_mut();
        let job = Queued {
            canvas: canvas.clone(),
            measure: Box::new(measure),
        };
        match q.iter_mut().find(|j| j.canvas == *canvas) {
            Some(old) => *old = job,
            None => q.push(job),
        }
        q.len() == 1
    });
    if first {
        next_frame(draw_queued);
    }
}

/// Measures every queued canvas, then draws each.
fn draw_queued() {
    let jobs = QUEUED.with(|q| std::mem::take(&mut *q.borrow_mut()));
    let draws: Vec<Draw> = jobs.into_iter().map(|j| (j.measure)()).collect();
    for draw in draws {
        draw();
    }
}

/// Fits `canvas` as [`fit_canvas`] does and runs `draw` with the scale, in
/// the next frame ([`draw_next_frame`]). A canvas never fitted (still the
/// browser's 300 x 150) is fitted at once: its displayed height follows its
/// bitmap, and the page must not change height after, say, a link has
/// scrolled it to a section below.
pub fn fit_next_frame(canvas: &HtmlCanvasElement, height: f64, draw: impl FnOnce(f64) + 'static) {
    if canvas.width() == 300 && canvas.height() == 150 {
        fit_canvas(canvas, height);
    }
    let c = canvas.clone();
    draw_next_frame(canvas, move || {
        let (scale, css_w) = (page_scale(), css_width(&c));
        Box::new(move || {
            let s = apply(&c, css_w, height, scale);
            draw(s);
        })
    });
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
