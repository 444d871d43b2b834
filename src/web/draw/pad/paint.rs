//! Painting the pad: the sketch (or an enlarged test digit), plus the
//! keyboard pen's cursor.

use crate::panels::draw::sketch::{pad_rgba, KeyPen, Sketch};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::{context_2d, paint_rgba};
use web_sys::HtmlCanvasElement;

/// Paints the sketch (or an enlarged test digit), plus the keyboard pen's
/// cursor when the pad has focus.
pub fn repaint(
    canvas: &HtmlCanvasElement,
    sketch: &Sketch,
    test: Option<&[f32]>,
    pen: Option<&KeyPen>,
) {
    let side = sketch.side() as u32;
    match test {
        Some(px) if px.len() == 784 => {
            let big = enlarge(px, 28, sketch.side());
            let rgba = to_rgba(&big, Scale::Gray, Range { lo: 0.0, hi: 1.0 });
            paint_rgba(canvas, side, side, &rgba);
        }
        _ => paint_rgba(canvas, side, side, &pad_rgba(sketch.pad())),
    }
    if let (Some(pen), Some(ctx)) = (pen, context_2d(canvas)) {
        ctx.begin_path();
        let _ = ctx.arc(pen.x as f64, pen.y as f64, 9.0, 0.0, std::f64::consts::TAU);
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str(if pen.down { "#b3261e" } else { "#0b57d0" });
        ctx.stroke();
    }
}

/// Nearest-neighbour enlargement of an `n x n` image to `side x side`.
fn enlarge(px: &[f32], n: usize, side: usize) -> Vec<f32> {
    (0..side * side)
        .map(|i| px[(i / side) * n / side * n + (i % side) * n / side])
        .collect()
}
