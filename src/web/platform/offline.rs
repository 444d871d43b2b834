//! Offline support: registers `sw.js` and hands it the files of the first visit.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Registers the service worker. Once it is ready, sends it the URLs this
/// page loaded (the worker did not see them, because it was not in control yet).
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let _ = container.register("sw.js");
    let Ok(ready) = container.ready() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let reg: web_sys::ServiceWorkerRegistration = reg.unchecked_into();
        let Some(active) = reg.active() else { return };
        let urls = js_sys::Array::new();
        urls.push(&JsValue::from_str(
            &window.location().href().unwrap_or_default(),
        ));
        if let Some(perf) = window.performance() {
            for entry in perf.get_entries_by_type("resource").iter() {
                let entry: web_sys::PerformanceEntry = entry.unchecked_into();
                urls.push(&JsValue::from_str(&entry.name()));
            }
        }
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str("cache"), &urls);
        let _ = active.post_message(&msg);
    });
}
