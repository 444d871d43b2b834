//! The scene: a crisp, scaled-up canvas with draggable cats on top.
//!
//! Each cat is a focusable handle positioned over the canvas (in percent of
//! the scene, so it scales with the canvas). Pointer events cover mouse, pen
//! and touch alike; the handle captures the pointer while dragging, and has
//! `touch-action: none` so a finger drags the cat instead of the page. Arrow
//! keys move the focused cat by one pixel (eight with Shift).

use crate::panels::cat::view::{arrow_step, drag_target, to_scene};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::paint_rgba;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{Element, HtmlCanvasElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SceneProps {
    /// Scene pixels, `w * h` values in `0..=1`.
    pub pixels: Rc<Vec<f32>>,
    pub w: usize,
    pub h: usize,
    /// Cat size in scene pixels.
    pub cat_w: usize,
    pub cat_h: usize,
    /// Top-left corners of the cats.
    pub cats: Vec<(usize, usize)>,
    pub selected: usize,
    /// Strongest conv response (scene pixels) and the detector that gave it.
    pub hotspot: (usize, usize),
    pub hot_name: AttrValue,
    /// `(cat, x, y)`: move a cat (the panel clamps).
    pub onmove: Callback<(usize, i64, i64)>,
    pub onselect: Callback<usize>,
}

/// What a drag in progress remembers: the cat and where in it the pointer is.
#[derive(Clone, Copy)]
struct Grab {
    cat: usize,
    offset: (f64, f64),
}

#[component]
pub fn SceneView(p: &SceneProps) -> Html {
    let canvas = use_node_ref();
    let frame = use_node_ref();
    let grab = use_mut_ref(|| None::<Grab>);
    {
        let canvas = canvas.clone();
        use_effect_with((p.pixels.clone(), p.w, p.h), move |(px, w, h)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let rgba = to_rgba(px, Scale::Gray, Range { lo: 0.0, hi: 1.0 });
                paint_rgba(&c, *w as u32, *h as u32, &rgba);
            }
        });
    }
    let (w, h) = (p.w as f64, p.h as f64);
    let pct = |v: f64, of: f64| format!("{:.4}%", 100.0 * v / of);
    // Pointer position in scene pixels, from the frame's box on the page.
    let scene_point = {
        let frame = frame.clone();
        let size = (p.w, p.h);
        move |e: &PointerEvent| -> Option<(f64, f64)> {
            let r = frame.cast::<Element>()?.get_bounding_client_rect();
            Some(to_scene(
                (e.client_x() as f64, e.client_y() as f64),
                (r.left(), r.top(), r.width(), r.height()),
                size,
            ))
        }
    };
    let handles = p.cats.iter().enumerate().map(|(i, &(cx, cy))| {
        let onpointerdown = {
            let (grab, sp, onselect) = (grab.clone(), scene_point.clone(), p.onselect.clone());
            Callback::from(move |e: PointerEvent| {
                let Some(pt) = sp(&e) else { return };
                e.prevent_default();
                if let Some(t) = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok()) {
                    let _ = t.set_pointer_capture(e.pointer_id());
                    if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t) {
                        let _ = el.focus();
                    }
                }
                *grab.borrow_mut() = Some(Grab { cat: i, offset: (pt.0 - cx as f64, pt.1 - cy as f64) });
                onselect.emit(i);
            })
        };
        let onpointermove = {
            let (grab, sp, onmove) = (grab.clone(), scene_point.clone(), p.onmove.clone());
            Callback::from(move |e: PointerEvent| {
                let Some(g) = *grab.borrow() else { return };
                if let Some(pt) = sp(&e) {
                    let (x, y) = drag_target(pt, g.offset);
                    onmove.emit((g.cat, x, y));
                }
            })
        };
        let end = {
            let grab: Rc<RefCell<Option<Grab>>> = grab.clone();
            Callback::from(move |_: PointerEvent| *grab.borrow_mut() = None)
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
        let style = format!(
            "left:{};top:{};width:{};height:{}",
            pct(cx as f64, w), pct(cy as f64, h), pct(p.cat_w as f64, w), pct(p.cat_h as f64, h)
        );
        let label = format!("Cat {} at x {cx}, y {cy}. Drag it, or use the arrow keys (Shift for 8 pixels).", i + 1);
        html! {
            <div class={classes!("cat-handle", (i == p.selected).then_some("selected"))}
                data-testid="cat" data-index={i.to_string()} data-x={cx.to_string()} data-y={cy.to_string()}
                role="button" tabindex="0" aria-label={label} style={style}
                {onpointerdown} {onpointermove} onpointerup={end.clone()} onpointercancel={end}
                {onkeydown}>
                <span class="cat-tag" aria-hidden="true">{ i + 1 }</span>
            </div>
        }
    });
    let (hx, hy) = p.hotspot;
    let hot_style = format!(
        "left:{};top:{}",
        pct(hx as f64 + 0.5, w),
        pct(hy as f64 + 0.5, h)
    );
    let scene_label =
        format!(
        "The scene, {} by {} pixels, with {} cat{}. Strongest part response: {} at x {hx}, y {hy}.",
        p.w, p.h, p.cats.len(), if p.cats.len() == 1 { "" } else { "s" }, p.hot_name
    );
    html! {
        <div class="cat-frame" ref={frame}>
            <canvas ref={canvas} class="cat-scene" data-testid="cat-scene" role="img" aria-label={scene_label} />
            { for handles }
            <div class="cat-hotspot" data-testid="cat-hotspot" data-x={hx.to_string()} data-y={hy.to_string()}
                data-part={p.hot_name.clone()} style={hot_style} aria-hidden="true">
                <span>{ p.hot_name.clone() }</span>
            </div>
        </div>
    }
}
