//! The pretrained model the app loads (`static/model/default.cnnw`, made by
//! `train-default`), for the tests that read digits with it.

use cnn_playground::core::Model;

pub const PATH: &str = "static/model/default.cnnw";

/// The pretrained model. Never skipped: `make test` builds it first; a bare
/// `cargo test` without it fails here and says how to make it.
pub fn model() -> Model {
    let bytes = std::fs::read(PATH).unwrap_or_else(|e| {
        panic!(
            "{PATH}: {e}. Make it with `make model` (or `cargo run --release --bin \
             train-default`), then run this test again."
        )
    });
    Model::from_bytes(&bytes).expect("the default model file is valid")
}
