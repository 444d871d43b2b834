//! Trains the default CNN on the bundled 8,000-image MNIST split with a fixed
//! seed and writes `static/model/default.cnnw`, the model the app loads at start.
//!
//! Run: `cargo run --release --bin train-default [EPOCHS]` (default 2 epochs).
//! The same seed and data give the same file on the same machine.

use cnn_playground::core::Dataset;
use cnn_playground::core::{Hyper, Model, ModelSpec, StepOutcome, Trainer};
use cnn_playground::formats::idx::load_dataset;
use cnn_playground::formats::manifest::SUBSET_NAMES;
use std::time::Instant;

const DATA_DIR: &str = "static/data";
const OUT: &str = "static/model/default.cnnw";
const SEED: u64 = 1;

fn load(images: &str, labels: &str) -> Result<Dataset, String> {
    let read = |name: &str| {
        let path = format!("{DATA_DIR}/{name}");
        std::fs::read(&path).map_err(|e| format!("{path}: {e} (run `make data` first)"))
    };
    load_dataset(&read(images)?, &read(labels)?).map_err(|e| format!("{images}: {e}"))
}

fn run() -> Result<(), String> {
    let epochs: usize = match std::env::args().nth(1) {
        Some(a) => a
            .parse()
            .map_err(|_| format!("EPOCHS must be a number, got '{a}'"))?,
        None => 2,
    };
    let train = load(SUBSET_NAMES[0], SUBSET_NAMES[1])?;
    let test = load(SUBSET_NAMES[2], SUBSET_NAMES[3])?;
    let spec = ModelSpec::default_cnn();
    let hyper = Hyper::default();
    let mut t = Trainer::new(&spec, SEED, hyper).map_err(|e| e.to_string())?;
    t.check_data(&train)?;
    let start = Instant::now();
    while t.epoch() < epochs {
        if let StepOutcome::Diverged { lr } = t.step(&train) {
            return Err(format!("training diverged at learning rate {lr}"));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let eval = t.model_mut().evaluate(&test, None);
    println!(
        "{spec}: {epochs} epochs of {} images in {secs:.1} s ({:.0} images/s); test accuracy {:.2}% on {} images, loss {:.4}",
        train.len(),
        t.images_seen() as f64 / secs,
        100.0 * eval.accuracy,
        test.len(),
        eval.loss
    );
    let bytes = t.model().to_bytes();
    // Prove the file reads back before replacing the shipped one.
    let back = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    if back.params_flat() != t.model().params_flat() {
        return Err("the written model does not read back identically".into());
    }
    std::fs::create_dir_all("static/model").map_err(|e| e.to_string())?;
    std::fs::write(OUT, &bytes).map_err(|e| format!("{OUT}: {e}"))?;
    println!("wrote {OUT} ({} bytes)", bytes.len());
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("train-default: {e}");
        std::process::exit(1);
    }
}
