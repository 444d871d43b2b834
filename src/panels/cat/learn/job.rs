//! The learning run as a list of small units of work.
//!
//! [`Learner::start`] queues what a pooling choice needs: the scenes (once),
//! the dense net (once), then the conv net with that pooling: train, measure
//! on seen and unseen positions, and sweep the cat across the scene for the
//! score-against-shift chart. [`Learner::tick`] does units (a few images of
//! a batch, a chunk of scenes or of measuring, one position of the sweep)
//! until the caller's time budget is used.

use super::drag::{sweep_scenes, SweepScene};
use super::scenes::{Maker, Region};
pub use super::stats::{cat_probability, count_correct};
use super::stats::{empty, PoolResult, Stage};
use super::{conv_spec, dense_spec, hyper, Pooling};
use crate::core::{Dataset, Model, StepOutcome, Trainer};
use crate::panels::cat::Sprite;
use std::collections::VecDeque;

/// Training scenes (half with a cat, all cats in the left half).
pub const TRAIN_SCENES: usize = 1600;
/// Scenes in each of the two measuring sets.
pub const TEST_SCENES: usize = 400;
/// Passes over the training scenes.
pub const CONV_EPOCHS: usize = 4;
pub const DENSE_EPOCHS: usize = 10;
/// Seeds of the three scene sets (fixed: every run sees the same scenes).
const SEEDS: [u64; 3] = [101, 202, 303];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Net {
    Dense,
    Conv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Work {
    Make(usize),
    Train(Net),
    Measure(Net, usize),
    Sweep(Net),
}

/// Scenes, the two nets, and the results of every pooling tried.
pub struct Learner {
    sprite: Sprite,
    seed: u64,
    makers: Vec<Maker>,
    queue: VecDeque<Work>,
    dense: Option<Trainer>,
    conv: Option<(Pooling, Trainer)>,
    /// Partial results of the net in progress.
    pending: PoolResult,
    /// Position within the current measuring or sweep unit.
    cursor: usize,
    correct: usize,
    sweep: Vec<SweepScene>,
    dense_result: Option<PoolResult>,
    results: Vec<PoolResult>,
    stage: Stage,
    error: Option<String>,
}

impl Learner {
    pub fn new(seed: u64) -> Result<Learner, String> {
        let sprite = Sprite::builtin()?;
        let regions = [Region::Left, Region::Left, Region::Right];
        let sizes = [TRAIN_SCENES, TEST_SCENES, TEST_SCENES];
        let makers = (0..3)
            .map(|i| Maker::new(sizes[i], regions[i], SEEDS[i]))
            .collect();
        Ok(Learner {
            sweep: sweep_scenes(&sprite),
            sprite,
            seed,
            makers,
            queue: VecDeque::new(),
            dense: None,
            conv: None,
            pending: empty(None),
            cursor: 0,
            correct: 0,
            dense_result: None,
            results: Vec::new(),
            stage: Stage::Idle,
            error: None,
        })
    }

    /// Queues training and measuring the conv net with `pooling` (and, the
    /// first time, the scenes and the dense net). Replaces a run in progress.
    pub fn start(&mut self, pooling: Pooling) -> Result<(), String> {
        let trainer = Trainer::new(&conv_spec(pooling), self.seed, hyper(false))
            .map_err(|e| e.to_string())?;
        self.queue.clear();
        for (i, m) in self.makers.iter().enumerate() {
            if m.data.len() < sizes(i) {
                self.queue.push_back(Work::Make(i));
            }
        }
        if self.dense_result.is_none() {
            self.dense = Some(
                Trainer::new(&dense_spec(), self.seed, hyper(true)).map_err(|e| e.to_string())?,
            );
            self.queue.extend(net_work(Net::Dense));
        }
        self.conv = Some((pooling, trainer));
        self.queue.extend(net_work(Net::Conv));
        self.results.retain(|r| r.pooling != Some(pooling));
        self.pending = empty(None);
        self.cursor = 0;
        self.correct = 0;
        self.error = None;
        self.update_stage();
        Ok(())
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
    pub fn is_busy(&self) -> bool {
        !self.queue.is_empty()
    }
    /// The conv net's pooling and model (trained once [`Learner::latest`] has it).
    pub fn conv(&self) -> Option<(Pooling, &Model)> {
        self.conv.as_ref().map(|(p, t)| (*p, t.model()))
    }
    pub fn conv_mut(&mut self) -> Option<&mut Model> {
        self.conv.as_mut().map(|(_, t)| t.model_mut())
    }
    pub fn dense_mut(&mut self) -> Option<&mut Model> {
        self.dense.as_mut().map(|t| t.model_mut())
    }
    pub fn dense_result(&self) -> Option<&PoolResult> {
        self.dense_result.as_ref()
    }
    /// Results of every pooling tried, oldest first.
    pub fn results(&self) -> &[PoolResult] {
        &self.results
    }
    /// The result of the conv net now loaded, when it is finished.
    pub fn latest(&self) -> Option<&PoolResult> {
        let (p, _) = self.conv.as_ref()?;
        let r = self.results.iter().find(|r| r.pooling == Some(*p))?;
        (!self.is_busy()).then_some(r)
    }
    pub fn sprite(&self) -> &Sprite {
        &self.sprite
    }
    /// Work items still queued.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Works until `budget_ms` of `clock` has passed (at least one unit).
    /// Returns true when anything was done.
    pub fn tick(&mut self, budget_ms: f64, clock: &mut dyn FnMut() -> f64) -> bool {
        if self.queue.is_empty() {
            return false;
        }
        let start = clock();
        let mut last = start;
        while let Some(&work) = self.queue.front() {
            let finished = self.unit(work);
            let now = clock();
            if let Work::Train(_) = work {
                self.pending.stats.train_ms += now - last;
            }
            last = now;
            if finished {
                self.queue.pop_front();
                self.cursor = 0;
                self.correct = 0;
            }
            if self.error.is_some() {
                self.queue.clear();
            }
            if now - start >= budget_ms {
                break;
            }
        }
        self.update_stage();
        true
    }

    fn update_stage(&mut self) {
        self.stage = match (self.error.is_some(), self.queue.front()) {
            (true, _) => Stage::Failed,
            (false, None) if self.results.is_empty() => Stage::Idle,
            (false, None) => Stage::Done,
            (false, Some(Work::Make(_))) => Stage::Making,
            (false, Some(Work::Train(_))) => Stage::Training,
            (false, Some(_)) => Stage::Measuring,
        };
    }

    /// One unit of `work`; true when that work item is complete.
    fn unit(&mut self, work: Work) -> bool {
        match work {
            Work::Make(i) => !self.makers[i].advance(&self.sprite, 6),
            Work::Train(net) => self.train_unit(net),
            Work::Measure(net, set) => self.measure_unit(net, set),
            Work::Sweep(net) => self.sweep_unit(net),
        }
    }

    fn trainer(&mut self, net: Net) -> Option<&mut Trainer> {
        match net {
            Net::Dense => self.dense.as_mut(),
            Net::Conv => self.conv.as_mut().map(|(_, t)| t),
        }
    }

    fn train_unit(&mut self, net: Net) -> bool {
        let (epochs, piece) = match net {
            Net::Dense => (DENSE_EPOCHS, 32),
            Net::Conv => (CONV_EPOCHS, 8),
        };
        let data = std::mem::replace(&mut self.makers[0].data, placeholder());
        let Some(t) = self.trainer(net) else {
            self.makers[0].data = data;
            return true;
        };
        let outcome = t.step_some(&data, piece);
        let done = t.epoch() >= epochs;
        let params = t.model().spec().total_params();
        self.makers[0].data = data;
        self.pending.stats.params = params;
        if let Some(StepOutcome::Diverged { lr }) = outcome {
            self.error = Some(format!("training diverged at learning rate {lr}"));
        }
        done
    }

    fn measure_unit(&mut self, net: Net, set: usize) -> bool {
        const CHUNK: usize = 10;
        let data = std::mem::replace(&mut self.makers[set].data, placeholder());
        let (start, end) = (self.cursor, (self.cursor + CHUNK).min(data.len()));
        if let Some(t) = self.trainer(net) {
            self.correct += count_correct(t.model_mut(), &data, start, end);
        }
        self.makers[set].data = data;
        self.cursor = end;
        if end < sizes(set) {
            return false;
        }
        let acc = self.correct as f32 / sizes(set).max(1) as f32;
        if set == 1 {
            self.pending.stats.seen = acc;
        } else {
            self.pending.stats.unseen = acc;
        }
        true
    }

    fn sweep_unit(&mut self, net: Net) -> bool {
        let positions = super::drag::sweep_positions(&self.sprite);
        let x = positions[self.cursor];
        let (scenes, sprite) = (std::mem::take(&mut self.sweep), self.sprite.clone());
        let score = self
            .trainer(net)
            .map(|t| super::drag::mean_cat_probability(t.model_mut(), &sprite, &scenes, x))
            .unwrap_or(0.0);
        self.sweep = scenes;
        self.pending.curve.push((x, score));
        self.cursor += 1;
        if self.cursor < positions.len() {
            return false;
        }
        let mut done = std::mem::replace(&mut self.pending, empty(None));
        match net {
            Net::Dense => self.dense_result = Some(done),
            Net::Conv => {
                done.pooling = self.conv.as_ref().map(|(p, _)| *p);
                self.results.push(done);
            }
        }
        true
    }
}

fn sizes(set: usize) -> usize {
    if set == 0 {
        TRAIN_SCENES
    } else {
        TEST_SCENES
    }
}

fn net_work(net: Net) -> [Work; 4] {
    [
        Work::Train(net),
        Work::Measure(net, 1),
        Work::Measure(net, 2),
        Work::Sweep(net),
    ]
}

fn placeholder() -> Dataset {
    Dataset {
        shape: crate::core::Shape::new(1, 1, 1),
        images: Vec::new(),
        labels: Vec::new(),
    }
}
