//! Optimizers: SGD with momentum, and Adam.
//!
//! Both read the gradient of the mean batch loss from each layer's `d*`
//! buffers. Weight decay is plain L2 (added to the gradient of weights, not
//! biases). Adam's bias corrections use running products `beta^t` rather than
//! `powi`, so the arithmetic is the same on every platform.

use super::layers::Layer;

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptimizerKind {
    Sgd { momentum: f32 },
    Adam { beta1: f32, beta2: f32, eps: f32 },
}

/// SGD's momentum when none is given (links and the JS API say just `sgd`).
pub const DEFAULT_MOMENTUM: f32 = 0.9;

impl OptimizerKind {
    /// Adam with the usual betas (0.9, 0.999) and eps 1e-8.
    pub const ADAM: OptimizerKind = OptimizerKind::Adam {
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
    };
    /// SGD with momentum 0.9.
    pub const SGD_MOMENTUM: OptimizerKind = OptimizerKind::Sgd {
        momentum: DEFAULT_MOMENTUM,
    };

    /// Every update rule by its short name (used in links, the optimizer menu
    /// and the JS API), with the settings that name stands for.
    pub const ALL: [(&'static str, OptimizerKind); 2] = [
        ("adam", OptimizerKind::ADAM),
        ("sgd", OptimizerKind::SGD_MOMENTUM),
    ];

    /// Short name: `"adam"` or `"sgd"`, whatever the settings.
    pub fn name(&self) -> &'static str {
        match self {
            OptimizerKind::Sgd { .. } => "sgd",
            OptimizerKind::Adam { .. } => "adam",
        }
    }

    /// The update rule a short name stands for, with its default settings
    /// (see [`OptimizerKind::ALL`]); `None` for any other name.
    pub fn parse(name: &str) -> Option<OptimizerKind> {
        Self::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, kind)| kind)
    }
}

/// The largest batch size anything accepts (links, the form, the JS API).
pub const MAX_BATCH: usize = 512;

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

impl Default for Hyper {
    /// Adam, learning rate 0.003, batch 32, no augmentation, no weight decay:
    /// takes the default CNN past 97% on MNIST within two epochs of 8,000 images.
    fn default() -> Hyper {
        Hyper {
            lr: 0.003,
            batch_size: 32,
            optimizer: OptimizerKind::ADAM,
            augment_shift: 0,
            weight_decay: 0.0,
        }
    }
}

/// Optimizer state (velocities / moments) for one model.
#[derive(Clone, Debug)]
pub struct Optimizer {
    kind: OptimizerKind,
    lr: f32,
    weight_decay: f32,
    /// One per parameter tensor (weights, biases of each trainable layer):
    /// SGD velocity, or Adam first moment.
    m: Vec<Vec<f32>>,
    /// Adam second moment.
    v: Vec<Vec<f32>>,
    /// `beta1^t`, `beta2^t` for Adam's bias correction.
    b1t: f32,
    b2t: f32,
}

impl Optimizer {
    pub fn new(hyper: &Hyper) -> Optimizer {
        Optimizer {
            kind: hyper.optimizer,
            lr: hyper.lr,
            weight_decay: hyper.weight_decay,
            m: Vec::new(),
            v: Vec::new(),
            b1t: 1.0,
            b2t: 1.0,
        }
    }

    /// Takes new settings. Changing the update rule clears the state.
    pub fn set_hyper(&mut self, hyper: &Hyper) {
        if hyper.optimizer != self.kind {
            self.reset();
        }
        self.kind = hyper.optimizer;
        self.lr = hyper.lr;
        self.weight_decay = hyper.weight_decay;
    }

    pub fn lr(&self) -> f32 {
        self.lr
    }

    /// Forgets velocities and moments (as if no step had been taken).
    pub fn reset(&mut self) {
        self.m.clear();
        self.v.clear();
        self.b1t = 1.0;
        self.b2t = 1.0;
    }

    /// Updates every conv and dense layer's parameters from its gradients.
    pub fn step(&mut self, layers: &mut [Layer]) {
        if let OptimizerKind::Adam { beta1, beta2, .. } = self.kind {
            self.b1t *= beta1;
            self.b2t *= beta2;
        }
        let mut slot = 0;
        for layer in layers {
            if let Some((w, b, dw, db)) = layer.params_grads_mut() {
                self.update(slot, w, dw, self.weight_decay);
                self.update(slot + 1, b, db, 0.0);
                slot += 2;
            }
        }
    }

    fn update(&mut self, slot: usize, p: &mut [f32], g: &[f32], decay: f32) {
        while self.m.len() <= slot {
            self.m.push(Vec::new());
            self.v.push(Vec::new());
        }
        let m = &mut self.m[slot];
        if m.len() != p.len() {
            *m = vec![0.0; p.len()];
        }
        let lr = self.lr;
        match self.kind {
            OptimizerKind::Sgd { momentum } => {
                // v = mu v - lr (g + decay w);  w += v
                for ((w, &g), v) in p.iter_mut().zip(g).zip(m.iter_mut()) {
                    *v = momentum * *v - lr * (g + decay * *w);
                    *w += *v;
                }
            }
            OptimizerKind::Adam { beta1, beta2, eps } => {
                let v = &mut self.v[slot];
                if v.len() != p.len() {
                    *v = vec![0.0; p.len()];
                }
                let (c1, c2) = (1.0 / (1.0 - self.b1t), 1.0 / (1.0 - self.b2t));
                for (((w, &g), m), v) in p.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut()) {
                    let g = g + decay * *w;
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    *w -= lr * (*m * c1) / ((*v * c2).sqrt() + eps);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OptimizerKind;

    #[test]
    fn names_round_trip() {
        for (name, kind) in OptimizerKind::ALL {
            assert_eq!(kind.name(), name);
            assert_eq!(OptimizerKind::parse(name), Some(kind));
        }
        assert_eq!(OptimizerKind::parse("rmsprop"), None);
        let sgd = OptimizerKind::Sgd { momentum: 0.5 };
        assert_eq!(sgd.name(), "sgd");
    }
}
