//! A small image drawn with crisp pixels, and the canvas helpers under it.
//!
//! Colours are computed by pure code (`crate::panels::heatmap`); this widget
//! only puts the resulting RGBA bytes on a canvas.

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
