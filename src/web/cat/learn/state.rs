//! What the learning panel keeps between renders, and the words it shows.

use crate::core::numfmt::thousands;
use crate::panels::cat::learn::drag::{conv_evidence, dense_evidence, overlay_rgba, DragScene};
use crate::panels::cat::learn::filters::{describe, summary, FilterLook};
use crate::panels::cat::learn::stats::cat_probability;
use crate::panels::cat::learn::{Learner, Pooling, Stage, KERNEL};
use crate::web::platform::clock::now_ms;
use std::cell::RefCell;
use std::rc::Rc;

pub type Shared = Rc<RefCell<Result<State, String>>>;

pub const INTRO: &str = "The part detectors above were cut from the sprite by hand. Here two networks learn to tell scenes with a cat from scenes without one, from random examples: the cat is shrunk by a random amount, the backdrop is noisy and there are other shapes to confuse it. Every training cat sits in the left half of its scene. Then both are tested on cats in the right half, which neither has ever seen there.";

/// Where both nets fire on the drag scene, as pictures and probabilities.
#[derive(Clone, Debug, PartialEq)]
pub struct Fire {
    pub conv: Rc<Vec<u8>>,
    pub dense: Rc<Vec<u8>>,
    /// Probability of "cat" from each net.
    pub p_conv: f32,
    pub p_dense: f32,
    /// The conv net's strongest place, in scene pixels.
    pub peak: (f32, f32),
    /// The cat is in the half never seen in training.
    pub unseen: bool,
}

/// The learned filters and what they look like.
#[derive(Clone, Debug, PartialEq)]
pub struct Looks {
    pub weights: Vec<f32>,
    pub looks: Vec<FilterLook>,
    pub summary: String,
}

pub struct State {
    pub learner: Learner,
    pub drag: DragScene,
    pub pooling: Pooling,
    pub fire: Option<Fire>,
    pub looks: Option<Rc<Looks>>,
    /// Slices run, how many took over 50 ms, and the longest (ms): test
    /// hooks that show the page stayed responsive while training.
    pub slices: (u64, u64, f64),
}

impl State {
    pub fn new() -> Result<State, String> {
        let learner = Learner::new(1)?;
        let drag = DragScene::new(learner.sprite());
        Ok(State {
            learner,
            drag,
            pooling: Pooling::GlobalMax,
            fire: None,
            looks: None,
            slices: (0, 0, 0.0),
        })
    }

    /// Starts training with the chosen pooling; false if it could not start.
    pub fn start(&mut self) -> bool {
        self.fire = None;
        self.looks = None;
        self.learner.start(self.pooling).is_ok()
    }

    /// One slice of work. Returns `(still busy, stage changed)`.
    pub fn tick(&mut self, budget_ms: f64) -> (bool, bool) {
        let (before, t0) = (self.learner.stage(), now_ms());
        let mut clock = now_ms;
        self.learner.tick(budget_ms, &mut clock);
        let busy = self.learner.is_busy();
        if !busy && self.learner.latest().is_some() {
            self.refresh_looks();
            self.refresh_fire();
        }
        let took = now_ms() - t0;
        let (n, slow, max) = self.slices;
        self.slices = (n + 1, slow + (took > 50.0) as u64, max.max(took));
        (busy, before != self.learner.stage())
    }

    /// Moves the cat; true if it moved.
    pub fn move_cat(&mut self, x: i64, y: i64) -> bool {
        let before = self.drag.at;
        if self.drag.move_to(x, y) == before {
            return false;
        }
        self.refresh_fire();
        true
    }

    fn refresh_looks(&mut self) {
        let Some((_, model)) = self.learner.conv() else {
            return;
        };
        let Some(w) = model.conv_weights(0) else {
            return;
        };
        let weights: Vec<f32> = w.iter().copied().collect();
        let looks = describe(&weights, KERNEL, self.learner.sprite());
        let summary = summary(&looks);
        self.looks = Some(Rc::new(Looks {
            weights,
            looks,
            summary,
        }));
    }

    fn refresh_fire(&mut self) {
        if self.learner.latest().is_none() {
            return;
        }
        let px = self.drag.render();
        let Some(conv) = self.learner.conv_mut() else {
            return;
        };
        let p_conv = cat_probability(conv, &px);
        let Some(ce) = conv_evidence(conv, &px) else {
            return;
        };
        let Some(dm) = self.learner.dense_mut() else {
            return;
        };
        let p_dense = cat_probability(dm, &px);
        let Some(de) = dense_evidence(dm, &px) else {
            return;
        };
        let (x, y, _) = ce.peak();
        self.fire = Some(Fire {
            conv: Rc::new(overlay_rgba(&px, &ce)),
            dense: Rc::new(overlay_rgba(&px, &de)),
            p_conv,
            p_dense,
            peak: (x, y),
            unseen: self.drag.unseen(),
        });
    }
}

/// The stats hook's attributes (absent until measured).
pub struct StatsAttrs {
    pub conv_seen: Option<String>,
    pub conv_unseen: Option<String>,
    pub dense_seen: Option<String>,
    pub dense_unseen: Option<String>,
}

pub fn stats_attrs(s: &State) -> StatsAttrs {
    let f = |v: f32| format!("{v:.4}");
    let conv = s.learner.latest().map(|r| r.stats);
    let dense = s.learner.dense_result().map(|r| r.stats);
    StatsAttrs {
        conv_seen: conv.map(|c| f(c.seen)),
        conv_unseen: conv.map(|c| f(c.unseen)),
        dense_seen: dense.map(|d| f(d.seen)),
        dense_unseen: dense.map(|d| f(d.unseen)),
    }
}

/// What the learner is doing, or what it found, in words.
pub fn status_line(s: &State) -> String {
    let pct = |v: f32| format!("{:.0}%", v * 100.0);
    match s.learner.stage() {
        Stage::Idle => "Not trained yet. Pick a pooling and press Train (it takes a few seconds).".into(),
        Stage::Making => "Drawing the random scenes…".into(),
        Stage::Training => "Training…".into(),
        Stage::Measuring => "Measuring on seen and unseen positions…".into(),
        Stage::Failed => format!("Training stopped: {}", s.learner.error().unwrap_or("unknown error")),
        Stage::Done => match (s.learner.latest(), s.learner.dense_result()) {
            (Some(c), Some(d)) => format!(
                "Conv net ({}, {} weights, trained in {:.1} s): {} right where cats were in training, {} where they never were. Dense net ({} weights): {} seen, {} unseen (50% is a coin toss).",
                c.pooling.map(|p| p.label()).unwrap_or(""), thousands(c.stats.params as u128), c.stats.train_ms / 1000.0,
                pct(c.stats.seen), pct(c.stats.unseen), thousands(d.stats.params as u128), pct(d.stats.seen), pct(d.stats.unseen)
            ),
            _ => "Done.".into(),
        },
    }
}
