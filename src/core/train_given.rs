//! Training on batches the caller provides (the JavaScript API's
//! `trainBatch`), rather than on the trainer's own epoch order.

use super::train::{StepOutcome, Trainer, AFTER_UPDATE_IMAGES};
use crate::core::MAX_BATCH;

impl Trainer {
    /// One optimizer step on exactly these images (`labels.len()` of them,
    /// `input_len()` values each), with the same divergence guard as
    /// [`Trainer::step`]. Counts the images as seen; the epoch order and
    /// position are untouched. Refuses sizes that disagree, labels the
    /// network has no class for, batches above [`MAX_BATCH`] and batches
    /// over the budget (`core::budget`).
    pub fn train_on(&mut self, images: &[f32], labels: &[u8]) -> Result<StepOutcome, String> {
        let (n, len) = (labels.len(), self.model.input_len());
        if n == 0 || n > MAX_BATCH {
            return Err(format!(
                "a batch needs 1 to {MAX_BATCH} images, got {n} labels"
            ));
        }
        if images.len() != n * len {
            return Err(format!(
                "{n} labels need {} pixel values ({len} per image), got {}",
                n * len,
                images.len()
            ));
        }
        super::budget::check(self.model.spec(), n).map_err(|e| e.to_string())?;
        let k = self.model.classes();
        if let Some(&bad) = labels.iter().find(|&&y| y as usize >= k) {
            return Err(format!(
                "label {bad} does not fit a network with {k} classes"
            ));
        }
        if self.diverged {
            return Ok(StepOutcome::Diverged {
                lr: self.hyper().lr,
            });
        }
        // A batch left half-trained by `step_some` is dropped: its gradients
        // are about to be overwritten.
        self.partial = None;
        let stats = self.model.compute_gradients(images, labels);
        if let Err(diverged) = self.update(stats) {
            return Ok(diverged);
        }
        let k = n.min(AFTER_UPDATE_IMAGES);
        let after = self.model.batch_loss(&images[..k * len], &labels[..k]);
        Ok(self.after_update(stats, after))
    }
}
