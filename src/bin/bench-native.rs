//! Native benchmark: training images/s for the reference and default nets at
//! batch 64, against a single-core f32 matmul as the ceiling (our kernel's
//! best over square sizes 64 to 512, or ndarray's at that size if faster).
//!
//! Run: `cargo run --release --features bench-ndarray --bin bench-native`
//! (`make bench-native`); without the feature only our kernel sets the ceiling.
//! Synthetic images are enough: the cost of a step does not depend on pixel values.

#[cfg(not(target_arch = "wasm32"))]
use cnn_playground::core::bench::{
    matmul_ceiling, matmul_gflops_ndarray_with, ndarray_label, train_throughput,
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
    let (ours, at) = matmul_ceiling(0.5);
    let theirs = matmul_gflops_ndarray_with(at, 0.5, &std::time::Instant::now());
    let ceiling = theirs.map_or(ours, |theirs| ours.max(theirs));
    let theirs = ndarray_label(theirs);
    println!(
        "matmul, one core: our kernel at best {ours:.1} GFLOP/s ({at}^3 of 64^3 to 512^3), \
         {theirs} at {at}^3; ceiling {ceiling:.1}"
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
