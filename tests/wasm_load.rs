//! The data path compiled to wasm and run in headless Chromium: IDX and gzip
//! decoding give the same results as natively, `fetch_bytes` reads real
//! responses, and a missing file is reported by name and HTTP status.
//!
//! Run: `make test` (or `CHROMEDRIVER=/usr/bin/chromedriver cargo test
//! --target wasm32-unknown-unknown --test wasm_load` with wasm-bindgen-test-runner on PATH).
#![cfg(target_arch = "wasm32")]

use cnn_playground::formats::gzip::gzip;
use cnn_playground::formats::idx::{load_dataset, write_images, write_labels};
use cnn_playground::web::platform::load::{fetch_bytes, load_mnist_from, LoadError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sample(n: usize) -> (Vec<u8>, Vec<u8>) {
    let pixels: Vec<u8> = (0..n * 784).map(|i| (i * 31 % 256) as u8).collect();
    let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
    (write_images(n, 28, 28, &pixels), write_labels(&labels))
}

/// A same-origin `blob:` URL serving `bytes`, as the server would.
fn blob_url(bytes: &[u8]) -> String {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("blob");
    web_sys::Url::create_object_url_with_blob(&blob).expect("object URL")
}

#[wasm_bindgen_test]
fn idx_and_gzip_decode_in_wasm() {
    let (img, lab) = sample(3);
    let data = load_dataset(&gzip(&img), &lab).unwrap();
    assert_eq!(data.len(), 3);
    assert_eq!(data.labels, vec![0, 1, 2]);
    // Same arithmetic as natively: byte 31 / 255 exactly.
    assert_eq!(data.images[1], 31.0 / 255.0);
    let err = load_dataset(&img[..500], &lab).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "images file is truncated: expected {} bytes, got 500",
            img.len()
        )
    );
}

#[wasm_bindgen_test]
async fn fetch_bytes_returns_the_body() {
    let (img, lab) = sample(2);
    let (zi, zl) = (gzip(&img), gzip(&lab));
    let got_i = fetch_bytes(&blob_url(&zi)).await.unwrap();
    let got_l = fetch_bytes(&blob_url(&zl)).await.unwrap();
    assert_eq!(
        (got_i.as_slice(), got_l.as_slice()),
        (zi.as_slice(), zl.as_slice())
    );
    assert_eq!(load_dataset(&got_i, &got_l).unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn a_missing_file_is_named_with_its_status() {
    let url = "static/model/no-such-model.cnnw";
    let err = fetch_bytes(url).await.unwrap_err();
    assert_eq!(err.file, url);
    assert!(err.message.starts_with("HTTP 404"), "{err}");
    assert!(err
        .to_string()
        .starts_with("static/model/no-such-model.cnnw: HTTP 404"));
}

#[wasm_bindgen_test]
async fn missing_data_folder_names_the_first_file_needed() {
    // No manifest there either, so the loader falls back to the bundled names.
    let LoadError { file, message } = load_mnist_from("no-data-here/").await.unwrap_err();
    assert_eq!(file, "no-data-here/subset-train-images-idx3-ubyte");
    assert!(message.contains("404"), "{message}");
}
