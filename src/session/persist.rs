//! Keeping and sharing a run: the URL-hash form of the current settings,
//! and the text form of a model file for LocalStorage.
//!
//! LocalStorage holds strings, so the model file (see `Model::to_bytes`) is
//! stored as standard base64 (`crate::formats::base64`). The hash keeps only settings that differ from
//! the defaults, so a plain page load keeps a clean address (and still gets
//! the pretrained default model, which is only used for the default spec).

use super::hash::{self, HashSettings};
use crate::core::{Hyper, ModelSpec};

/// LocalStorage key of the last model file.
pub const MODEL_KEY: &str = "cnn-playground.model.v1";

/// Seed the app uses when a link does not set one.
pub const DEFAULT_SEED: u64 = 1;

/// The hash for `current` with the training settings replaced by these;
/// the section, `hide` and `present` keys are kept as they were.
pub fn settings_hash(current: &str, spec: &ModelSpec, hyper: &Hyper, seed: u64) -> String {
    let (old, _) = hash::parse(current);
    let d = Hyper::default();
    let s = HashSettings {
        spec: (*spec != ModelSpec::default_cnn()).then(|| spec.clone()),
        lr: (hyper.lr != d.lr).then_some(hyper.lr),
        batch_size: (hyper.batch_size != d.batch_size).then_some(hyper.batch_size),
        optimizer: (hash::optimizer_name(&hyper.optimizer) != hash::optimizer_name(&d.optimizer))
            .then_some(hyper.optimizer),
        seed: (seed != DEFAULT_SEED).then_some(seed),
        ..old
    };
    hash::format(&s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::OptimizerKind;

    #[test]
    fn defaults_leave_a_clean_hash_and_keep_other_keys() {
        let h = settings_hash(
            "#train&hide=race&present=1",
            &ModelSpec::default_cnn(),
            &Hyper::default(),
            DEFAULT_SEED,
        );
        assert_eq!(h, "#train&hide=race&present=1");
    }

    #[test]
    fn changed_settings_go_into_the_hash_and_read_back() {
        let hyper = Hyper {
            lr: 0.01,
            batch_size: 64,
            optimizer: OptimizerKind::SGD_MOMENTUM,
            ..Hyper::default()
        };
        let h = settings_hash("#cat", &ModelSpec::reference(), &hyper, 7);
        let (s, problems) = hash::parse(&h);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.section.as_deref(), Some("cat"));
        assert_eq!(s.spec, Some(ModelSpec::reference()));
        assert_eq!(s.lr, Some(0.01));
        assert_eq!(s.batch_size, Some(64));
        assert_eq!(s.optimizer, Some(OptimizerKind::SGD_MOMENTUM));
        assert_eq!(s.seed, Some(7));
        // Going back to the defaults removes them again.
        let back = settings_hash(&h, &ModelSpec::default_cnn(), &Hyper::default(), 1);
        assert_eq!(back, "#cat");
    }
}
