//! The digit pad's state, without a browser: strokes kept as polylines,
//! undo and clear, pointer-to-pad coordinates and the pad's colours here; the
//! keyboard pen in `keyboard.rs`; the throttle for live prediction and what a
//! probability vector says in `live.rs`.
//!
//! The pad's pixels are always those of [`crate::panels::draw::preprocess::Pad`]'s
//! rasterizer: the canvas on the page only shows them. While a stroke is
//! being drawn, only its newest segment is rasterized onto a cached pad, so
//! a long stroke costs the same per pointer move as a short one; undo
//! rebuilds the pad from the remaining polylines.

mod keyboard;
mod live;

pub use keyboard::{key_action, KeyAction, KeyPen, KEY_STEP};
pub use live::{Reading, Throttle, PREDICT_EVERY_MS};

use crate::panels::draw::preprocess::{Pad, Stroke, DEFAULT_BRUSH, PAD_SIDE};

/// Points closer than this (pad pixels) to the previous one are skipped:
/// they add nothing to a 22-pixel brush and would only grow the polyline.
pub const MIN_STEP: f32 = 1.5;

/// Strokes on a square pad, and the pad they rasterize to.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    side: usize,
    brush: f32,
    strokes: Vec<Stroke>,
    /// True while the last stroke is still being drawn.
    open: bool,
    pad: Pad,
    /// Counts changes to the pad, so a view repaints only when it changed.
    revision: u64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch::new(PAD_SIDE, DEFAULT_BRUSH)
    }
}

impl Sketch {
    /// An empty sketch on a `side x side` pad drawn with a `brush`-wide pen.
    pub fn new(side: usize, brush: f32) -> Sketch {
        Sketch {
            side: side.max(1),
            brush,
            strokes: Vec::new(),
            open: false,
            pad: Pad::new(side, side),
            revision: 0,
        }
    }

    pub fn side(&self) -> usize {
        self.side
    }
    pub fn strokes(&self) -> &[Stroke] {
        &self.strokes
    }
    pub fn pad(&self) -> &Pad {
        &self.pad
    }
    /// A number that changes whenever the pad does (never reused).
    pub fn revision(&self) -> u64 {
        self.revision
    }
    /// True when nothing has been drawn.
    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }
    /// True while a stroke is being drawn.
    pub fn drawing(&self) -> bool {
        self.open
    }

    /// Starts a stroke at `(x, y)` (pad pixels) and draws its first dot.
    /// A stroke still open is ended first. Non-finite points are ignored.
    pub fn begin(&mut self, x: f32, y: f32) {
        if !(x.is_finite() && y.is_finite()) {
            return;
        }
        self.end();
        let stroke = Stroke {
            points: vec![(x, y)],
            width: self.brush,
        };
        self.pad.draw(&stroke);
        self.strokes.push(stroke);
        self.open = true;
        self.revision += 1;
    }

    /// Extends the open stroke to `(x, y)`. Returns true when the pad changed
    /// (false without an open stroke, or for a point too close to the last).
    pub fn extend(&mut self, x: f32, y: f32) -> bool {
        if !self.open || !x.is_finite() || !y.is_finite() {
            return false;
        }
        let Some(stroke) = self.strokes.last_mut() else {
            return false;
        };
        let last = *stroke.points.last().expect("a stroke starts with a point");
        if (x - last.0).hypot(y - last.1) < MIN_STEP {
            return false;
        }
        stroke.points.push((x, y));
        let segment = Stroke {
            points: vec![last, (x, y)],
            width: stroke.width,
        };
        self.pad.draw(&segment);
        self.revision += 1;
        true
    }

    /// Ends the open stroke, if any.
    pub fn end(&mut self) {
        self.open = false;
    }

    /// Removes the last stroke. Returns false when there was none.
    pub fn undo(&mut self) -> bool {
        self.open = false;
        if self.strokes.pop().is_none() {
            return false;
        }
        self.pad = Pad::from_strokes(self.side, self.side, &self.strokes);
        self.revision += 1;
        true
    }

    pub fn clear(&mut self) {
        self.strokes.clear();
        self.open = false;
        self.pad.clear();
        self.revision += 1;
    }

    /// The network's 28x28 input: MNIST preprocessing when `recenter`, else
    /// the raw pad area-averaged down. `None` for an empty pad.
    pub fn input(&self, recenter: bool) -> Option<Vec<f32>> {
        if recenter {
            self.pad.to_mnist()
        } else {
            self.pad.to_mnist_no_recenter()
        }
    }
}

/// A pointer position in CSS pixels to pad pixels, for a pad shown in the
/// rectangle `(left, top, width, height)` (the canvas may be scaled by CSS).
/// Points outside are clamped to the edge, so a stroke leaving the pad runs
/// along its border instead of jumping.
pub fn to_pad(client: (f64, f64), rect: (f64, f64, f64, f64), side: usize) -> (f32, f32) {
    let (left, top, w, h) = rect;
    let s = side as f64;
    let fx = if w > 0.0 { (client.0 - left) / w } else { 0.5 };
    let fy = if h > 0.0 { (client.1 - top) / h } else { 0.5 };
    ((fx * s).clamp(0.0, s) as f32, (fy * s).clamp(0.0, s) as f32)
}

/// Paper colour of the pad (a warm white) and its ink (near black).
pub const PAPER: [u8; 3] = [0xfd, 0xfc, 0xf8];
pub const INK: [u8; 3] = [0x11, 0x18, 0x27];

/// The pad as RGBA for the canvas: ink blended over paper by coverage, so
/// what a person sees is exactly the pixels the preprocessing reads.
pub fn pad_rgba(pad: &Pad) -> Vec<u8> {
    let mut out = Vec::with_capacity(pad.pixels().len() * 4);
    for &v in pad.pixels() {
        let t = v.clamp(0.0, 1.0);
        for c in 0..3 {
            out.push((PAPER[c] as f32 + (INK[c] as f32 - PAPER[c] as f32) * t).round() as u8);
        }
        out.push(255);
    }
    out
}
