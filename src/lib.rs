//! CNN Playground: a CNN core in pure Rust, and the browser app around it.

pub mod calc;
pub mod calcform;
pub mod cat;
pub mod catview;
pub mod core;
pub mod data;
pub mod heatmap;
pub mod inspect;
pub mod preprocess;
pub mod race;
pub mod receptive;
pub mod session;
pub mod sketch;

#[cfg(target_arch = "wasm32")]
pub mod web;
