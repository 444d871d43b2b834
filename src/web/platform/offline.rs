//! Offline support: registers `sw.js`, which caches the whole build at once.
//!
//! The worker downloads every file of the build (listed in `sw-build.js`,
//! written by `make site`) into a cache named by the build's hash, so the
//! page needs to tell it nothing. Updates are offered by `boot.js`.

/// Registers the service worker (a no-op where there is none).
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let _ = window.navigator().service_worker().register("sw.js");
}
