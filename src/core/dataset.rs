//! Datasets: labelled images held in memory (read from IDX files by the
//! IDX reader of the formats layer).

use super::spec::Shape;

/// A labelled image set held in memory. Pixels are `f32` in `0..=1`,
/// image after image, each `shape.len()` values (NCHW with N outermost).
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub shape: Shape,
    pub images: Vec<f32>,
    pub labels: Vec<u8>,
}

impl Dataset {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// Pixels of image `i`.
    pub fn image(&self, i: usize) -> &[f32] {
        let n = self.shape.len();
        &self.images[i * n..(i + 1) * n]
    }
    /// A new dataset made of the images at `indices`, in that order.
    pub fn subset(&self, indices: &[usize]) -> Dataset {
        let n = self.shape.len();
        let mut images = Vec::with_capacity(indices.len() * n);
        for &i in indices {
            images.extend_from_slice(self.image(i));
        }
        Dataset {
            shape: self.shape,
            images,
            labels: indices.iter().map(|&i| self.labels[i]).collect(),
        }
    }
}
