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

/// The pixel value a byte of an images file gives: `b / 255`, in `0..=1`.
/// The one conversion: IDX files are read through it
/// (`formats::idx`), and the workers' messages send a loaded set's pixels
/// as bytes only when it gives each one bit for bit (`session::wire`).
#[inline]
pub fn pixel(b: u8) -> f32 {
    f32::from(b) / 255.0
}

/// The pixel values of `bytes` ([`pixel`]), one a byte.
pub fn bytes_to_pixels(bytes: &[u8]) -> Vec<f32> {
    let mut out = vec![0f32; bytes.len()];
    for (x, &b) in out.iter_mut().zip(bytes) {
        *x = pixel(b);
    }
    out
}

/// Writes into `out` the byte `b` of each value of `values` whose
/// [`pixel`]`(b)` is that value; false when one of them is not such a value
/// (then `out` holds some bytes that mean nothing). Whole sets go through
/// it on the page's main thread, so it lives with the core's other hot
/// loops.
///
/// Branch-free, with no rounding call, so it vectorises: for every pixel a
/// byte gives, `x * 255` is within a few ulps of that byte, so adding a half
/// and truncating gives it back (`tests/session_remote.rs` sends all 256);
/// any other value fails the check, NaN included (its byte's pixel is a
/// number).
pub fn pixels_to_bytes(values: &[f32], out: &mut [u8]) -> bool {
    assert_eq!(values.len(), out.len(), "one byte a value");
    let mut exact = true;
    for (&x, o) in values.iter().zip(out.iter_mut()) {
        let b = (x * 255.0 + 0.5).clamp(0.0, 255.0) as i32 as u8;
        exact &= pixel(b).to_bits() == x.to_bits();
        *o = b;
    }
    exact
}
