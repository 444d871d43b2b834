//! "Your own digits": a small labelled set drawn on the pad, and fine-tuning
//! the model in use on it.
//!
//! The set keeps 28x28 images exactly as the pad's preprocessing makes them,
//! so the network sees them as it sees MNIST. It is saved as an IDX pair
//! (the same format and the same reader as the data files, so a damaged file
//! gets the same clear message).
//!
//! Fine-tuning copies the model and trains the copy on a mix: every one of
//! the person's digits, several times, plus a random sample of training
//! digits, so the network learns the new hand without forgetting the old
//! ones. Accuracy on the person's digits and on held-out digits is measured
//! before and after. [`FineTune::tick`] works in small units under a time
//! budget, like every long computation on the page.

use crate::core::layers::loss::argmax;
use crate::core::spec::MNIST_INPUT;
use crate::core::{Dataset, Hyper, Model, Rng, StepOutcome, Trainer};
use crate::formats::idx::{load_dataset, write_dataset};

/// Most digits the set holds (LocalStorage is small).
pub const MAX_MINE: usize = 200;
/// Each of the person's digits appears this many times in the mix...
pub const REPEAT: usize = 4;
/// ...next to this many training digits per digit of theirs (at least 64).
pub const MIX_PER_MINE: usize = 6;
/// Passes over the mix.
pub const EPOCHS: usize = 3;
/// Held-out digits measured before and after.
pub const TEST_LIMIT: usize = 500;

/// The person's digits: 28x28 images in `0..=1` with labels `0..=9`.
#[derive(Clone, Debug, PartialEq)]
pub struct MyDigits {
    data: Dataset,
}

impl Default for MyDigits {
    fn default() -> Self {
        MyDigits {
            data: Dataset {
                shape: MNIST_INPUT,
                images: Vec::new(),
                labels: Vec::new(),
            },
        }
    }
}

impl MyDigits {
    pub fn len(&self) -> usize {
        self.data.len()
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// Adds one digit. Refuses a wrong-sized image, a label above 9, a
    /// blank image and a full set, with a message.
    pub fn add(&mut self, image: &[f32], label: u8) -> Result<usize, String> {
        if image.len() != MNIST_INPUT.len() {
            return Err(format!(
                "a digit has {} pixels, not {}",
                MNIST_INPUT.len(),
                image.len()
            ));
        }
        if label > 9 {
            return Err(format!("the label must be a digit 0 to 9, not {label}"));
        }
        if !image.iter().any(|&v| v > 0.05) {
            return Err("the pad is empty: draw a digit first".into());
        }
        if self.len() >= MAX_MINE {
            return Err(format!(
                "the set is full ({MAX_MINE} digits); remove some first"
            ));
        }
        self.data
            .images
            .extend(image.iter().map(|v| v.clamp(0.0, 1.0)));
        self.data.labels.push(label);
        Ok(self.len() - 1)
    }

    /// Removes digit `i`; false if there is none.
    pub fn remove(&mut self, i: usize) -> bool {
        if i >= self.len() {
            return false;
        }
        let n = MNIST_INPUT.len();
        self.data.images.drain(i * n..(i + 1) * n);
        self.data.labels.remove(i);
        true
    }

    /// The set as an IDX pair `(images, labels)`.
    pub fn to_idx(&self) -> (Vec<u8>, Vec<u8>) {
        write_dataset(&self.data)
    }

    /// Reads an IDX pair (plain or gzipped) with the data files' reader.
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<MyDigits, String> {
        let data = load_dataset(images, labels).map_err(|e| e.to_string())?;
        if data.len() > MAX_MINE {
            return Err(format!(
                "the file has {} digits; at most {MAX_MINE} are kept",
                data.len()
            ));
        }
        if let Some(bad) = data.labels.iter().find(|&&l| l > 9) {
            return Err(format!("label {bad} is not a digit 0 to 9"));
        }
        Ok(MyDigits { data })
    }
}

/// Accuracy on the person's digits and on held-out digits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub mine: f32,
    pub test: f32,
}

/// Fraction of `data`'s first `limit` images that `model` labels correctly.
pub fn accuracy(model: &mut Model, data: &Dataset, limit: usize) -> f32 {
    let n = limit.min(data.len());
    let mut probs = vec![0.0; model.classes()];
    let right = (0..n)
        .filter(|&i| {
            model.predict_into(data.image(i), &mut probs)
                && argmax(&probs) == data.labels[i] as usize
        })
        .count();
    right as f32 / n.max(1) as f32
}

/// The mix: each of `mine` [`REPEAT`] times, plus random training digits.
pub fn mix(mine: &Dataset, train: &Dataset, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let extra = (MIX_PER_MINE * mine.len()).max(64).min(train.len());
    let picked: Vec<usize> = (0..extra).map(|_| rng.below(train.len())).collect();
    let mut out = train.subset(&picked);
    for _ in 0..REPEAT {
        out.images.extend_from_slice(&mine.images);
        out.labels.extend_from_slice(&mine.labels);
    }
    out
}

/// A fine-tuning run on a copy of the model, measured before and after.
pub struct FineTune {
    trainer: Trainer,
    mix: Dataset,
    mine: Dataset,
    /// Scores measured so far: before, then after.
    pub before: Option<Scores>,
    pub after: Option<Scores>,
    /// Correct counts on (mine, test) and how far the current measuring is.
    counts: (usize, usize),
    cursor: usize,
}

/// Images measured per unit of work.
const MEASURE_CHUNK: usize = 20;

impl FineTune {
    /// Prepares training a copy of `model` (Adam at a small rate, batches of
    /// 16) on `mine` mixed with `train`. Measuring and training happen in
    /// [`FineTune::tick`].
    pub fn new(
        model: &Model,
        mine: &MyDigits,
        train: &Dataset,
        seed: u64,
    ) -> Result<FineTune, String> {
        if mine.is_empty() {
            return Err("add some digits first".into());
        }
        if model.spec().input != MNIST_INPUT || model.classes() != 10 {
            return Err("fine-tuning needs a digit model (28x28 in, 10 classes)".into());
        }
        if train.is_empty() {
            return Err("the training digits are not loaded yet".into());
        }
        let hyper = Hyper {
            lr: 0.0005,
            batch_size: 16,
            ..Hyper::default()
        };
        Ok(FineTune {
            trainer: Trainer::with_model(model.clone(), seed, hyper),
            mix: mix(mine.data(), train, seed),
            mine: mine.data().clone(),
            before: None,
            after: None,
            counts: (0, 0),
            cursor: 0,
        })
    }

    pub fn is_done(&self) -> bool {
        self.after.is_some()
    }
    /// Fraction of the training done, `0..=1`.
    pub fn progress(&self) -> f32 {
        let total = (EPOCHS * self.mix.len()) as f32;
        ((self.trainer.epoch() * self.mix.len() + self.trainer.position()) as f32 / total).min(1.0)
    }
    /// The fine-tuned model (meaningful once done).
    pub fn model(&self) -> &Model {
        self.trainer.model()
    }

    /// Measures, trains (a few images at a time), measures again, until
    /// `budget_ms` of `clock` has passed; `test` is the held-out set.
    pub fn tick(
        &mut self,
        test: &Dataset,
        budget_ms: f64,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<(), String> {
        let start = clock();
        while self.after.is_none() {
            if self.before.is_none() || self.trainer.epoch() >= EPOCHS {
                if let Some(scores) = self.measure_unit(test) {
                    match self.before {
                        None => self.before = Some(scores),
                        Some(_) => self.after = Some(scores),
                    }
                }
            } else if let Some(StepOutcome::Diverged { lr }) = self.trainer.step_some(&self.mix, 8)
            {
                return Err(format!("fine-tuning diverged at learning rate {lr}"));
            }
            if clock() - start >= budget_ms {
                break;
            }
        }
        Ok(())
    }

    /// One chunk of measuring: the person's digits first, then held-out ones.
    /// Returns the scores when both are measured.
    fn measure_unit(&mut self, test: &Dataset) -> Option<Scores> {
        let (n_mine, n_test) = (self.mine.len(), TEST_LIMIT.min(test.len()));
        let (a, b) = (
            self.cursor,
            (self.cursor + MEASURE_CHUNK).min(n_mine + n_test),
        );
        let model = self.trainer.model_mut();
        let mut probs = vec![0.0; model.classes()];
        for i in a..b {
            let (data, j) = if i < n_mine {
                (&self.mine, i)
            } else {
                (test, i - n_mine)
            };
            if model.predict_into(data.image(j), &mut probs)
                && argmax(&probs) == data.labels[j] as usize
            {
                if i < n_mine {
                    self.counts.0 += 1;
                } else {
                    self.counts.1 += 1;
                }
            }
        }
        self.cursor = b;
        if b < n_mine + n_test {
            return None;
        }
        let scores = Scores {
            mine: self.counts.0 as f32 / n_mine.max(1) as f32,
            test: self.counts.1 as f32 / n_test.max(1) as f32,
        };
        self.counts = (0, 0);
        self.cursor = 0;
        Some(scores)
    }
}
