//! One canvas per layer of feature maps, under its channels' cells.
//!
//! A layer's channels are laid out by the page's CSS grid as cells
//! ([`super::cell::MapCell`]) that take the pointer, the keyboard and the
//! text alternative, but paint nothing of the map. The maps themselves are
//! cut from the layer's sheet ([`MapLayer::sheet`]) onto one canvas that
//! fills the grid, each at its cell's place. So a trained network with two
//! hundred channels puts a dozen canvases on the page, not two hundred: the
//! browser composites, uploads and re-rasterises each canvas on its own, and
//! while training redraws the maps, that cost was on every frame of the page.
//!
//! Painting waits for the next frame, in the charts' queue
//! (`widgets::canvas_fit::draw_next_frame`): every queued canvas is measured
//! in one layout first, then drawn. A layer queued twice in a frame is drawn
//! once, with its newest maps. A `ResizeObserver` on the grid redraws when
//! the cells move (a resize, a narrower column, presenting mode).

use crate::panels::inspect::maps::{device_box, MapLayer};
use crate::web::widgets::canvas_fit::{device_pixel_ratio, draw_next_frame};
use crate::web::widgets::{context_2d, paint_rgba};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

/// Under a map's transparent units (the end of a wrapped flat vector).
const UNDER: &str = "#e3e6ec";
/// The frame around each map, one CSS pixel wide.
const FRAME: &str = "#c5cad3";

thread_local! {
    /// The one off-page canvas every sheet is uploaded to before its maps are
    /// cut from it (off the page, it is never composited).
    static SCRATCH: RefCell<Option<HtmlCanvasElement>> = const { RefCell::new(None) };
}

/// Draws `layer`'s maps on `canvas` at the places of `grid`'s cells, in the
/// next frame.
fn paint_next_frame(canvas: HtmlCanvasElement, grid: Element, layer: Rc<MapLayer>) {
    let c = canvas.clone();
    draw_next_frame(&canvas, move || {
        let placed = measure(&c, &grid);
        Box::new(move || {
            if let Some(at) = placed {
                SCRATCH.with(|s| {
                    let mut s = s.borrow_mut();
                    if s.is_none() {
                        *s = web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.create_element("canvas").ok())
                            .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
                    }
                    if let Some(scratch) = s.as_ref() {
                        draw(&c, scratch, &layer, &at);
                    }
                });
            }
        })
    });
}

/// Where a layer's canvas and cells are, in CSS pixels from the canvas's
/// top-left corner, and the device pixel ratio.
struct Placed {
    width: f64,
    height: f64,
    cells: Vec<(f64, f64, f64, f64)>,
    dpr: f64,
}

/// Measures one layer (every read, no write).
fn measure(canvas: &HtmlCanvasElement, grid: &Element) -> Option<Placed> {
    if !canvas.is_connected() {
        return None;
    }
    let origin = canvas.get_bounding_client_rect();
    if origin.width() <= 0.0 || origin.height() <= 0.0 {
        return None;
    }
    let list = grid.query_selector_all(".fm-map").ok()?;
    let cells = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (
                r.left() - origin.left(),
                r.top() - origin.top(),
                r.width(),
                r.height(),
            )
        })
        .collect();
    Some(Placed {
        width: origin.width(),
        height: origin.height(),
        cells,
        dpr: device_pixel_ratio(),
    })
}

/// Uploads `layer`'s sheet to `scratch` and cuts each map from it onto
/// `canvas`, scaled to its cell with crisp units.
fn draw(canvas: &HtmlCanvasElement, scratch: &HtmlCanvasElement, layer: &MapLayer, at: &Placed) {
    let dpr = at.dpr;
    let (w, h, bytes) = layer.sheet();
    let n = layer.images.len();
    if w == 0 || h == 0 || n == 0 {
        return;
    }
    paint_rgba(scratch, w as u32, h as u32, &bytes);
    let (cw, ch) = (
        (at.width * dpr).round() as u32,
        (at.height * dpr).round() as u32,
    );
    if canvas.width() != cw || canvas.height() != ch {
        canvas.set_width(cw);
        canvas.set_height(ch);
    }
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    ctx.clear_rect(0.0, 0.0, cw as f64, ch as f64);
    ctx.set_image_smoothing_enabled(false);
    let tile = (h / n) as f64;
    for (c, &(left, top, width, height)) in at.cells.iter().enumerate().take(n) {
        let (x, y, bw, bh) = device_box(left, top, width, height, dpr);
        let f = dpr.round().max(1.0);
        ctx.set_fill_style_str(FRAME);
        ctx.fill_rect(x, y, bw, bh);
        let (ix, iy, iw, ih) = (
            x + f,
            y + f,
            (bw - 2.0 * f).max(0.0),
            (bh - 2.0 * f).max(0.0),
        );
        ctx.set_fill_style_str(UNDER);
        ctx.fill_rect(ix, iy, iw, ih);
        let _ = ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            scratch,
            0.0,
            c as f64 * tile,
            w as f64,
            tile,
            ix,
            iy,
            iw,
            ih,
        );
    }
}

/// The observer that redraws a layer when its grid changes size.
struct Watch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Keeps `canvas` showing `layer`'s maps at the places of `grid`'s cells:
/// drawn after every change of the maps, and whenever the grid's size does.
#[hook]
pub fn use_mosaic(grid: NodeRef, canvas: NodeRef, layer: Rc<MapLayer>) {
    // The newest maps, for the observer to redraw.
    let current = use_mut_ref(|| layer.clone());
    let watch = use_mut_ref(|| None::<Watch>);
    *current.borrow_mut() = layer.clone();
    {
        let (grid, canvas) = (grid.clone(), canvas.clone());
        use_effect_with(layer, move |layer| {
            if let (Some(c), Some(g)) = (canvas.cast::<HtmlCanvasElement>(), grid.cast::<Element>())
            {
                paint_next_frame(c, g, layer.clone());
            }
        });
    }
    use_effect_with((), move |_| {
        if let (Some(c), Some(g)) = (canvas.cast::<HtmlCanvasElement>(), grid.cast::<Element>()) {
            let target = g.clone();
            let callback =
                Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
                    paint_next_frame(c.clone(), g.clone(), current.borrow().clone());
                });
            if let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
                observer.observe(&target);
                *watch.borrow_mut() = Some(Watch {
                    observer,
                    _callback: callback,
                });
            }
        }
        move || drop(watch.borrow_mut().take())
    });
}
