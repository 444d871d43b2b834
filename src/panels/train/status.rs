//! The Train section's sentences about the model itself: where its weights
//! came from, its held-out accuracy (from integer counts), and which run
//! "Reached 95%" counts. Each is produced from the values it quotes. Also
//! which wasm build runs the core.

use crate::core::numfmt::{percent_of, thousands};

/// Right answers and total from a confusion matrix (rows: true class).
pub fn counts(confusion: &[Vec<u32>]) -> (u64, u64) {
    let total = confusion.iter().flatten().map(|&c| c as u64).sum();
    let right = confusion
        .iter()
        .enumerate()
        .filter_map(|(t, row)| row.get(t))
        .map(|&c| c as u64)
        .sum();
    (right, total)
}

/// `"97.2%"` for 1,943 right of 2,000, or `"–"` before any evaluation.
pub fn held_out(confusion: Option<&[Vec<u32>]>) -> String {
    confusion
        .map(|c| {
            let (right, total) = counts(c);
            percent_of(right, total)
        })
        .unwrap_or_else(|| "–".into())
}

/// What the page knows about the weights in use.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin<'a> {
    /// How the weights were loaded (`None`: random weights from `seed`).
    pub loaded_from: Option<&'a str>,
    pub seed: u64,
    /// Images trained on here since the weights were loaded or reset.
    pub images_seen: u64,
    /// The page's own held-out check of these weights before any training
    /// here: right answers and total.
    pub first_check: Option<(u64, u64)>,
}

/// Two sentences: where the weights came from (with the page's own
/// measurement of them), and what Train and Reset do from here.
pub fn origin_sentence(o: &Origin) -> String {
    let start = match o.loaded_from {
        Some(from) => {
            let check = match o.first_check {
                Some((right, total)) => format!(
                    " Checked on this page's {} held-out digits as it loaded, it read {} of them right ({}).",
                    thousands(total as u128),
                    thousands(right as u128),
                    percent_of(right, total)
                ),
                None => " Its held-out accuracy is being measured.".into(),
            };
            format!("The network on the page is {from}.{check}")
        }
        None => format!("The network started from random weights (seed {}).", o.seed),
    };
    let since = if o.images_seen == 0 {
        "It has not trained on this page yet.".to_string()
    } else {
        format!(
            "It has trained on this page on {} images since.",
            thousands(o.images_seen as u128)
        )
    };
    let next = match o.loaded_from {
        Some(_) => "Train continues from these weights; Reset starts again from random weights.",
        None => "Train continues from these weights; Reset draws fresh random weights.",
    };
    format!("{start} {since} {next}")
}

/// The "Reached 95%" value: when this run (the training on this page since
/// the weights were last loaded or reset) first measured 95% held out.
pub fn reached_text(reached: Option<(f64, u64)>) -> String {
    match reached {
        Some((ms, n)) => format!(
            "after {} ({} images) of this run",
            super::chart::duration(ms),
            thousands(n as u128)
        ),
        None => "not yet in this run".into(),
    }
}

/// What "this run" means, under the stat.
pub const RUN_NOTE: &str =
    "A run is the training on this page since the weights were loaded or last reset.";

/// The wasm build the page runs: both do the same arithmetic with 4-wide
/// vectors, and the relaxed-SIMD one lets each multiply-add fuse into one
/// instruction with one rounding (FMA), where the browser supports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmBuild {
    Simd128,
    RelaxedSimd,
}

impl WasmBuild {
    /// From the name start-up gave the build; anything else is the simd128
    /// build, the one the glue loads by default.
    pub fn from_name(name: Option<&str>) -> WasmBuild {
        match name {
            Some("relaxed-simd") => WasmBuild::RelaxedSimd,
            _ => WasmBuild::Simd128,
        }
    }

    /// The name, as `data-wasm-build` carries it.
    pub fn name(self) -> &'static str {
        match self {
            WasmBuild::Simd128 => "simd128",
            WasmBuild::RelaxedSimd => "relaxed-simd",
        }
    }

    /// What the page says about it, under the speed.
    pub fn sentence(self) -> &'static str {
        match self {
            WasmBuild::RelaxedSimd => "WebAssembly SIMD with fused multiply-add",
            WasmBuild::Simd128 => "WebAssembly SIMD (no fused multiply-add in this browser)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_round_trips_its_name() {
        for b in [WasmBuild::Simd128, WasmBuild::RelaxedSimd] {
            assert_eq!(WasmBuild::from_name(Some(b.name())), b);
        }
        assert_eq!(WasmBuild::from_name(None), WasmBuild::Simd128);
        assert_eq!(WasmBuild::from_name(Some("avx")), WasmBuild::Simd128);
        assert!(WasmBuild::RelaxedSimd
            .sentence()
            .contains("fused multiply-add"));
        assert!(WasmBuild::Simd128.sentence().contains("no fused"));
    }

    #[test]
    fn held_out_comes_from_counts() {
        // 1,943 of 2,000: exactly 97.15%, shown as 97.2% (an f32 ratio gave 97.1%).
        let mut m = vec![vec![0u32; 2]; 2];
        m[0][0] = 1000;
        m[1][1] = 943;
        m[1][0] = 57;
        assert_eq!(counts(&m), (1943, 2000));
        assert_eq!(held_out(Some(&m)), "97.2%");
        assert_eq!(held_out(None), "–");
    }

    #[test]
    fn origin_says_where_the_weights_came_from() {
        let o = Origin {
            loaded_from: Some("the default CNN, pretrained at build time"),
            seed: 1,
            images_seen: 0,
            first_check: Some((1943, 2000)),
        };
        let s = origin_sentence(&o);
        assert!(
            s.starts_with("The network on the page is the default CNN, pretrained at build time."),
            "{s}"
        );
        assert!(
            s.contains("2,000 held-out digits as it loaded, it read 1,943 of them right (97.2%)"),
            "{s}"
        );
        assert!(s.contains("not trained on this page yet"), "{s}");
        assert!(s.contains("Reset starts again from random weights"), "{s}");
        assert!(!s.contains("starts from random weights;"), "{s}");
        let trained = origin_sentence(&Origin {
            images_seen: 4096,
            ..o.clone()
        });
        assert!(trained.contains("on 4,096 images since"), "{trained}");
        let random = origin_sentence(&Origin {
            loaded_from: None,
            seed: 7,
            ..o
        });
        assert!(
            random.starts_with("The network started from random weights (seed 7)."),
            "{random}"
        );
    }

    #[test]
    fn reached_says_which_run_it_counts() {
        assert_eq!(reached_text(None), "not yet in this run");
        assert_eq!(
            reached_text(Some((12_300.0, 4_000))),
            "after 12.3 s (4,000 images) of this run"
        );
    }
}
