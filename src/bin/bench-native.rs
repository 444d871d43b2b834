//! Native benchmark: the same report as the wasm benchmark page, from the same
//! core function (`core::bench::report_with`): the GEMM ceiling (our kernel's
//! best over square sizes 64 to 512), training images/s of the benchmark and
//! default nets at batch 64 as GFLOP/s and as a fraction of that ceiling, the
//! 1-image predict time, and the targets. Each figure is the median of 3
//! timings of at least 5 s, so a run takes about two minutes. With the
//! `bench-ndarray` feature it also prints ndarray's matmul at the size where
//! our kernel peaked, for comparison.
//!
//! Run: `cargo run --release --features bench-ndarray --bin bench-native`
//! (`make bench-native`). Synthetic images are enough: the cost of a step
//! does not depend on pixel values.

#[cfg(not(target_arch = "wasm32"))]
use cnn_playground::core::bench::{
    build_name, matmul_gflops_ndarray_with, ndarray_label, report, BenchPlan,
};

/// `cargo test --target wasm32-unknown-unknown` builds every binary; this one is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let plan = BenchPlan::default();
    let r = report(&plan).expect("built-in specs are valid");
    print!("{}", r.text(build_name()));
    let at = r.ceiling.size;
    let nd = matmul_gflops_ndarray_with(at, plan.seconds, &std::time::Instant::now());
    println!("for comparison, at {at}^3: {}", ndarray_label(nd));
}
