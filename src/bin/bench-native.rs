//! Native benchmark: training images/s for the reference and default nets at
//! batch 64, against a large single-core f32 matmul as the ceiling.
//!
//! Run: `cargo run --release --bin bench-native`. Synthetic images are enough:
//! the cost of a step does not depend on pixel values.

#[cfg(not(target_arch = "wasm32"))]
use cnn_playground::core::bench::{matmul_gflops, train_throughput};
#[cfg(not(target_arch = "wasm32"))]
use cnn_playground::core::ModelSpec;

/// `cargo test --target wasm32-unknown-unknown` builds every binary; this one is native only.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let ceiling = matmul_gflops(512, 1.0);
    println!("matmul ceiling (512^3, one core): {ceiling:.1} GFLOP/s");
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
