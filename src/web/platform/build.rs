//! The wasm build this page runs. `boot.js` picks one of two builds of the
//! same crate (relaxed SIMD where the browser validates it, else simd128; see
//! `www/wasm-features.js`) and leaves `globalThis.cnnBuild = { name, glue,
//! wasm }`. The page names the build, and its workers load the same one.

use crate::panels::train::status::WasmBuild;

/// The build start-up chose none (a page that loads the glue itself): the
/// simd128 build, as the glue's own default.
const DEFAULT_GLUE: &str = "./pkg/cnn_playground.js";
const DEFAULT_WASM: &str = "./pkg/cnn_playground_bg.wasm";

/// One field of `globalThis.cnnBuild`, when start-up set it.
fn field(key: &str) -> Option<String> {
    let chosen = js_sys::Reflect::get(&js_sys::global(), &"cnnBuild".into()).ok()?;
    if !chosen.is_object() {
        return None;
    }
    js_sys::Reflect::get(&chosen, &key.into())
        .ok()?
        .as_string()
        .filter(|v| !v.is_empty())
}

/// Which build runs here.
pub fn current() -> WasmBuild {
    WasmBuild::from_name(field("name").as_deref())
}

/// The glue script and wasm module this page runs, as absolute URLs, for
/// the workers.
pub fn urls() -> (String, String) {
    let (glue, wasm) = match (field("glue"), field("wasm")) {
        (Some(g), Some(w)) => (g, w),
        _ => (DEFAULT_GLUE.to_string(), DEFAULT_WASM.to_string()),
    };
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let absolute = |u: String| {
        web_sys::Url::new_with_base(&u, &base)
            .map(|url| url.href())
            .unwrap_or(u)
    };
    (absolute(glue), absolute(wasm))
}
