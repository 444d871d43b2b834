//! The browser underneath: loading data and model, start-up, LocalStorage,
//! the service worker, timers, document key presses, window events, the panic
//! hook, the JavaScript API (the benchmark's too), the wasm build in use, and
//! the training workers.

pub mod address;
pub mod build;
pub mod clock;
pub mod events;
#[cfg(feature = "ui")]
pub mod forget;
pub mod js_api;
pub mod js_bench;
pub mod keys;
pub mod load;
pub mod offline;
#[cfg(feature = "ui")]
pub mod panic;
pub mod progress;
#[cfg(feature = "ui")]
pub mod startup;
#[cfg(feature = "ui")]
pub mod storage;
pub mod worker_api;
#[cfg(feature = "ui")]
pub mod workers;
