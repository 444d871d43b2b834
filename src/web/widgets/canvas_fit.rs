//! Canvas bitmaps sized to their box, the device pixel ratio and the page's
//! type size (large in presenting mode).

use web_sys::HtmlCanvasElement;

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
