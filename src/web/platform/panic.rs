//! What a crash looks like: a readable message on the page and in the console.
//!
//! Without a hook, a Rust panic in wasm (built with `panic = "abort"`) ends
//! in a bare `unreachable` error and a page that silently stops answering.
//! The hook runs first: it writes what happened, that a reload starts the
//! app again, and how to report it, into a banner at the top of the page and
//! into the console. The app cannot continue after a panic, so the banner
//! says so plainly rather than pretending otherwise.

use std::panic::PanicHookInfo;
use wasm_bindgen::prelude::*;

/// Installs the hook, through Yew so that its renderer keeps it instead of
/// installing its own console-only one.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(report));
}

/// The banner's text for a panic message and place.
pub fn describe(what: &str, place: &str) -> String {
    format!(
        "CNN Playground stopped because of an internal error: {what} ({place}). \
         Reload the page to start again. If it happens again, please report it \
         with this message and the link in the address bar."
    )
}

fn report(info: &PanicHookInfo<'_>) {
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let place = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_else(|| "unknown place".into());
    let text = describe(&what, &place);
    web_sys::console::error_1(&JsValue::from_str(&text));
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(banner) = doc.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-message");
    banner.set_text_content(Some(&text));
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}

/// Panics on purpose, so a person or a test can see what a crash reports.
/// Never called by the app itself.
#[wasm_bindgen(js_name = crashReportCheck)]
pub fn crash_report_check() {
    panic!("crash report check requested from the console");
}
