//! Small shared view pieces: a pixel canvas and a labelled number input.
//!
//! Colours are computed by pure code (`crate::panels::heatmap`); these widgets only
//! put the resulting RGBA bytes on a canvas.

pub mod legend;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

/// The 2-D context of a canvas.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// Puts `w x h` RGBA pixels on the canvas, resizing its bitmap to fit.
pub fn paint_rgba(canvas: &HtmlCanvasElement, w: u32, h: u32, rgba: &[u8]) {
    if rgba.len() != (w * h * 4) as usize || w == 0 || h == 0 {
        return;
    }
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    if let (Some(ctx), Ok(img)) = (
        context_2d(canvas),
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h),
    ) {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

#[derive(Properties, PartialEq)]
pub struct PixelsProps {
    /// RGBA bytes, `w * h * 4` of them.
    pub rgba: std::rc::Rc<Vec<u8>>,
    pub w: u32,
    pub h: u32,
    /// Displayed width in CSS pixels (height follows the aspect ratio).
    pub display: u32,
    /// Text alternative for screen readers.
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A small image drawn with crisp, unsmoothed pixels.
#[component]
pub fn Pixels(props: &PixelsProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let (rgba, w, h) = (props.rgba.clone(), props.w, props.h);
        use_effect_with((rgba, w, h), move |(rgba, w, h)| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                paint_rgba(&c, *w, *h, rgba);
            }
        });
    }
    let height = (props.display as u64 * props.h as u64 / props.w.max(1) as u64) as u32;
    html! {
        <canvas ref={node} class={classes!("pixels", props.class.clone())} role="img"
            aria-label={props.label.clone()} data-testid={props.testid.clone()}
            style={format!("width:{}px;height:{}px;image-rendering:pixelated", props.display, height)} />
    }
}

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub label: AttrValue,
    pub value: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    #[prop_or_default]
    pub step: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Called with the raw text on every edit; parsing and checking is the caller's.
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub invalid: bool,
}

/// A labelled number input.
#[component]
pub fn NumberField(p: &NumberFieldProps) -> Html {
    let id = use_memo((), |_| format!("nf-{}", next_id()));
    let oninput = {
        let cb = p.onchange.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                cb.emit(i.value());
            }
        })
    };
    html! {
        <div class="field">
            <label for={(*id).clone()}>{ p.label.clone() }</label>
            <input id={(*id).clone()} type="number" inputmode="decimal" value={p.value.clone()}
                min={p.min.map(|v| v.to_string())} max={p.max.map(|v| v.to_string())}
                step={p.step.clone()} data-testid={p.testid.clone()} {oninput}
                aria-invalid={p.invalid.to_string()} />
        </div>
    }
}

/// A page-unique number for element ids.
pub fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

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
