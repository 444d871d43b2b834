//! Training in time slices: [`Session::tick`] trains (and evaluates) until a
//! budget of a caller-supplied clock is used, cutting a batch into pieces
//! that fit the slice, and handles a diverged step.

use super::remote::Command;
use super::{Session, Status};
use crate::core::StepOutcome;

impl Session {
    /// Runs training (and any pending evaluation) until `budget_ms` of
    /// `clock()` has passed. Returns true when anything changed.
    pub fn tick(&mut self, budget_ms: f64, clock: &mut dyn FnMut() -> f64) -> bool {
        let start = clock();
        self.remote_tick(start);
        self.wait_for_stop();
        let mut changed = self.take_remote_change();
        let running = self.status == Status::Training;
        while clock() - start < budget_ms {
            if self.eval_job.is_some() {
                self.eval_step();
                changed = true;
                continue;
            }
            if (self.status != Status::Training && !self.stepping) || self.is_remote() {
                break;
            }
            // Cut the batch into pieces that fit what is left of the slice,
            // so no single task runs long (a whole batch can take 40 ms).
            let left = budget_ms - (clock() - start);
            let chunk = (left / self.ms_per_image).floor().clamp(1.0, 512.0) as usize;
            let t0 = clock();
            let stepping = self.stepping;
            let outcome = self.train_some(chunk);
            let per = (clock() - t0) / chunk as f64;
            if per.is_finite() && per > 0.0 {
                self.ms_per_image = 0.7 * self.ms_per_image + 0.3 * per;
            }
            if outcome.is_some() && stepping {
                // The Step button's batch is done (or diverged): show it.
                self.stepping = false;
                changed = true;
                if self.status != Status::Training {
                    break;
                }
            }
            match outcome {
                Some(false) => break,
                _ => changed = true,
            }
            if self.images_seen() >= self.next_eval_at {
                self.start_eval();
            }
        }
        self.speed.sample(clock(), self.images_seen(), running);
        // A slice whose step diverged changed what is shown, even with no
        // batch trained (a slice of one slow step would otherwise never
        // re-render the "diverged" state).
        changed || (running && self.status != Status::Training)
    }

    pub(super) fn start_training(&mut self) {
        if let Status::Diverged { .. } = self.status {
            // Stays diverged until the learning rate changes or a reset.
            return;
        }
        if self.can_train() {
            self.status = Status::Training;
            self.send(Command::Run);
        }
    }

    pub(super) fn pause(&mut self) {
        if self.status == Status::Training && !self.pause_remote() {
            self.status = Status::Paused;
        }
    }

    /// True when the data is there and the network fits it; otherwise says why.
    pub(super) fn can_train(&mut self) -> bool {
        let Some(train) = self.train.as_ref() else {
            self.error("The training data has not loaded yet.".into());
            return false;
        };
        if let Err(e) = self.trainer.check_data(train) {
            self.error(format!("This network cannot train on the data: {e}."));
            return false;
        }
        true
    }

    /// Trains up to `max_images` images of the current batch. `None` while
    /// the batch is unfinished; otherwise whether training can go on.
    fn train_some(&mut self, max_images: usize) -> Option<bool> {
        let Some(train) = self.train.as_ref() else {
            return Some(false);
        };
        let outcome = self.trainer.step_some(train, max_images)?;
        Some(self.after_step(outcome))
    }

    pub(super) fn after_step(&mut self, outcome: StepOutcome) -> bool {
        match outcome {
            StepOutcome::Trained(stats) if stats.batch == 0 => {
                // The data does not fit the network (checked before training
                // starts; this guards against data that changed since).
                self.status = Status::Paused;
                self.stepping = false;
                self.error("Training stopped: the data does not fit this network.".into());
                false
            }
            StepOutcome::Trained(stats) => {
                self.pretrained = false;
                let seen = self.trainer.images_seen();
                self.history.push_batch(&stats, seen);
                self.weights_version += 1;
                self.weights_generation += 1;
                true
            }
            StepOutcome::Diverged { lr } => {
                self.status = Status::Diverged { lr };
                self.stepping = false;
                self.weights_version += 1;
                self.weights_generation += 1;
                self.error(format!(
                    "Training diverged: the loss blew up at learning rate {lr}. \
                     The last good weights are restored; lower rates are being \
                     tried on a copy of the model."
                ));
                false
            }
        }
    }
}
