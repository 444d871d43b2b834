//! Benchmark entry points for `www/bench.html` and the benchmark programs
//! (wasm only). They are a few kilobytes of the app's wasm, so both builds
//! carry them and the benchmark times exactly the code the page runs.
//!
//! ```js
//! import init, { bench_matmul, bench_train, train_flops_per_image } from "./pkg/cnn_playground.js";
//! await init();
//! bench_matmul(256);              // GFLOP/s of a 256-cube matmul, about a second
//! bench_train(spec, 64, 5, 2);    // images/s training `spec` at batch 64, >= 5 steps and 2 s
//! bench_train();                  // a report for the reference and default nets
//! ```

use super::js_api::parse_spec;
use crate::core::bench::{
    matmul_gflops_ndarray_with, matmul_gflops_with, ndarray_label, train_macs_per_image,
    train_throughput_with, Clock,
};
use crate::core::{Model, ModelSpec, Rng};
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
/// With no arguments: a report string for the reference and default nets at
/// batch 64: images/s, achieved GFLOP/s, and the ratio to the matmul ceiling
/// (the better of our SIMD kernel and ndarray on a 512-cube; ndarray only in
/// builds with the `bench-ndarray` feature) measured in the same call.
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
    let ours = matmul_gflops_with(512, 1.0, &PerfClock);
    let nd = matmul_gflops_ndarray_with(512, 1.0, &PerfClock);
    let ceiling = nd.map_or(ours, |nd| ours.max(nd));
    let nd = ndarray_label(nd);
    let mut out = format!(
        "matmul 512^3, one thread: SIMD kernel {ours:.1} GFLOP/s, {nd}; ceiling {ceiling:.1}\n"
    );
    for (name, spec) in [
        ("reference", ModelSpec::reference()),
        ("default", ModelSpec::default_cnn()),
    ] {
        let r = train_throughput_with(&spec, batch, 5, 2.0, &PerfClock)
            .map_err(|e| JsError::new(&e.to_string()))?;
        out.push_str(&format!(
            "{name} net, batch {batch}: {:.0} images/s, {:.2} GFLOP/s = {:.0}% of the ceiling\n",
            r.images_per_sec,
            r.gflops,
            100.0 * r.gflops / ceiling
        ));
    }
    Ok(JsValue::from_str(&out))
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
