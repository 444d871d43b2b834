//! Benchmark entry points for `www/bench.html` and the benchmark programs
//! (wasm only). They are a few kilobytes of the app's wasm, so both builds
//! carry them and the benchmark times exactly the code the page runs. The
//! timing and the report are `core::bench`'s; this file only hands them the
//! page's clock and carries figures across.
//!
//! ```js
//! import init, * as m from "./pkg/cnn_playground.js";
//! await init();
//! m.bench_matmul(256);            // GFLOP/s of a 256-cube matmul, about a second
//! m.bench_train(spec, 64, 5, 2);  // images/s training `spec` at batch 64, >= 5 steps and 2 s
//! m.bench_train();                // a quick report (1 s per figure, one timing each)
//! const figs = m.bench_report(5, 3);      // the full report's figures: medians of 3 timings of >= 5 s
//! m.bench_report_text(m.bench_build(), figs);  // as text, with the targets
//! m.bench_compare(newFigs, "relaxed", baseFigs, "plain");  // ratios of two builds' reports
//! ```

use super::js_api::parse_spec;
use crate::core::bench::{
    build_name, compare_text, matmul_gflops_with, report_with, train_macs_per_image,
    train_throughput_with, BenchPlan, Clock, Report,
};
use crate::core::{Model, Rng};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: present in windows and workers alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

struct PerfClock;
impl Clock for PerfClock {
    fn now_ms(&self) -> f64 {
        performance_now()
    }
}

/// With a spec: training throughput in images/s for at least `steps` steps
/// (default 50) and `seconds` (default 0) of `batch` (default 64) random
/// images, after one warm-up step.
///
/// With no arguments: a quick report string (each figure timed once for at
/// least a second, batch 64): the GEMM ceiling, the benchmark and default
/// nets' training speed against it, the 1-image predict time and the targets.
/// `bench_report` gives the full one.
#[wasm_bindgen]
pub fn bench_train(
    spec_text: Option<String>,
    batch: Option<u32>,
    steps: Option<u32>,
    seconds: Option<f64>,
) -> Result<JsValue, JsError> {
    let batch = batch.unwrap_or(64).max(1) as usize;
    if let Some(text) = spec_text {
        let spec = parse_spec(&text)?;
        let steps = steps.unwrap_or(50) as u64;
        let r = train_throughput_with(&spec, batch, steps, seconds.unwrap_or(0.0), &PerfClock)
            .map_err(|e| JsError::new(&e.to_string()))?;
        return Ok(JsValue::from_f64(r.images_per_sec));
    }
    let plan = BenchPlan {
        seconds: 1.0,
        repeats: 1,
        batch,
    };
    let report = report_with(&plan, &PerfClock).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(JsValue::from_str(&report.text(build_name())))
}

/// Which build this is, from its target features: `wasm simd128` or
/// `wasm relaxed SIMD (FMA)`.
#[wasm_bindgen]
pub fn bench_build() -> String {
    build_name().to_string()
}

/// The benchmark's report on this build as figures (see `Report::to_figures`):
/// each figure the median of `repeats` (default 3) timings of at least
/// `seconds` (default 5), batch 64. Blocks for about 7 x `repeats` x `seconds`
/// (four GEMM sizes, two nets, prediction), plus warm-ups.
#[wasm_bindgen]
pub fn bench_report(seconds: Option<f64>, repeats: Option<u32>) -> Result<Vec<f64>, JsError> {
    let d = BenchPlan::default();
    let plan = BenchPlan {
        seconds: seconds.unwrap_or(d.seconds).max(0.0),
        repeats: repeats.map_or(d.repeats, |r| r.max(1) as usize),
        batch: d.batch,
    };
    let report = report_with(&plan, &PerfClock).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(report.to_figures())
}

fn read_report(figures: &[f64]) -> Result<Report, JsError> {
    Report::from_figures(figures).ok_or_else(|| JsError::new("these are not a report's figures"))
}

/// A report's figures (from `bench_report`, in any build) as text headed by `build`,
/// with each target met or not.
#[wasm_bindgen]
pub fn bench_report_text(build: &str, figures: &[f64]) -> Result<String, JsError> {
    Ok(read_report(figures)?.text(build))
}

/// Ratios of two reports measured in the same run (`new` over `base`) as text:
/// GEMM ceiling, each net's images/s, and the 1-image predict time.
#[wasm_bindgen]
pub fn bench_compare(
    new_figures: &[f64],
    new_name: &str,
    base_figures: &[f64],
    base_name: &str,
) -> Result<String, JsError> {
    let (new, base) = (read_report(new_figures)?, read_report(base_figures)?);
    Ok(compare_text(&new, new_name, &base, base_name))
}

/// Floating-point operations one training image costs for this spec (2 per
/// multiply-add: forward, weight gradients, input gradients except the first layer's).
#[wasm_bindgen]
pub fn train_flops_per_image(spec_text: &str) -> Result<f64, JsError> {
    let spec = parse_spec(spec_text)?;
    let model = Model::new(&spec, &mut Rng::new(0)).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(2.0 * train_macs_per_image(&model) as f64)
}

/// GFLOP/s of an `n x n x n` f32 matrix multiply (default 512) on one thread,
/// through the same GEMM the layers use, run for about a second.
#[wasm_bindgen]
pub fn bench_matmul(n: Option<u32>) -> f64 {
    matmul_gflops_with(n.unwrap_or(512).clamp(8, 2048) as usize, 1.0, &PerfClock)
}
