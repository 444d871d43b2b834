//! Receptive fields: which input pixels a unit in any layer can see.
//!
//! Kernels and strides are square, so one set of numbers serves both axes.
//! For the output of each layer we track, in input pixels:
//! - `jump`: how far apart neighbouring units' fields are;
//! - `size`: how wide one unit's field is;
//! - `start`: the first (top-left) input pixel that unit 0 sees. It can be
//!   negative: padding makes the field reach past the image edge.
//!
//! Top-left convention. A layer with kernel `k`, stride `s` and padding `p`
//! gives output unit `j` the input-map units `j*s - p ..= j*s - p + k - 1`;
//! each of those sees `[start_in + u*jump_in, .. + size_in)`. The union is
//!
//! ```text
//! jump_out  = jump_in * s
//! size_out  = size_in + (k - 1) * jump_in
//! start_out = start_in - p * jump_in
//! ```
//!
//! (The often-quoted centre form, `centre_out = centre_in + ((k-1)/2 - p) * jump_in`,
//! is the same thing measured from the middle of the field.)
//! ReLU keeps the field, and so does flatten: it only reshapes, so each of
//! its values is one unit of the map before it, with that unit's field.
//! Dense layers and global pools see the whole input, and so does every
//! layer after them.

use crate::core::{LayerInfo, LayerSpec, ModelSpec, Shape, SpecError};

/// Receptive-field numbers for the output of one layer (or of the input itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerField {
    /// Layer name (`conv1`, `pool2`, ...), or `input` for the first row.
    pub name: String,
    pub output: Shape,
    /// Field side in input pixels (padding included). For a global layer, the
    /// larger input side.
    pub size: usize,
    /// Distance in input pixels between neighbouring units' fields.
    pub jump: usize,
    /// First input pixel seen by unit 0 (negative inside padding).
    pub start: i64,
    /// True when every unit sees the whole input (dense, global pool, and after).
    pub global: bool,
    /// True for a reshaping layer (flatten): its values are the units of the
    /// map before it, in order, and keep their fields; `size`, `jump` and
    /// `start` are that map's.
    pub reshaped: bool,
    /// This layer's window: kernel, stride, padding (`1, 1, 0` for ReLU and
    /// the input row; `0, 0, 0` for global layers).
    pub window: (usize, usize, usize),
}

/// A rectangle of input pixels, half-open: rows `y0..y1`, columns `x0..x1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub y0: i64,
    pub x0: i64,
    pub y1: i64,
    pub x1: i64,
}

impl Region {
    pub fn height(&self) -> i64 {
        self.y1 - self.y0
    }
    pub fn width(&self) -> i64 {
        self.x1 - self.x0
    }
}

/// What one unit sees: its full field, and the part inside the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitField {
    /// The field as the recurrence gives it (may reach into padding).
    pub unclipped: Region,
    /// The input pixels that actually reach the unit: what to outline. This is
    /// the field cut to the image, and a little less when a strided layer's
    /// rounding-down drops the last pixels of a map before they reach it.
    pub clipped: Region,
}

/// One row per layer output, preceded by a row for the input itself
/// (`size` 1, `jump` 1, `start` 0). Fails if the spec does not validate.
pub fn table(spec: &ModelSpec) -> Result<Vec<LayerField>, SpecError> {
    Ok(table_from_info(spec.input, &spec.validate()?))
}

/// As [`table`], from already validated layer info (for example `Model::info()`).
pub fn table_from_info(input: Shape, info: &[LayerInfo]) -> Vec<LayerField> {
    let whole = input.h.max(input.w);
    let mut rows = vec![LayerField {
        name: "input".into(),
        output: input,
        size: 1,
        jump: 1,
        start: 0,
        global: false,
        reshaped: false,
        window: (1, 1, 0),
    }];
    let (mut size, mut jump, mut start, mut global) = (1usize, 1usize, 0i64, false);
    for l in info {
        let window = match l.spec {
            LayerSpec::Conv {
                kernel,
                stride,
                padding,
                ..
            } => Some((kernel, stride, padding)),
            LayerSpec::MaxPool { size, stride } | LayerSpec::AvgPool { size, stride } => {
                Some((size, stride, 0))
            }
            LayerSpec::Relu | LayerSpec::Flatten => None,
            LayerSpec::Dense { .. } | LayerSpec::GlobalMaxPool | LayerSpec::GlobalAvgPool => {
                global = true;
                None
            }
        };
        let win = if global {
            (0, 0, 0)
        } else {
            window.unwrap_or((1, 1, 0))
        };
        if let (Some((k, s, p)), false) = (window, global) {
            size += (k - 1) * jump;
            start -= (p * jump) as i64;
            jump *= s;
        }
        rows.push(if global {
            LayerField {
                name: l.name.clone(),
                output: l.output,
                size: whole,
                jump: 0,
                start: 0,
                global: true,
                reshaped: false,
                window: win,
            }
        } else {
            LayerField {
                name: l.name.clone(),
                output: l.output,
                size,
                jump,
                start,
                global: false,
                reshaped: matches!(l.spec, LayerSpec::Flatten),
                window: win,
            }
        });
    }
    rows
}

/// The input region seen by unit `(y, x)` of the output of layer `layer`
/// (spec index). For a global layer, the whole input. Refuses a layer or a
/// position outside the map with a message.
pub fn unit_field(spec: &ModelSpec, layer: usize, y: usize, x: usize) -> Result<UnitField, String> {
    let rows = table(spec).map_err(|e| e.to_string())?;
    field_in_table(&rows, spec.input, layer, y, x)
}

/// As [`unit_field`], from a table made by [`table`] or [`table_from_info`].
pub fn field_in_table(
    rows: &[LayerField],
    input: Shape,
    layer: usize,
    y: usize,
    x: usize,
) -> Result<UnitField, String> {
    let Some(row) = rows.get(layer + 1) else {
        return Err(format!(
            "layer {layer} does not exist (the network has {} layers)",
            rows.len().saturating_sub(1)
        ));
    };
    let out = row.output;
    if y >= out.h || x >= out.w {
        return Err(format!(
            "unit ({y}, {x}) is outside {}'s {}x{} map",
            row.name, out.h, out.w
        ));
    }
    let (h, w) = (input.h as i64, input.w as i64);
    if row.global {
        let all = Region {
            y0: 0,
            x0: 0,
            y1: h,
            x1: w,
        };
        return Ok(UnitField {
            unclipped: all,
            clipped: all,
        });
    }
    let (jump, size) = (row.jump as i64, row.size as i64);
    let y0 = row.start + y as i64 * jump;
    let x0 = row.start + x as i64 * jump;
    let unclipped = Region {
        y0,
        x0,
        y1: y0 + size,
        x1: x0 + size,
    };
    let (cy0, cy1) = reach(rows, layer + 1, y, |s| s.h);
    let (cx0, cx1) = reach(rows, layer + 1, x, |s| s.w);
    let clipped = Region {
        y0: cy0,
        x0: cx0,
        y1: cy1,
        x1: cx1,
    };
    Ok(UnitField { unclipped, clipped })
}

/// What value `index` of a reshaping layer's output (spec index `layer`)
/// sees: the field of the unit it came from, `(c, y, x)` of the map before,
/// in NCHW order. Refuses a layer that does not reshape, or an index past
/// the end, with a message.
pub fn flat_field(
    rows: &[LayerField],
    input: Shape,
    layer: usize,
    index: usize,
) -> Result<UnitField, String> {
    let row = rows
        .get(layer + 1)
        .ok_or_else(|| format!("layer {layer} does not exist"))?;
    if !row.reshaped {
        return Err(format!("{} does not reshape its input", row.name));
    }
    let before = rows[layer].output;
    let plane = before.h * before.w;
    if index >= before.c * plane {
        return Err(format!(
            "value {index} is outside {}'s {} values",
            row.name,
            before.c * plane
        ));
    }
    let (y, x) = ((index % plane) / before.w, index % before.w);
    if layer == 0 {
        let (y, x) = (y as i64, x as i64);
        let px = Region {
            y0: y,
            x0: x,
            y1: y + 1,
            x1: x + 1,
        };
        return Ok(UnitField {
            unclipped: px,
            clipped: px,
        });
    }
    field_in_table(rows, input, layer - 1, y, x)
}

/// Walks unit `j` of row `row` back to the input along one axis, keeping only
/// units that exist in each map (padding and dropped edges fall away).
/// Returns the half-open pixel range. `side` picks the axis from a shape.
fn reach(rows: &[LayerField], row: usize, j: usize, side: impl Fn(&Shape) -> usize) -> (i64, i64) {
    let (mut lo, mut hi) = (j as i64, j as i64);
    for r in (1..=row).rev() {
        let (k, s, p) = rows[r].window;
        let n_in = side(&rows[r - 1].output) as i64;
        let (k, s, p) = (k as i64, s as i64, p as i64);
        lo = (lo * s - p).max(0);
        hi = (hi * s - p + k - 1).min(n_in - 1);
    }
    (lo, hi + 1)
}
