//! Drawn digit to MNIST-style input, and the stroke rasterizer that draws it.
//!
//! MNIST digits were made by taking the bounding box of the ink, scaling it to
//! fit a 20x20 box (aspect ratio kept, anti-aliased) and placing it in a 28x28
//! frame so that its centre of mass sits at the frame's centre. A network
//! trained on MNIST has only ever seen digits placed that way, so a drawn digit
//! must go through the same steps before it is classified.
//!
//! Coordinates are continuous: pixel `(x, y)` covers `[x, x+1) x [y, y+1)`, so
//! its centre is `(x + 0.5, y + 0.5)` and the centre of a 28x28 frame is
//! `(14, 14)`. Pixels are `f32` in `0..=1`, 0 = background, 1 = ink, row-major.
//!
//! Resampling is area averaging (a box filter): each output pixel is the ink
//! that lands in it, which is exact anti-aliasing for any scale factor.

/// Side of the MNIST frame.
pub const SIDE: usize = 28;
/// Side of the box the ink is scaled to fit.
pub const FIT: f32 = 20.0;
/// A pad pixel counts as ink for the bounding box above this value.
pub const INK_THRESHOLD: f32 = 0.05;
/// Suggested pad side in pixels.
pub const PAD_SIDE: usize = 280;
/// Brush width on a 280-pixel pad: a digit drawn about 200 pixels tall then
/// scales by 1/10 to a stroke 2 to 3 pixels wide, like MNIST's pen.
pub const DEFAULT_BRUSH: f32 = 22.0;

/// A grayscale drawing surface, `w x h`, row-major, values in `0..=1`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pad {
    w: usize,
    h: usize,
    pixels: Vec<f32>,
}

/// One stroke: a polyline in pad coordinates drawn with a round brush.
#[derive(Clone, Debug, PartialEq)]
pub struct Stroke {
    pub points: Vec<(f32, f32)>,
    /// Brush diameter in pad pixels.
    pub width: f32,
}

/// The ink's bounding box in pad pixels, half-open: `x0..x1`, `y0..y1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BBox {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl BBox {
    pub fn width(&self) -> usize {
        self.x1 - self.x0
    }
    pub fn height(&self) -> usize {
        self.y1 - self.y0
    }
}

impl Pad {
    /// A blank pad. Sides of 0 are raised to 1 so the pad is never empty.
    pub fn new(w: usize, h: usize) -> Pad {
        let (w, h) = (w.max(1), h.max(1));
        Pad {
            w,
            h,
            pixels: vec![0.0; w * h],
        }
    }

    /// A pad from existing pixels (for example a canvas read back). Values are
    /// clamped to `0..=1`; NaN becomes 0.
    pub fn from_pixels(w: usize, h: usize, pixels: Vec<f32>) -> Result<Pad, String> {
        if w == 0 || h == 0 {
            return Err(format!("a pad must be at least 1x1, not {w}x{h}"));
        }
        if pixels.len() != w * h {
            return Err(format!(
                "a {w}x{h} pad needs {} pixels, got {}",
                w * h,
                pixels.len()
            ));
        }
        let pixels = pixels.into_iter().map(clamp01).collect();
        Ok(Pad { w, h, pixels })
    }

    /// A blank pad with `strokes` drawn on it.
    pub fn from_strokes(w: usize, h: usize, strokes: &[Stroke]) -> Pad {
        let mut pad = Pad::new(w, h);
        for s in strokes {
            pad.draw(s);
        }
        pad
    }

    pub fn width(&self) -> usize {
        self.w
    }
    pub fn height(&self) -> usize {
        self.h
    }
    pub fn pixels(&self) -> &[f32] {
        &self.pixels
    }
    pub fn clear(&mut self) {
        self.pixels.fill(0.0);
    }

    /// Draws one stroke with an anti-aliased round brush. A pixel's coverage
    /// falls from 1 to 0 across the one pixel at the brush edge; strokes
    /// combine by maximum, so overlaps do not darken. A single point draws a dot.
    pub fn draw(&mut self, stroke: &Stroke) {
        let r = (stroke.width.max(0.5)) / 2.0;
        let pts: Vec<(f32, f32)> = stroke
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        let Some(&first) = pts.first() else { return };
        let segments: Vec<((f32, f32), (f32, f32))> = if pts.len() == 1 {
            vec![(first, first)]
        } else {
            pts.windows(2).map(|p| (p[0], p[1])).collect()
        };
        for (a, b) in segments {
            self.draw_segment(a, b, r);
        }
    }

    fn draw_segment(&mut self, a: (f32, f32), b: (f32, f32), r: f32) {
        let reach = r + 1.0;
        let x_lo = (a.0.min(b.0) - reach).floor().max(0.0) as usize;
        let y_lo = (a.1.min(b.1) - reach).floor().max(0.0) as usize;
        let x_hi = ((a.0.max(b.0) + reach).ceil().max(0.0) as usize).min(self.w);
        let y_hi = ((a.1.max(b.1) + reach).ceil().max(0.0) as usize).min(self.h);
        for y in y_lo..y_hi {
            for x in x_lo..x_hi {
                let d = dist_to_segment((x as f32 + 0.5, y as f32 + 0.5), a, b);
                let cover = (r + 0.5 - d).clamp(0.0, 1.0);
                let px = &mut self.pixels[y * self.w + x];
                *px = px.max(cover);
            }
        }
    }

    /// Bounding box of the pixels above [`INK_THRESHOLD`]; `None` for an empty pad.
    pub fn ink_bbox(&self) -> Option<BBox> {
        let mut bb: Option<BBox> = None;
        for y in 0..self.h {
            for x in 0..self.w {
                if self.pixels[y * self.w + x] > INK_THRESHOLD {
                    let b = bb.get_or_insert(BBox {
                        x0: x,
                        y0: y,
                        x1: x + 1,
                        y1: y + 1,
                    });
                    b.x0 = b.x0.min(x);
                    b.x1 = b.x1.max(x + 1);
                    b.y0 = b.y0.min(y);
                    b.y1 = b.y1.max(y + 1);
                }
            }
        }
        bb
    }

    /// MNIST preprocessing: ink box scaled to fit 20x20 (aspect kept, area
    /// averaged), placed in 28x28 with its centre of mass at `(14, 14)`.
    /// Returns 784 values, or `None` when there is no ink ("draw a digit").
    ///
    /// A tiny dot is scaled up like any other ink (as MNIST's procedure would);
    /// ink that the recentring pushes past the frame edge is cut off.
    pub fn to_mnist(&self) -> Option<Vec<f32>> {
        let bb = self.ink_bbox()?;
        let scale = FIT / bb.width().max(bb.height()) as f32;
        let (cx, cy) = center_of_mass_in(self, bb)?;
        let half = SIDE as f32 / 2.0;
        // Pad coordinate u maps to frame coordinate scale * (u - c) + 14.
        let xs = axis_weights(bb.x0, bb.x1, scale, half - scale * cx);
        let ys = axis_weights(bb.y0, bb.y1, scale, half - scale * cy);
        Some(self.resample(&xs, &ys))
    }

    /// The "position matters" path: the whole pad area-averaged to 28x28,
    /// with no cropping, scaling to fit or recentring. `None` for an empty pad.
    pub fn to_mnist_no_recenter(&self) -> Option<Vec<f32>> {
        self.ink_bbox()?;
        let xs = axis_weights(0, self.w, SIDE as f32 / self.w as f32, 0.0);
        let ys = axis_weights(0, self.h, SIDE as f32 / self.h as f32, 0.0);
        Some(self.resample(&xs, &ys))
    }

    /// `out[ty][tx] = sum over (y, x) of ys[ty][y] * xs[tx][x] * pad[y][x]`, clamped.
    fn resample(&self, xs: &[Vec<(usize, f32)>], ys: &[Vec<(usize, f32)>]) -> Vec<f32> {
        let mut out = vec![0.0f32; SIDE * SIDE];
        for (ty, row_w) in ys.iter().enumerate() {
            for (tx, col_w) in xs.iter().enumerate() {
                let mut acc = 0.0f32;
                for &(y, wy) in row_w {
                    let row = &self.pixels[y * self.w..(y + 1) * self.w];
                    for &(x, wx) in col_w {
                        acc += wy * wx * row[x];
                    }
                }
                out[ty * SIDE + tx] = clamp01(acc);
            }
        }
        out
    }
}

/// Centre of mass of a `w x h` image, in continuous coordinates (pixel
/// centres at `+0.5`). `None` if the image has no mass or a wrong length.
pub fn center_of_mass(pixels: &[f32], w: usize, h: usize) -> Option<(f32, f32)> {
    if pixels.len() != w * h {
        return None;
    }
    let (mut m, mut sx, mut sy) = (0.0f64, 0.0f64, 0.0f64);
    for y in 0..h {
        for x in 0..w {
            let v = pixels[y * w + x].max(0.0) as f64;
            m += v;
            sx += v * (x as f64 + 0.5);
            sy += v * (y as f64 + 0.5);
        }
    }
    (m > 0.0).then(|| ((sx / m) as f32, (sy / m) as f32))
}

fn center_of_mass_in(pad: &Pad, bb: BBox) -> Option<(f32, f32)> {
    let (bw, bh) = (bb.width(), bb.height());
    let crop: Vec<f32> = (bb.y0..bb.y1)
        .flat_map(|y| {
            pad.pixels[y * pad.w + bb.x0..y * pad.w + bb.x1]
                .iter()
                .copied()
        })
        .collect();
    let (cx, cy) = center_of_mass(&crop, bw, bh)?;
    Some((cx + bb.x0 as f32, cy + bb.y0 as f32))
}

/// For each of the 28 frame pixels along one axis, the pad pixels in `lo..hi`
/// that land in it and by how much: pad pixel `u` covers the frame interval
/// `[scale*u + off, scale*(u+1) + off)`, and its weight is the overlap length.
fn axis_weights(lo: usize, hi: usize, scale: f32, off: f32) -> Vec<Vec<(usize, f32)>> {
    let mut out = vec![Vec::new(); SIDE];
    for u in lo..hi {
        let a = scale * u as f32 + off;
        let b = a + scale;
        let t_lo = a.floor().max(0.0) as usize;
        let t_hi = (b.ceil().max(0.0) as usize).min(SIDE);
        for (t, cell) in out.iter_mut().enumerate().take(t_hi).skip(t_lo) {
            let overlap = b.min(t as f32 + 1.0) - a.max(t as f32);
            if overlap > 0.0 {
                cell.push((u, overlap));
            }
        }
    }
    out
}

fn dist_to_segment(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    (qx * qx + qy * qy).sqrt()
}

fn clamp01(v: f32) -> f32 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0)
    }
}
