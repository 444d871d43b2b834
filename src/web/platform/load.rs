//! Fetching the MNIST IDX files and the pretrained model from our own origin.
//!
//! The data folder's `manifest.txt` (written at build time, see
//! [`crate::formats::manifest`]) says which files exist, so we fetch only those:
//! full MNIST when a user dropped it in, else our bundled `subset-*` split.
//! Every failure becomes a [`LoadError`] naming the file and what is wrong,
//! for the UI to show; nothing here panics.
//!
//! `fetch` is looked up on the global object, so this works in a page and in
//! a Web Worker alike (relative URLs resolve against the script's location,
//! hence [`load_mnist_from`] for callers that need an absolute base).

use std::fmt;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::Dataset;
use crate::formats::gzip::is_gzip;
use crate::formats::idx::load_dataset;
use crate::formats::manifest::{self, FileSet};

use super::progress::{self, content_length, read_counted};

/// Where the data files live, relative to the page.
pub const DATA_BASE: &str = "static/data/";
/// The pretrained model written at build time by `train-default`.
pub const DEFAULT_MODEL_URL: &str = "static/model/default.cnnw";

/// The train and test sets, and a one-line description of where they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Mnist {
    pub train: Dataset,
    pub test: Dataset,
    /// "bundled 8,000/2,000 split" or "full MNIST 60,000/10,000".
    pub source: String,
}

/// A file that could not be fetched or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The URL or file name, as the user would look for it.
    pub file: String,
    /// What went wrong, in plain words.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for LoadError {}

/// Loads MNIST from [`DATA_BASE`].
pub async fn load_mnist() -> Result<Mnist, LoadError> {
    load_mnist_from(DATA_BASE).await
}

/// Loads MNIST from the folder at `base` (a URL ending in `/`).
pub async fn load_mnist_from(base: &str) -> Result<Mnist, LoadError> {
    let manifest_url = format!("{base}{}", manifest::MANIFEST);
    // Without a manifest (an older build, a hand-copied site) try the bundled names.
    let set = match fetch_text(&manifest_url).await {
        Ok(text) => manifest::choose(&manifest::parse(&text)).ok_or_else(|| LoadError {
            file: manifest_url.clone(),
            message: "lists no complete set of MNIST files (run `make data`)".into(),
        })?,
        Err(_) => FileSet::subset(),
    };
    let urls: Vec<String> = set.files.iter().map(|f| format!("{base}{f}")).collect();
    // Start all four downloads before awaiting any of them.
    let pending: Vec<Result<Promise, LoadError>> = urls.iter().map(|u| start_fetch(u)).collect();
    // Their sizes, then their bodies piece by piece: the page shows how far
    // the download has got (`progress`) while the pretrained model already
    // reads drawings.
    progress::start();
    let bytes = download(&urls, pending).await;
    progress::end();
    let mut bytes = bytes?;
    // Inflating and reading is the heaviest start-up work. The browser
    // inflates the .gz files in small pieces (DecompressionStream) where it
    // can, and each set is read in a task of its own, so the page paints and
    // takes input in between.
    for b in bytes.iter_mut() {
        if is_gzip(b) {
            if let Some(plain) = inflate_in_browser(b).await {
                *b = plain;
            }
        }
    }
    next_task().await;
    let train = read_pair(&urls[0], &urls[1], &bytes[0], &bytes[1])?;
    next_task().await;
    let test = read_pair(&urls[2], &urls[3], &bytes[2], &bytes[3])?;
    let source = manifest::describe(set.full, train.len(), test.len());
    Ok(Mnist {
        train,
        test,
        source,
    })
}

/// Awaits the started downloads: all the responses first (so the total
/// size is known early), then their bodies.
async fn download(
    urls: &[String],
    pending: Vec<Result<Promise, LoadError>>,
) -> Result<Vec<Vec<u8>>, LoadError> {
    let mut responses = Vec::with_capacity(urls.len());
    for (url, p) in urls.iter().zip(pending) {
        let resp = response(url, p?).await?;
        progress::expect(content_length(&resp));
        responses.push(resp);
    }
    let mut bytes = Vec::with_capacity(urls.len());
    for (url, resp) in urls.iter().zip(responses) {
        bytes.push(read_counted(url, resp).await?);
    }
    Ok(bytes)
}

/// Inflates gzip `bytes` with the browser's `DecompressionStream`, which
/// works through them in small pieces instead of one long task. `None` where
/// the browser has none or it fails: the IDX reader then inflates them itself
/// (and names the file if they are damaged).
async fn inflate_in_browser(bytes: &[u8]) -> Option<Vec<u8>> {
    let global = js_sys::global();
    let get = |target: &JsValue, name: &str| Reflect::get(target, &JsValue::from_str(name)).ok();
    let call = |target: &JsValue, name: &str, args: &Array| -> Option<JsValue> {
        let f: Function = get(target, name)?.dyn_into().ok()?;
        f.apply(target, args).ok()
    };
    let ctor: Function = get(&global, "DecompressionStream")?.dyn_into().ok()?;
    let inflater = Reflect::construct(&ctor, &Array::of1(&JsValue::from_str("gzip"))).ok()?;
    let blob =
        web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes))).ok()?;
    let stream = call(&blob, "stream", &Array::new())?;
    let plain = call(&stream, "pipeThrough", &Array::of1(&inflater))?;
    let response_ctor: Function = get(&global, "Response")?.dyn_into().ok()?;
    let response = Reflect::construct(&response_ctor, &Array::of1(&plain)).ok()?;
    let buffer: Promise = call(&response, "arrayBuffer", &Array::new())?
        .dyn_into()
        .ok()?;
    let buffer = JsFuture::from(buffer).await.ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Resolves in a later task (`setTimeout(0)` on the global object, window
/// or worker), letting the browser paint and handle input first.
async fn next_task() {
    let promise = Promise::new(&mut |resolve, _reject| {
        let global = js_sys::global();
        let timeout = Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        match timeout {
            Some(set_timeout) => {
                let _ = set_timeout.call2(&global, &resolve, &JsValue::from_f64(0.0));
            }
            None => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Parses one images/labels pair, blaming the right file on failure.
fn read_pair(img_url: &str, lab_url: &str, img: &[u8], lab: &[u8]) -> Result<Dataset, LoadError> {
    use crate::formats::idx::{FileKind, IdxError};
    load_dataset(img, lab).map_err(|e| {
        let file = match &e {
            IdxError::BadMagic { kind, .. }
            | IdxError::Truncated { kind, .. }
            | IdxError::Empty { kind }
            | IdxError::Gzip { kind, .. } => match kind {
                FileKind::Images => img_url.to_string(),
                FileKind::Labels => lab_url.to_string(),
            },
            IdxError::WrongDims { .. } => img_url.to_string(),
            IdxError::BadLabel { .. } => lab_url.to_string(),
            IdxError::CountMismatch { .. } => format!("{img_url} and {lab_url}"),
        };
        LoadError {
            file,
            message: e.to_string(),
        }
    })
}

/// Fetches `url` from our origin and returns its bytes.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    finish_fetch(url, start_fetch(url)?).await
}

async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let bytes = fetch_bytes(url).await?;
    String::from_utf8(bytes).map_err(|_| LoadError {
        file: url.to_string(),
        message: "is not UTF-8 text".into(),
    })
}

/// Calls the global `fetch(url)` (window or worker) and returns its promise.
fn start_fetch(url: &str) -> Result<Promise, LoadError> {
    let fail = |why: &str| LoadError {
        file: url.to_string(),
        message: why.to_string(),
    };
    let global = js_sys::global();
    let fetch: Function = Reflect::get(&global, &JsValue::from_str("fetch"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| fail("this browser has no fetch()"))?;
    fetch
        .call1(&global, &JsValue::from_str(url))
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or_else(|| fail("fetch() refused the request"))
}

/// Awaits a fetch promise, checks the HTTP status and reads the body.
async fn finish_fetch(url: &str, promise: Promise) -> Result<Vec<u8>, LoadError> {
    let resp = response(url, promise).await?;
    read_body(url, resp).await
}

/// Awaits a fetch promise and checks the HTTP status.
async fn response(url: &str, promise: Promise) -> Result<web_sys::Response, LoadError> {
    let fail = |message: String| LoadError {
        file: url.to_string(),
        message,
    };
    let resp: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(|e| fail(format!("could not be fetched ({})", js_text(&e))))?
        .dyn_into()
        .map_err(|_| fail("fetch() did not return a Response".into()))?;
    if !resp.ok() {
        let hint = if resp.status() == 404 {
            " (not found: run `make data`)"
        } else {
            ""
        };
        return Err(fail(format!(
            "HTTP {} {}{hint}",
            resp.status(),
            resp.status_text()
        )));
    }
    Ok(resp)
}

/// Reads a whole response body.
pub(super) async fn read_body(url: &str, resp: web_sys::Response) -> Result<Vec<u8>, LoadError> {
    let fail = |message: String| LoadError {
        file: url.to_string(),
        message,
    };
    let buffer = resp
        .array_buffer()
        .map_err(|e| fail(format!("body could not be read ({})", js_text(&e))))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| fail(format!("download was interrupted ({})", js_text(&e))))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A readable line from a thrown JS value (usually a `TypeError`).
pub(super) fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            Reflect::get(value, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}
