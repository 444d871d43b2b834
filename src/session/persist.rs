//! Keeping and sharing a run: the URL-hash form of the current settings,
//! and the text form of a model file for LocalStorage.
//!
//! LocalStorage holds strings, so the model file (see `Model::to_bytes`) is
//! stored as standard base64. The hash keeps only settings that differ from
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

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for (i, shift) in [18, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Reads standard base64 (padding optional, whitespace ignored).
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for ch in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        if ch == b'=' {
            break;
        }
        let v = ALPHABET
            .iter()
            .position(|&a| a == ch)
            .ok_or_else(|| format!("'{}' is not a base64 character", ch as char))?;
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::OptimizerKind;

    #[test]
    fn base64_round_trips_and_matches_known_values() {
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_encode(b"M"), "TQ==");
        assert_eq!(base64_decode("TWE=").unwrap(), b"Ma");
        let all: Vec<u8> = (0..=255u8).cycle().take(1001).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
        assert!(base64_decode("TW*u").is_err());
    }

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
