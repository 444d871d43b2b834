//! Receptive fields for the panels: table rows and outline geometry.
//!
//! The numbers come from [`crate::core::receptive`]; this module only words them
//! and places the outline over a drawn input.

use crate::core::receptive::{LayerField, Region};

/// One row of the receptive-field table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RfRow {
    pub name: String,
    /// `8 @ 14x14`.
    pub shape: String,
    /// `6x6 px`, or `whole image`.
    pub size: String,
    /// Input pixels between neighbouring units: `2 px`, or `—` for global layers.
    pub step: String,
}

/// One table row per layer. A reshaping layer (flatten) keeps the field of
/// the map it flattens: each of its values is one unit of that map. Only a
/// dense layer or a global pool (and what follows) sees the whole image.
pub fn rows(table: &[LayerField]) -> Vec<RfRow> {
    table
        .iter()
        .skip(1)
        .map(|f| RfRow {
            name: f.name.clone(),
            shape: super::maps::shape_label(f.output),
            size: if f.global {
                "whole image".into()
            } else if f.reshaped {
                format!("{0}x{0} px each", f.size)
            } else {
                format!("{0}x{0} px", f.size)
            },
            step: if f.global || f.reshaped {
                "—".into()
            } else {
                format!("{} px", f.jump)
            },
        })
        .collect()
}

/// The outline of `r` over an `h x w` input, as CSS percentages
/// `(top, left, height, width)`.
pub fn outline(r: Region, h: usize, w: usize) -> (f64, f64, f64, f64) {
    let (h, w) = (h.max(1) as f64, w.max(1) as f64);
    (
        r.y0 as f64 / h * 100.0,
        r.x0 as f64 / w * 100.0,
        r.height() as f64 / h * 100.0,
        r.width() as f64 / w * 100.0,
    )
}

/// A sentence about what a unit sees.
pub fn describe(name: &str, full: Region, seen: Region, global: bool) -> String {
    if global {
        return format!("Every unit of {name} depends on the whole input image.");
    }
    let inside = if full == seen {
        String::new()
    } else {
        format!(
            "; {}x{} of them are inside the image, the rest is zero padding",
            seen.height(),
            seen.width()
        )
    };
    format!(
        "This {name} unit sees a {}x{} pixel patch: rows {} to {}, columns {} to {}{inside}.",
        full.height(),
        full.width(),
        seen.y0,
        seen.y1 - 1,
        seen.x0,
        seen.x1 - 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::receptive::{table, unit_field};
    use crate::core::ModelSpec;

    #[test]
    fn default_net_table_by_hand() {
        // 3x3 convs add 2 px per unit step; 2x2 pools double the step.
        let r = rows(&table(&ModelSpec::default_cnn()).unwrap());
        let sizes: Vec<(&str, &str, &str)> = r
            .iter()
            .map(|r| (r.name.as_str(), r.size.as_str(), r.step.as_str()))
            .collect();
        assert_eq!(
            sizes,
            [
                ("conv1", "3x3 px", "1 px"),
                ("relu1", "3x3 px", "1 px"),
                ("conv2", "5x5 px", "1 px"),
                ("relu2", "5x5 px", "1 px"),
                ("pool1", "6x6 px", "2 px"),
                ("conv3", "10x10 px", "2 px"),
                ("relu3", "10x10 px", "2 px"),
                ("conv4", "14x14 px", "2 px"),
                ("relu4", "14x14 px", "2 px"),
                ("pool2", "16x16 px", "4 px"),
                ("flatten", "16x16 px each", "—"),
                ("dense1", "whole image", "—"),
            ]
        );
        assert_eq!(r[9].shape, "32 @ 7x7");
    }

    #[test]
    fn pool2_unit_outline_by_hand() {
        // pool2 unit (3, 3): start -6 + 3*4 = 6, 16 wide: rows/cols 6..22.
        let f = unit_field(&ModelSpec::default_cnn(), 9, 3, 3).unwrap();
        assert_eq!(
            f.clipped,
            Region {
                y0: 6,
                x0: 6,
                y1: 22,
                x1: 22
            }
        );
        let (t, l, h, w) = outline(f.clipped, 28, 28);
        assert!((t - 600.0 / 28.0).abs() < 1e-9 && (l - t).abs() < 1e-9);
        assert!((h - 1600.0 / 28.0).abs() < 1e-9 && (w - h).abs() < 1e-9);
        // Corner unit (0, 0): the field starts 6 px into the padding.
        let c = unit_field(&ModelSpec::default_cnn(), 9, 0, 0).unwrap();
        assert_eq!(
            c.unclipped,
            Region {
                y0: -6,
                x0: -6,
                y1: 10,
                x1: 10
            }
        );
        assert_eq!(
            c.clipped,
            Region {
                y0: 0,
                x0: 0,
                y1: 10,
                x1: 10
            }
        );
        assert_eq!(
            describe("pool2", c.unclipped, c.clipped, false),
            "This pool2 unit sees a 16x16 pixel patch: rows 0 to 9, columns 0 to 9; \
             10x10 of them are inside the image, the rest is zero padding."
        );
    }
}
