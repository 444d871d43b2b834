//! The core as a crate of its own (`cnn_core`): it cannot import anything
//! above it, and it can be compiled apart from the app (see the release
//! profile in the top `Cargo.toml`).
#[path = "mod.rs"]
pub mod core;
