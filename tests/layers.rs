//! The tree's layers, held by a test: each folder of `src/` may name only the
//! folders below it, and only `src/web/` may name the browser.
//!
//! Lowest first: `core` < `formats` < `session` < `panels` < `web`. The test
//! reads every source file as text, drops comments, and fails with the file,
//! the line and the name it should not use. `super::` chains that climb to the
//! crate root count too, so a relative path cannot slip past.

use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [&str; 5] = ["core", "formats", "session", "panels", "web"];

/// Crates that only the browser layer may use.
const BROWSER_CRATES: [&str; 6] = [
    "yew",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "plotters",
    "gloo",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code with `//` comments removed (strings keep their text: a
/// layer name inside a string literal is not a dependency, and none of ours
/// contains `//` followed by a path).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let code = match line.find("//") {
                Some(at) if !line[..at].contains('"') => &line[..at],
                _ => line,
            };
            (i + 1, code.to_string())
        })
        .collect()
}

/// The module path of a file below `src/`, e.g. `core/layers/conv/mod.rs`
/// -> `["core", "layers", "conv"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Does `code` name the top-level module `name` of this crate, either as
/// `crate::name` or through `super::` steps that reach the crate root from a
/// module at `depth`?
fn names_module(code: &str, name: &str, depth: usize) -> bool {
    if code.contains(&format!("crate::{name}")) {
        return true;
    }
    let climb = "super::".repeat(depth);
    depth > 0 && code.contains(&format!("{climb}{name}"))
}

/// Does `code` use the external crate `krate` (as a path, not inside a word)?
fn names_crate(code: &str, krate: &str) -> bool {
    let pat = format!("{krate}::");
    code.match_indices(&pat).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !matches!(before, Some(c) if c.is_alphanumeric() || c == '_' || c == ':')
    }) || code.contains(&format!("use {krate};"))
        || code.contains(&format!("extern crate {krate}"))
}

fn violations() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap().to_path_buf();
        let module = module_path(&rel);
        let top = module.first().cloned().unwrap_or_default();
        let text = fs::read_to_string(&file).unwrap();
        let layer = LAYERS.iter().position(|l| *l == top);
        for (line, code) in code_lines(&text) {
            // A layer names no layer above it.
            if let Some(level) = layer {
                for above in &LAYERS[level + 1..] {
                    if names_module(&code, above, module.len()) {
                        found.push(format!(
                            "src/{}:{line}: the {top} layer names `{above}`, which sits above it",
                            rel.display()
                        ));
                    }
                }
            }
            // Only the browser layer names the browser.
            if top != "web" {
                for krate in BROWSER_CRATES {
                    if names_crate(&code, krate) {
                        found.push(format!(
                            "src/{}:{line}: `{krate}` is used outside src/web/",
                            rel.display()
                        ));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_layer_names_only_the_layers_below_it() {
    let found = violations();
    assert!(found.is_empty(), "layer violations:\n{}", found.join("\n"));
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    // The rules themselves, on made-up lines: a test that cannot fail proves nothing.
    assert!(names_module("use crate::web::widgets;", "web", 2));
    assert!(names_module("use super::super::panels::cat;", "panels", 2));
    assert!(!names_module("use super::panels::cat;", "panels", 2));
    assert!(!names_module("use crate::core::Shape;", "web", 2));
    assert!(names_crate("use yew::prelude::*;", "yew"));
    assert!(names_crate("let w = web_sys::window();", "web_sys"));
    assert!(!names_crate("let my_yew::x = 1;", "yew"));
    assert_eq!(
        module_path(Path::new("core/layers/conv/mod.rs")),
        ["core", "layers", "conv"]
    );
    assert_eq!(code_lines("let a = 1; // crate::web")[0].1, "let a = 1; ");
}

#[test]
fn the_tree_has_exactly_the_documented_top_level_modules() {
    // lib.rs declares the layers and nothing else, so no loose file can
    // start a second way of organising the crate. The core is a crate of its
    // own (src/core/Cargo.toml), mounted by its lib.rs and re-exported here.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let mut mods: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub use cnn_core::"))
        })
        .map(|m| m.trim_end_matches(';'))
        .collect();
    let core_lib = fs::read_to_string(root.join("src/core/lib.rs")).unwrap();
    assert!(
        core_lib.contains("#[path = \"mod.rs\"]\npub mod core;"),
        "src/core/lib.rs mounts src/core/mod.rs as `core`"
    );
    let mut layers = LAYERS.to_vec();
    mods.sort();
    layers.sort();
    assert_eq!(mods, layers);
    // One module style: no `foo.rs` beside a `foo/` folder.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let dir = f.with_extension("");
        assert!(
            !dir.is_dir() || f.file_name().is_some_and(|n| n == "mod.rs"),
            "{} sits beside a folder of the same name: use {}/mod.rs",
            f.display(),
            dir.display()
        );
    }
}
