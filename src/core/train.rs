//! A training session: model + optimizer + data order + divergence guard.
//!
//! API CONTRACT (kept stable for the UI).

/// What one step did.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOutcome {
    Trained(super::model::BatchStats),
    /// Loss went NaN/inf: training stopped, last good weights restored.
    Diverged {
        lr: f32,
    },
}

pub struct Trainer {
    _todo: (),
}
