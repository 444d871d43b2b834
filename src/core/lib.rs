//! The core as a crate of its own (`cnn_core`): compiled at full speed
//! while the app around it is built for size, and unable to import
//! anything above it.
#[path = "mod.rs"]
pub mod core;
