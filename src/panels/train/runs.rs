//! Compare runs: the curves of the last few training runs, each labelled by
//! its settings, kept beside the current run so a change's effect shows.
//!
//! [`Runs::observe`] is fed the session's [`History`] whenever it changes.
//! While the run grows, its curves and the settings it last trained with are
//! copied; when the history starts again (new weights from a seed, a new
//! architecture, a loaded model), the copy becomes a past run. At most
//! [`KEPT`] past runs are kept, oldest dropped first; each can be hidden, and
//! all can be cleared.

use super::chart::{nice_ceiling, series};
use crate::core::numfmt::{percent, rate};
use crate::core::{Hyper, LayerSpec, ModelSpec, OptimizerKind};
use crate::session::history::History;

/// Past runs kept.
pub const KEPT: usize = 5;

/// One run's curves and the settings it trained with.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Numbered from 1 in the order the runs started.
    pub number: u64,
    pub label: String,
    /// `(images seen, smoothed training loss)`.
    pub loss: Vec<(f64, f64)>,
    /// `(images seen, held-out accuracy 0..1)`.
    pub test_acc: Vec<(f64, f64)>,
    pub hidden: bool,
}

impl Run {
    fn last_x(&self) -> f64 {
        self.loss
            .iter()
            .chain(&self.test_acc)
            .map(|p| p.0)
            .fold(0.0, f64::max)
    }

    /// `Run 2: conv 8-16, dense 10; Adam, rate 0.003, batch 32 (12k images;
    /// held-out 97.1% at 12k)`: the last held-out check and when it was made.
    pub fn describe(&self) -> String {
        let acc = self
            .test_acc
            .last()
            .map(|p| {
                format!(
                    "; held-out {} at {}",
                    percent(p.1),
                    super::chart::short_count(p.0)
                )
            })
            .unwrap_or_default();
        format!(
            "Run {}: {} ({} images{acc})",
            self.number,
            self.label,
            super::chart::short_count(self.last_x())
        )
    }
}

/// The past runs and a copy of the current one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Runs {
    past: Vec<Run>,
    current: Option<Run>,
    started: u64,
}

impl Runs {
    /// Takes in the history as it is now; `label` names the settings in use
    /// (read only when the run has grown, so settings changed after the last
    /// step do not relabel it). True when something changed.
    pub fn observe(&mut self, h: &History, label: impl FnOnce() -> String) -> bool {
        let s = series(h);
        // A long run thins its points (the history halves them), so fewer
        // points alone is no restart; going back in images seen is.
        let last = s.loss.last().map_or(0.0, |p| p.0);
        let restarted = self.current.as_ref().is_some_and(|c| {
            s.loss.is_empty()
                || s.loss.first() != c.loss.first()
                || last < c.loss.last().map_or(0.0, |p| p.0)
                || s.test_acc.len() < c.test_acc.len()
        });
        let mut changed = false;
        if restarted {
            if let Some(run) = self.current.take() {
                self.past.push(run);
                if self.past.len() > KEPT {
                    self.past.remove(0);
                }
                changed = true;
            }
        }
        if s.loss.is_empty() {
            return changed;
        }
        let grown = self
            .current
            .as_ref()
            .is_none_or(|c| c.loss != s.loss || c.test_acc != s.test_acc);
        if grown {
            let number = match &self.current {
                Some(c) => c.number,
                None => {
                    self.started += 1;
                    self.started
                }
            };
            self.current = Some(Run {
                number,
                label: label(),
                loss: s.loss,
                test_acc: s.test_acc,
                hidden: false,
            });
        }
        changed || grown
    }

    /// The past runs, oldest first.
    pub fn past(&self) -> &[Run] {
        &self.past
    }

    /// The run being trained now, once it has a point.
    pub fn current(&self) -> Option<&Run> {
        self.current.as_ref()
    }

    /// Forgets every past run (the current one stays).
    pub fn clear(&mut self) {
        self.past.clear();
    }

    /// Shows or hides past run `number`.
    pub fn toggle(&mut self, number: u64) {
        if let Some(r) = self.past.iter_mut().find(|r| r.number == number) {
            r.hidden = !r.hidden;
        }
    }

    /// Every run drawn: shown past runs, then the current one.
    pub fn drawn(&self) -> impl Iterator<Item = &Run> {
        self.past
            .iter()
            .filter(|r| !r.hidden)
            .chain(self.current.as_ref())
    }

    /// Right end of the x axis and top of the loss axis for the drawn runs.
    pub fn axes(&self) -> (f64, f64) {
        let x = self.drawn().map(Run::last_x).fold(0.0, f64::max);
        let top = self
            .drawn()
            .flat_map(|r| r.loss.iter().map(|p| p.1))
            .fold(0.0, f64::max);
        (nice_ceiling(x.max(1000.0)), nice_ceiling(top.max(0.5)))
    }

    /// Text alternative for the chart: one sentence per drawn run.
    pub fn describe(&self) -> String {
        let runs: Vec<String> = self.drawn().map(Run::describe).collect();
        if runs.is_empty() {
            "No training run yet.".into()
        } else {
            format!("Training loss against images seen. {}.", runs.join(". "))
        }
    }
}

/// The settings a run is labelled by: architecture, optimizer, rate, batch.
pub fn settings_label(spec: &ModelSpec, hyper: &Hyper) -> String {
    let optimizer = match hyper.optimizer {
        OptimizerKind::Adam { .. } => "Adam",
        OptimizerKind::Sgd { .. } => "SGD",
    };
    format!(
        "{}; {optimizer}, rate {}, batch {}",
        architecture(spec),
        rate(hyper.lr),
        hyper.batch_size
    )
}

/// A short name for an architecture: `conv 8-8-16-32, dense 10` (filters of
/// each conv layer, units of each dense layer).
pub fn architecture(spec: &ModelSpec) -> String {
    let convs: Vec<String> = spec
        .layers
        .iter()
        .filter_map(|l| match l {
            LayerSpec::Conv { filters, .. } => Some(filters.to_string()),
            _ => None,
        })
        .collect();
    let dense: Vec<String> = spec
        .layers
        .iter()
        .filter_map(|l| match l {
            LayerSpec::Dense { units } => Some(units.to_string()),
            _ => None,
        })
        .collect();
    let mut parts = Vec::new();
    if !convs.is_empty() {
        parts.push(format!("conv {}", convs.join("-")));
    }
    if !dense.is_empty() {
        parts.push(format!("dense {}", dense.join("-")));
    }
    if parts.is_empty() {
        "no layers".into()
    } else {
        parts.join(", ")
    }
}
