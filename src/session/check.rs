//! The one gate every architecture passes before the page uses it.
//!
//! Links, the architecture editor, uploaded and remembered weights files and
//! batch-size changes all come through [`fits`]: the spec must validate, stay
//! inside the core's budget at the batch it will train with
//! (`core::budget`), and fit the data it trains on: the images' shape, and
//! an output for every class (MNIST's 28x28 digits and ten classes before
//! the data has loaded). A spec that fails gets a
//! sentence naming what is wrong; nothing is built.

use crate::core::budget::{self, Cost};
use crate::core::spec::MNIST_INPUT;
use crate::core::{Dataset, ModelSpec, Shape};

/// What the data asks of a network: its image shape and how many classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataShape {
    pub shape: Shape,
    pub classes: usize,
}

impl DataShape {
    /// The page's data before it has loaded: MNIST digits, ten classes.
    pub const MNIST: DataShape = DataShape {
        shape: MNIST_INPUT,
        classes: 10,
    };

    /// The shape of loaded data: its images, and labels `0..=max`.
    pub fn of(data: &Dataset) -> DataShape {
        DataShape {
            shape: data.shape,
            classes: data.labels.iter().max().map_or(0, |&m| m as usize + 1),
        }
    }
}

/// Why `spec` cannot train on `data` at `batch`, or what it costs.
pub fn fits(spec: &ModelSpec, batch: usize, data: DataShape) -> Result<Cost, String> {
    let cost = budget::check(spec, batch).map_err(|e| e.to_string())?;
    let (want, have) = (data.shape, spec.input);
    if have != want {
        return Err(format!(
            "the network reads {}x{}x{} images, but the data are {}x{}x{} (height x width x channels)",
            have.h, have.w, have.c, want.h, want.w, want.c
        ));
    }
    let classes = spec.classes().map_err(|e| e.to_string())?;
    if classes < data.classes {
        return Err(format!(
            "the network's last layer gives {classes} outputs, but the data have {} classes (make the last layer d{})",
            data.classes, data.classes
        ));
    }
    Ok(cost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_fits_and_a_five_class_head_does_not() {
        let m = DataShape::MNIST;
        assert!(fits(&ModelSpec::default_cnn(), 32, m).is_ok());
        let five: ModelSpec = "28x28x1|c8k3s1p1|relu|pool2s2|flatten|d5".parse().unwrap();
        let e = fits(&five, 32, m).unwrap_err();
        assert!(e.contains("5 outputs") && e.contains("10 classes"), "{e}");
        let rgb: ModelSpec = "32x32x3|c8k3s1p1|relu|pool2s2|flatten|d10".parse().unwrap();
        let e = fits(&rgb, 32, m).unwrap_err();
        assert!(e.contains("32x32x3") && e.contains("28x28x1"), "{e}");
    }
}
