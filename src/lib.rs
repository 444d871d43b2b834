//! CNN Playground: a CNN core in pure Rust, and the browser app around it.
//!
//! The layers, lowest first (each imports only those before it; see
//! `ARCHITECTURE.md`):
//! - [`core`]: the network itself: specs, layers, training, weights files;
//! - [`formats`]: file formats (IDX, gzip framing, the data manifest, base64);
//! - [`session`]: the state the whole page shares;
//! - [`panels`]: the pure logic behind each panel, one folder per panel;
//! - `web` (wasm only): the Yew views, mirroring `panels` by name.

pub use cnn_core::core;
pub mod formats;
pub mod panels;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod web;
