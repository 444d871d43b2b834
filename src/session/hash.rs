//! Settings in the URL hash, so a teacher can share a link that reproduces a run.
//!
//! Form: `#section&arch=...&lr=0.01&batch=32&opt=adam&seed=7&hide=race,calc&present=1`.
//! The first bare word is the section to scroll to (a deep link such as
//! `#cat`); the rest are `key=value` pairs. Unknown keys are ignored and bad
//! values are reported, never fatal: a mangled link still opens the app.

use crate::core::{ModelSpec, OptimizerKind, MAX_BATCH};

/// What a link can set. `None` means "not in the link: keep the default".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HashSettings {
    pub section: Option<String>,
    pub spec: Option<ModelSpec>,
    pub lr: Option<f32>,
    pub batch_size: Option<usize>,
    pub optimizer: Option<OptimizerKind>,
    pub seed: Option<u64>,
    /// Section or control ids to hide (teacher links).
    pub hide: Vec<String>,
    pub present: bool,
}

/// Default SGD momentum used when a link says `opt=sgd`.
pub const SGD_MOMENTUM: f32 = crate::core::optim::DEFAULT_MOMENTUM;

/// Adam with the usual constants.
pub fn adam() -> OptimizerKind {
    OptimizerKind::ADAM
}

/// Short name of an optimizer for links and labels.
pub fn optimizer_name(kind: &OptimizerKind) -> &'static str {
    kind.name()
}

/// Parses an optimizer name (`sgd` or `adam`).
pub fn parse_optimizer(name: &str) -> Option<OptimizerKind> {
    OptimizerKind::parse(name)
}

/// Reads a hash (with or without the leading `#`). Returns the settings and
/// a list of problems, one per value that could not be used.
pub fn parse(hash: &str) -> (HashSettings, Vec<String>) {
    let mut s = HashSettings::default();
    let mut problems = Vec::new();
    let text = hash.strip_prefix('#').unwrap_or(hash);
    for part in text.split('&').filter(|p| !p.is_empty()) {
        let Some((key, raw)) = part.split_once('=') else {
            if s.section.is_none() && is_word(part) {
                s.section = Some(part.to_string());
            }
            continue;
        };
        let value = decode(raw);
        let mut bad = |what: &str| problems.push(format!("link setting {key}={value}: {what}"));
        match key {
            "arch" => match value.parse::<ModelSpec>() {
                Ok(spec) => match spec.validate() {
                    Ok(_) => s.spec = Some(spec),
                    Err(e) => bad(&e.to_string()),
                },
                Err(e) => bad(&e.to_string()),
            },
            "lr" => match value.parse::<f32>() {
                // Huge rates are allowed: watching training diverge is part of the lesson.
                Ok(v) if v.is_finite() && v > 0.0 && v <= 1e6 => s.lr = Some(v),
                _ => bad("expected a learning rate above 0 and at most 1000000"),
            },
            "batch" => match value.parse::<usize>() {
                Ok(v) if (1..=MAX_BATCH).contains(&v) => s.batch_size = Some(v),
                _ => bad(&format!("expected a batch size from 1 to {MAX_BATCH}")),
            },
            "opt" => match parse_optimizer(&value) {
                Some(o) => s.optimizer = Some(o),
                None => bad("expected sgd or adam"),
            },
            "seed" => match value.parse::<u64>() {
                Ok(v) => s.seed = Some(v),
                Err(_) => bad("expected a whole number"),
            },
            "hide" => {
                s.hide = value
                    .split(',')
                    .filter(|w| is_word(w))
                    .map(str::to_string)
                    .collect()
            }
            "present" => s.present = value == "1" || value == "true",
            _ => {}
        }
    }
    (s, problems)
}

/// Writes settings back to a hash string (with the leading `#`).
pub fn format(s: &HashSettings) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(sec) = &s.section {
        parts.push(sec.clone());
    }
    if let Some(spec) = &s.spec {
        parts.push(format!("arch={}", encode(&spec.to_string())));
    }
    if let Some(lr) = s.lr {
        parts.push(format!("lr={lr}"));
    }
    if let Some(b) = s.batch_size {
        parts.push(format!("batch={b}"));
    }
    if let Some(o) = &s.optimizer {
        parts.push(format!("opt={}", optimizer_name(o)));
    }
    if let Some(seed) = s.seed {
        parts.push(format!("seed={seed}"));
    }
    if !s.hide.is_empty() {
        parts.push(format!("hide={}", s.hide.join(",")));
    }
    if s.present {
        parts.push("present=1".into());
    }
    format!("#{}", parts.join("&"))
}

fn is_word(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 32
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `|` is the only character of a spec that some tools escape in links.
fn encode(text: &str) -> String {
    text.replace('|', "%7C")
}

fn decode(text: &str) -> String {
    text.replace("%7C", "|").replace("%7c", "|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_setting() {
        let s = HashSettings {
            section: Some("train".into()),
            spec: Some(ModelSpec::reference()),
            lr: Some(0.005),
            batch_size: Some(32),
            optimizer: Some(adam()),
            seed: Some(42),
            hide: vec!["race".into(), "calc".into()],
            present: true,
        };
        let (back, problems) = parse(&format(&s));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn a_plain_anchor_is_a_section() {
        let (s, p) = parse("#cat");
        assert_eq!(s.section.as_deref(), Some("cat"));
        assert!(p.is_empty());
    }

    #[test]
    fn bad_values_are_reported_not_fatal() {
        let (s, p) = parse("#lr=banana&batch=0&arch=28x28x1|c8k29|d10&seed=5");
        assert_eq!(s.seed, Some(5));
        assert_eq!(s.lr, None);
        assert_eq!(s.spec, None);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[2].contains("conv1"), "names the layer: {}", p[2]);
    }
}
