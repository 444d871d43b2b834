//! Browser app (wasm only).
