//! The versioned, checksummed weights file (spec + weights).
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 4 | magic `CNNW` |
//! | 4 | format version (`u32`, currently 1) |
//! | 4 | spec text length `s` (`u32`) |
//! | s | spec text, UTF-8 (`ModelSpec`'s `Display` form) |
//! | 4 | parameter count `p` (`u32`) |
//! | 4p | parameters, `f32`, in `Model::params_flat` order |
//! | 4 | CRC-32 of everything before it |
//!
//! Reading checks each of these in turn and reports the first problem; it
//! never panics and never touches a model until the whole file is good. The
//! spec is validated and held to the budget (`core::budget`), and the count
//! compared with the spec's, before any model or parameter buffer exists.

use super::budget;
use super::crc32::crc32;
use super::model::Model;
use super::rng::Rng;
use super::shard::{f32s_to_le_bytes, le_bytes_to_f32s};
use super::spec::ModelSpec;
use std::fmt;

/// First four bytes of every weights file.
pub const MAGIC: [u8; 4] = *b"CNNW";
/// The format version this code writes and reads.
pub const VERSION: u32 = 1;
/// Longest spec text accepted (a 64-layer spec is well under 1 KB).
const MAX_SPEC_TEXT: usize = 16 * 1024;

/// Why a weights file was refused. `Display` gives the message shown to a person.
#[derive(Clone, Debug, PartialEq)]
pub enum WeightsError {
    /// The file ends before its declared contents do.
    Truncated {
        needed: usize,
        got: usize,
    },
    /// Not a weights file at all.
    BadMagic,
    UnsupportedVersion(u32),
    /// Extra bytes after the checksum.
    TrailingBytes(usize),
    Checksum {
        stored: u32,
        computed: u32,
    },
    /// The embedded spec could not be read or does not validate.
    BadSpec(String),
    /// The parameter count does not match the spec (or the model loaded into).
    WrongShape {
        expected: usize,
        found: usize,
    },
    /// Loading into a model whose architecture differs from the file's.
    SpecMismatch {
        model: String,
        file: String,
    },
    NonFinite,
    /// The file's network is over the budget (`core::budget`).
    OverBudget(String),
}

impl fmt::Display for WeightsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightsError::Truncated { needed, got } => write!(
                f,
                "the weights file is truncated: it needs {needed} bytes but has {got}"
            ),
            WeightsError::BadMagic => f.write_str("this is not a weights file (it does not start with CNNW)"),
            WeightsError::UnsupportedVersion(v) => write!(
                f,
                "weights file version {v} is not supported (this app reads version {VERSION})"
            ),
            WeightsError::TrailingBytes(n) => {
                write!(f, "the weights file has {n} unexpected bytes at the end")
            }
            WeightsError::Checksum { stored, computed } => write!(
                f,
                "the weights file is corrupt: checksum {computed:08x} does not match the stored {stored:08x}"
            ),
            WeightsError::BadSpec(m) => write!(f, "the weights file's architecture is invalid: {m}"),
            WeightsError::WrongShape { expected, found } => write!(
                f,
                "the weights file has {found} parameters where the architecture needs {expected}"
            ),
            WeightsError::SpecMismatch { model, file } => write!(
                f,
                "the weights file is for a different network ({file}), not this one ({model})"
            ),
            WeightsError::NonFinite => f.write_str("the weights file contains NaN or infinite values"),
            WeightsError::OverBudget(m) => write!(f, "the weights file's network is too big for this app: {m}"),
        }
    }
}

impl std::error::Error for WeightsError {}

/// Reads a little-endian `u32` at `at`, or reports how many bytes were needed.
fn read_u32(bytes: &[u8], at: usize) -> Result<u32, WeightsError> {
    match bytes.get(at..at + 4) {
        Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(WeightsError::Truncated {
            needed: at + 4,
            got: bytes.len(),
        }),
    }
}

/// Checks framing, version and checksum; returns the spec and parameters.
fn parse(bytes: &[u8]) -> Result<(ModelSpec, Vec<f32>), WeightsError> {
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        // A short prefix of a real file is "truncated", anything else "not ours".
        if bytes.len() < 4 && MAGIC.starts_with(bytes) {
            return Err(WeightsError::Truncated {
                needed: 4,
                got: bytes.len(),
            });
        }
        return Err(WeightsError::BadMagic);
    }
    let version = read_u32(bytes, 4)?;
    if version != VERSION {
        return Err(WeightsError::UnsupportedVersion(version));
    }
    let spec_len = read_u32(bytes, 8)? as usize;
    if spec_len > MAX_SPEC_TEXT {
        return Err(WeightsError::BadSpec(format!(
            "spec text of {spec_len} bytes is too long"
        )));
    }
    let count_at = 12 + spec_len;
    let count = read_u32(bytes, count_at)? as usize;
    let needed = (count_at as u64 + 4 + 4 * count as u64 + 4).min(usize::MAX as u64) as usize;
    if bytes.len() < needed {
        return Err(WeightsError::Truncated {
            needed,
            got: bytes.len(),
        });
    }
    if bytes.len() > needed {
        return Err(WeightsError::TrailingBytes(bytes.len() - needed));
    }
    let stored = read_u32(bytes, needed - 4)?;
    let computed = crc32(&bytes[..needed - 4]);
    if stored != computed {
        return Err(WeightsError::Checksum { stored, computed });
    }
    let text = std::str::from_utf8(&bytes[12..count_at])
        .map_err(|_| WeightsError::BadSpec("the spec text is not UTF-8".into()))?;
    let spec: ModelSpec = text
        .parse()
        .map_err(|e| WeightsError::BadSpec(format!("{e}")))?;
    let info = spec
        .validate()
        .map_err(|e| WeightsError::BadSpec(e.to_string()))?;
    let cost = budget::check_info(&info, spec.input, 1)
        .map_err(|e| WeightsError::OverBudget(e.to_string()))?;
    if count != cost.params {
        return Err(WeightsError::WrongShape {
            expected: cost.params,
            found: count,
        });
    }
    let raw = &bytes[count_at + 4..needed - 4];
    let mut params = vec![0f32; raw.len() / 4];
    le_bytes_to_f32s(raw, &mut params);
    if params.iter().any(|v| !v.is_finite()) {
        return Err(WeightsError::NonFinite);
    }
    Ok((spec, params))
}

impl Model {
    /// The model as a weights file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let text = self.spec().to_string();
        let params = self.params_flat();
        let mut out = Vec::with_capacity(20 + text.len() + 4 * params.len());
        out.extend_from_slice(&MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(&(params.len() as u32).to_le_bytes());
        let at = out.len();
        out.resize(at + 4 * params.len(), 0);
        f32s_to_le_bytes(&params, &mut out[at..]);
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// A new model from a weights file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, WeightsError> {
        let (spec, params) = parse(bytes)?;
        // The init draw is overwritten below; any seed does.
        let mut model = Model::new(&spec, &mut Rng::new(0))
            .map_err(|e| WeightsError::BadSpec(e.to_string()))?;
        let expected = model.param_count();
        if params.len() != expected {
            return Err(WeightsError::WrongShape {
                expected,
                found: params.len(),
            });
        }
        model
            .set_params_flat(&params)
            .map_err(WeightsError::BadSpec)?;
        Ok(model)
    }

    /// Loads a weights file into this model, which must have the same spec.
    /// On any error the model is left untouched.
    pub fn load_bytes(&mut self, bytes: &[u8]) -> Result<(), WeightsError> {
        let (spec, params) = parse(bytes)?;
        if &spec != self.spec() {
            return Err(WeightsError::SpecMismatch {
                model: self.spec().to_string(),
                file: spec.to_string(),
            });
        }
        let expected = self.param_count();
        if params.len() != expected {
            return Err(WeightsError::WrongShape {
                expected,
                found: params.len(),
            });
        }
        self.set_params_flat(&params).map_err(WeightsError::BadSpec)
    }
}
