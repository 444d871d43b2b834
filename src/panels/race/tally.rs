//! Accuracy measured in small chunks, so evaluation can be time-sliced.
//!
//! A [`Tally`] is a list of [`Task`]s: "count how many of these images (moved
//! by this many pixels) this network gets right". Each task is a chunk small
//! enough to finish in a few milliseconds; the tally adds the results into
//! bins (train / held-out for the epoch curves, one bin per shift for the
//! shift test).

use crate::core::layers::loss::argmax;
use crate::core::Dataset;
use crate::core::{shift_image, Model};

/// Images per task: small enough for a few-millisecond slice in the browser.
pub const CHUNK: usize = 50;

/// Which image set a task reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Set {
    Train,
    Test,
}

/// One chunk of evaluation work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    /// Which network (index into the race's networks).
    pub net: usize,
    pub set: Set,
    /// The images are moved right by `dx` and down by `dy` (no wrap-around).
    pub dx: i32,
    pub dy: i32,
    pub start: usize,
    pub len: usize,
    /// Where the counts go.
    pub bin: usize,
}

/// Correct / total counts per bin and network, filled task by task.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    tasks: Vec<Task>,
    next: usize,
    /// `correct[bin][net]`
    correct: Vec<Vec<u64>>,
    total: Vec<Vec<u64>>,
}

impl Tally {
    /// A tally over `tasks` with `bins` bins for `nets` networks.
    pub fn new(tasks: Vec<Task>, bins: usize, nets: usize) -> Tally {
        Tally {
            tasks,
            next: 0,
            correct: vec![vec![0; nets]; bins],
            total: vec![vec![0; nets]; bins],
        }
    }

    /// Tasks covering images `0..n` of `set` in chunks of [`CHUNK`], for every network.
    pub fn chunks(set: Set, n: usize, (dx, dy): (i32, i32), bin: usize, nets: usize) -> Vec<Task> {
        let mut tasks = Vec::new();
        for start in (0..n).step_by(CHUNK) {
            for net in 0..nets {
                tasks.push(Task {
                    net,
                    set,
                    dx,
                    dy,
                    start,
                    len: CHUNK.min(n - start),
                    bin,
                });
            }
        }
        tasks
    }

    /// The next task to run, if any is left.
    pub fn next_task(&self) -> Option<Task> {
        self.tasks.get(self.next).copied()
    }

    /// Records the result of the task [`Tally::next_task`] returned.
    pub fn record(&mut self, correct: usize) {
        if let Some(t) = self.tasks.get(self.next) {
            self.correct[t.bin][t.net] += correct as u64;
            self.total[t.bin][t.net] += t.len as u64;
            self.next += 1;
        }
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.tasks.len()
    }

    /// Fraction of tasks done, `0..=1`.
    pub fn progress(&self) -> f32 {
        if self.tasks.is_empty() {
            1.0
        } else {
            self.next as f32 / self.tasks.len() as f32
        }
    }

    /// Accuracy of `net` in `bin` (0 when nothing was counted).
    pub fn accuracy(&self, bin: usize, net: usize) -> f32 {
        let t = self.total[bin][net];
        if t == 0 {
            0.0
        } else {
            self.correct[bin][net] as f32 / t as f32
        }
    }
}

/// How many of images `start..start + len` of `data`, moved by `(dx, dy)`,
/// `model` classifies correctly. `scratch` is reused between calls.
pub fn count_correct(
    model: &mut Model,
    data: &Dataset,
    task: &Task,
    scratch: &mut Dataset,
) -> usize {
    let end = (task.start + task.len).min(data.len());
    if task.start >= end || data.shape.len() != model.input_len() {
        return 0;
    }
    let len = data.shape.len();
    scratch.shape = data.shape;
    scratch.images.resize((end - task.start) * len, 0.0);
    scratch.labels.clear();
    for (j, i) in (task.start..end).enumerate() {
        let dst = &mut scratch.images[j * len..(j + 1) * len];
        shift_image(data.image(i), data.shape, task.dx, task.dy, dst);
        scratch.labels.push(data.labels[i]);
    }
    let eval = model.evaluate(scratch, None);
    eval.predictions
        .iter()
        .zip(&scratch.labels)
        .filter(|((guess, _), &y)| *guess == y as usize)
        .count()
}

/// The predicted class for one image (for the page's example digit).
pub fn predict(model: &mut Model, image: &[f32]) -> Option<usize> {
    let p = model.predict(image);
    (!p.is_empty()).then(|| argmax(&p))
}
