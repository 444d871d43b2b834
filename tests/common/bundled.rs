//! The bundled split of MNIST (`static/data/subset-{train,test}-*`, written
//! by `make data`), for the tests that train or read real digits.

use cnn_playground::core::Dataset;
use cnn_playground::formats::idx::load_dataset;

/// The bundled `split`, "train" or "test". Never skipped: `make test` writes
/// the files first; a bare `cargo test` without them fails here and says how
/// to make them.
pub fn split(split: &str) -> Dataset {
    let read = |kind: &str, dims: u8| {
        let path = format!("static/data/subset-{split}-{kind}-idx{dims}-ubyte");
        std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{path}: {e}. Make it with `make data`, then run this test again.")
        })
    };
    load_dataset(&read("images", 3), &read("labels", 1)).expect("the bundled IDX files are valid")
}
