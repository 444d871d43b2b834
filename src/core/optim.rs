//! Optimizers: SGD with momentum, and Adam.

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptimizerKind {
    Sgd { momentum: f32 },
    Adam { beta1: f32, beta2: f32, eps: f32 },
}

/// Hyperparameters, settable between steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    pub lr: f32,
    pub batch_size: usize,
    pub optimizer: OptimizerKind,
    /// Random shifts of up to this many pixels (0 = off, the default).
    pub augment_shift: usize,
    pub weight_decay: f32,
}

/// Optimizer state (velocities / moments) for one model.
pub struct Optimizer {
    _todo: (),
}
