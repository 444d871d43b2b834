//! The race's state machine: [`Race::tick`] and the small units of work it
//! runs (one batch of one network, or one chunk of an evaluation), and the
//! move from one phase to the next.

use super::tally::{count_correct, Set, Tally};
use super::{EpochPoint, Phase, Race, Runner, CNN, MLP, NAMES};
use crate::core::StepOutcome;

impl Race {
    /// Works until `budget_ms` of `clock` has passed (at least one unit of
    /// work), while running. Returns true when anything changed.
    pub fn tick(&mut self, budget_ms: f64, clock: &mut dyn FnMut() -> f64) -> bool {
        if !self.running {
            return false;
        }
        let start = clock();
        loop {
            self.unit();
            if !self.running || self.is_done() || clock() - start >= budget_ms {
                break;
            }
        }
        if self.is_done() {
            self.running = false;
        }
        true
    }

    /// One small piece of work: a batch of one network, or one evaluation chunk.
    fn unit(&mut self) {
        match self.phase {
            Phase::Training { epoch } => self.train_unit(epoch),
            Phase::Evaluating { .. } | Phase::ShiftTest => self.eval_unit(),
            Phase::Done => self.running = false,
        }
    }

    /// Steps whichever network is behind in this epoch, so both move together.
    fn train_unit(&mut self, epoch: usize) {
        let behind = |r: &Runner| r.trainer.epoch() < epoch;
        let pick = match (behind(&self.nets[MLP]), behind(&self.nets[CNN])) {
            (true, true) => {
                let (a, b) = (&self.nets[MLP].trainer, &self.nets[CNN].trainer);
                if a.position() <= b.position() {
                    MLP
                } else {
                    CNN
                }
            }
            (true, false) => MLP,
            (false, true) => CNN,
            (false, false) => return self.begin_eval(epoch),
        };
        if let StepOutcome::Diverged { lr } = self.nets[pick].trainer.step(&self.train) {
            self.error = Some(format!(
                "the {} diverged at learning rate {lr}; the race stopped",
                NAMES[pick]
            ));
            self.phase = Phase::Done;
            self.running = false;
        }
    }

    pub(super) fn begin_eval(&mut self, epoch: usize) {
        let n = self.nets.len();
        let mut tasks = Tally::chunks(
            Set::Train,
            self.config.train_eval.min(self.train.len()),
            (0, 0),
            0,
            n,
        );
        tasks.extend(Tally::chunks(
            Set::Test,
            self.config.test_eval.min(self.test.len()),
            (0, 0),
            1,
            n,
        ));
        self.tally = Some(Tally::new(tasks, 2, n));
        self.phase = Phase::Evaluating { epoch };
    }

    fn begin_shift_test(&mut self) {
        let n = self.nets.len();
        let count = self.config.shift_images.min(self.test.len());
        let mut tasks = Vec::new();
        for s in 0..=self.config.max_shift as i32 {
            // Every direction counts equally; shift 0 needs measuring once.
            let dirs: &[(i32, i32)] = if s == 0 {
                &[(0, 0)]
            } else {
                &[(s, 0), (-s, 0), (0, s), (0, -s)]
            };
            for &d in dirs {
                tasks.extend(Tally::chunks(Set::Test, count, d, s as usize, n));
            }
        }
        self.tally = Some(Tally::new(tasks, self.config.max_shift + 1, n));
        self.phase = Phase::ShiftTest;
    }

    fn eval_unit(&mut self) {
        let Some(tally) = self.tally.as_mut() else {
            self.phase = Phase::Done;
            return;
        };
        if let Some(task) = tally.next_task() {
            let data = match task.set {
                Set::Train => &self.train,
                Set::Test => &self.test,
            };
            let model = self.nets[task.net].trainer.model_mut();
            let correct = count_correct(model, data, &task, &mut self.scratch);
            tally.record(correct);
        }
        if !tally.is_done() {
            return;
        }
        let tally = self.tally.take().expect("checked above");
        match self.phase {
            Phase::Evaluating { epoch } => {
                for (i, r) in self.nets.iter_mut().enumerate() {
                    r.curve.push(EpochPoint {
                        epoch,
                        train_acc: tally.accuracy(0, i),
                        test_acc: tally.accuracy(1, i),
                    });
                }
                if epoch < self.config.epochs {
                    self.phase = Phase::Training { epoch: epoch + 1 };
                } else {
                    self.begin_shift_test();
                }
            }
            _ => {
                for (i, r) in self.nets.iter_mut().enumerate() {
                    r.shift = (0..=self.config.max_shift)
                        .map(|s| tally.accuracy(s, i))
                        .collect();
                }
                self.phase = Phase::Done;
            }
        }
    }
}
