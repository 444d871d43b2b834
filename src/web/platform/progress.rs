//! How far the data download has got, for the page to show while the
//! training digits arrive: the files' announced sizes, and each body read
//! piece by piece so the bytes received so far are known.

use std::cell::Cell;

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::load::{js_text, read_body, LoadError};

thread_local! {
    /// Bytes of the data files received so far and their announced total,
    /// while they download (see [`data_progress`]).
    static PROGRESS: Cell<Option<(f64, f64)>> = const { Cell::new(None) };
}

/// While the data files download: bytes received and the total the server
/// announced (0 when it did not). `None` before and after.
pub fn data_progress() -> Option<(f64, f64)> {
    PROGRESS.with(Cell::get)
}

/// The downloads begin: nothing received, nothing announced.
pub(super) fn start() {
    PROGRESS.with(|p| p.set(Some((0.0, 0.0))));
}

/// A response announced `bytes` more to come.
pub(super) fn expect(bytes: f64) {
    PROGRESS.with(|p| p.set(p.get().map(|(got, total)| (got, total + bytes))));
}

/// `bytes` more arrived.
fn received(bytes: f64) {
    PROGRESS.with(|p| p.set(p.get().map(|(got, total)| (got + bytes, total))));
}

/// The downloads are over, done or failed.
pub(super) fn end() {
    PROGRESS.with(|p| p.set(None));
}

/// The size the server announced for a response's body (0 when unknown).
pub(super) fn content_length(resp: &web_sys::Response) -> f64 {
    resp.headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// Reads a body piece by piece, adding each piece to the download progress.
/// Reads it whole where the body is not a stream.
pub(super) async fn read_counted(url: &str, resp: web_sys::Response) -> Result<Vec<u8>, LoadError> {
    let fail = |message: String| LoadError {
        file: url.to_string(),
        message,
    };
    let method = |target: &JsValue, name: &str| -> Option<Function> {
        Reflect::get(target, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()
    };
    let reader = Reflect::get(&resp, &JsValue::from_str("body"))
        .ok()
        .filter(|b| b.is_object())
        .and_then(|body| method(&body, "getReader")?.call0(&body).ok());
    let Some((reader, read)) = reader.and_then(|r| method(&r, "read").map(|f| (r, f))) else {
        return read_body(url, resp).await;
    };
    let mut out = Vec::with_capacity(content_length(&resp) as usize);
    loop {
        let promise: Promise = read
            .call0(&reader)
            .ok()
            .and_then(|p| p.dyn_into().ok())
            .ok_or_else(|| fail("body could not be read".into()))?;
        let piece = JsFuture::from(promise)
            .await
            .map_err(|e| fail(format!("download was interrupted ({})", js_text(&e))))?;
        let done = Reflect::get(&piece, &JsValue::from_str("done"))
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(out);
        }
        let value: Uint8Array = Reflect::get(&piece, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or_else(|| fail("body could not be read".into()))?;
        let start = out.len();
        out.resize(start + value.length() as usize, 0);
        value.copy_to(&mut out[start..]);
        received(f64::from(value.length()));
    }
}
