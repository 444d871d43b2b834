//! Native benchmark: training images/s for the reference and default nets at
//! batch 64, against a large single-core f32 matmul as the ceiling (the
//! faster of our kernel and ndarray's).
//!
//! Run: `cargo run --release --features bench-ndarray --bin bench-native`
//! (`make bench-native`); without the feature only our kernel sets the ceiling.
//! Synthetic images are enough: the cost of a step does not depend on pixel values.

#[cfg(not(target_arch = "wasm32"))]
use cnn_playground::core::bench::{
    matmul_gflops, matmul_gflops_ndarray_with, ndarray_label, train_throughput,
};
#[cfg(not(target_arch = "wasm32"))]
use cnn_playground::core::ModelSpec;

/// `cargo test --target wasm32-unknown-unknown` builds every binary; this one is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // The ceiling is the faster of our allocation-free kernel and ndarray's
    // matrixmultiply (packed, but allocating), so the ratio is never flattered.
    let ours = matmul_gflops(512, 1.0);
    let theirs = matmul_gflops_ndarray_with(512, 1.0, &std::time::Instant::now());
    let ceiling = theirs.map_or(ours, |theirs| ours.max(theirs));
    let theirs = ndarray_label(theirs);
    println!(
        "matmul 512^3, one core: our kernel {ours:.1} GFLOP/s, {theirs}; ceiling {ceiling:.1}"
    );
    for (name, spec) in [
        ("reference", ModelSpec::reference()),
        ("default", ModelSpec::default_cnn()),
    ] {
        let r = train_throughput(&spec, 64, 1.5).expect("built-in specs are valid");
        println!(
            "{name:>9} net, batch 64: {:.0} images/s, {:.1} GFLOP/s = {:.0}% of the matmul ceiling",
            r.images_per_sec,
            r.gflops,
            100.0 * r.gflops / ceiling
        );
    }
}
