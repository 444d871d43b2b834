//! Benchmark kernels shared by the native program and the wasm bench page.
//!
//! Time comes from a caller-supplied clock (`std::time::Instant` natively,
//! `performance.now()` in the browser), so this module stays platform-free.

use super::gemm::gemm;
use super::layers::Layer;
use super::model::Model;
use super::optim::{Hyper, Optimizer};
use super::rng::Rng;
use super::spec::{ModelSpec, SpecError};

/// Training throughput of one spec.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Throughput {
    pub images_per_sec: f64,
    /// Floating-point operations actually performed per second (2 per multiply-add).
    pub gflops: f64,
    pub steps: u64,
}

/// Multiply-adds one training image costs: every layer's forward, the weight
/// gradient of conv and dense layers, and the input gradient of all trainable
/// layers except the first (which backward skips).
pub fn train_macs_per_image(model: &Model) -> u64 {
    let first = model.layers().iter().position(|l| l.params().is_some());
    model
        .info()
        .iter()
        .zip(model.layers())
        .enumerate()
        .map(|(i, (info, layer))| match layer {
            Layer::Conv(_) | Layer::Dense(_) => info.macs * if Some(i) == first { 2 } else { 3 },
            _ => 0,
        })
        .sum()
}

/// Milliseconds since some fixed point.
pub trait Clock {
    fn now_ms(&self) -> f64;
}

#[cfg(not(target_arch = "wasm32"))]
impl Clock for std::time::Instant {
    fn now_ms(&self) -> f64 {
        self.elapsed().as_secs_f64() * 1e3
    }
}

/// GFLOP/s of an `n x n x n` f32 matmul, repeated for about `seconds`.
pub fn matmul_gflops_with(n: usize, seconds: f64, clock: &dyn Clock) -> f64 {
    let mut rng = Rng::new(1);
    let a: Vec<f32> = (0..n * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let b: Vec<f32> = (0..n * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let mut c = vec![0.0f32; n * n];
    gemm(n, n, n, 1.0, &a, false, &b, false, 0.0, &mut c); // warm-up
    let start = clock.now_ms();
    let mut reps = 0u64;
    while clock.now_ms() - start < seconds * 1e3 || reps < 3 {
        gemm(n, n, n, 1.0, &a, false, &b, false, 0.0, &mut c);
        reps += 1;
    }
    let secs = (clock.now_ms() - start) / 1e3;
    2.0 * (n * n * n) as f64 * reps as f64 / secs / 1e9
}

/// Without the `bench-ndarray` feature there is no ndarray kernel to time:
/// always `None`, and callers report our kernel alone.
#[cfg(not(feature = "bench-ndarray"))]
pub fn matmul_gflops_ndarray_with(_n: usize, _seconds: f64, _clock: &dyn Clock) -> Option<f64> {
    None
}

/// Like [`matmul_gflops_with`] but always through ndarray's `general_mat_mul`,
/// so a bench can report the better of the two kernels as the ceiling.
///
/// Built only with the `bench-ndarray` cargo feature (off by default, so the
/// app's wasm does not carry ndarray's matmul); without it this returns `None`
/// and callers report our kernel alone.
#[cfg(feature = "bench-ndarray")]
pub fn matmul_gflops_ndarray_with(n: usize, seconds: f64, clock: &dyn Clock) -> Option<f64> {
    use ndarray::linalg::general_mat_mul;
    use ndarray::Array2;
    let mut rng = Rng::new(1);
    let a = Array2::from_shape_fn((n, n), |_| rng.uniform(-1.0, 1.0));
    let b = Array2::from_shape_fn((n, n), |_| rng.uniform(-1.0, 1.0));
    let mut c = Array2::<f32>::zeros((n, n));
    general_mat_mul(1.0, &a, &b, 0.0, &mut c);
    let start = clock.now_ms();
    let mut reps = 0u64;
    while clock.now_ms() - start < seconds * 1e3 || reps < 3 {
        general_mat_mul(1.0, &a, &b, 0.0, &mut c);
        reps += 1;
    }
    let secs = (clock.now_ms() - start) / 1e3;
    Some(2.0 * (n * n * n) as f64 * reps as f64 / secs / 1e9)
}

/// How a report names the ndarray figure: `ndarray 8.1 GFLOP/s`, or a note
/// that the comparison was left out of this build.
pub fn ndarray_label(gflops: Option<f64>) -> String {
    match gflops {
        Some(nd) => format!("ndarray {nd:.1} GFLOP/s"),
        None => "ndarray comparison not built".to_string(),
    }
}

/// Trains `spec` on random images at `batch` for at least `min_steps` steps
/// and at least `seconds`.
pub fn train_throughput_with(
    spec: &ModelSpec,
    batch: usize,
    min_steps: u64,
    seconds: f64,
    clock: &dyn Clock,
) -> Result<Throughput, SpecError> {
    let mut rng = Rng::new(2);
    let mut model = Model::new(spec, &mut rng)?;
    let batch = batch.max(1);
    let images: Vec<f32> = (0..batch * model.input_len())
        .map(|_| rng.next_f32())
        .collect();
    let k = model.classes();
    let labels: Vec<u8> = (0..batch).map(|i| (i % k.min(256)) as u8).collect();
    let mut opt = Optimizer::new(&Hyper::default());
    model.train_batch(&images, &labels, &mut opt); // warm-up: sizes the buffers
    let start = clock.now_ms();
    let mut steps = 0u64;
    while clock.now_ms() - start < seconds * 1e3 || steps < min_steps.max(1) {
        model.train_batch(&images, &labels, &mut opt);
        steps += 1;
    }
    let secs = (clock.now_ms() - start) / 1e3;
    let imgs = (steps * batch as u64) as f64;
    Ok(Throughput {
        images_per_sec: imgs / secs,
        gflops: 2.0 * train_macs_per_image(&model) as f64 * imgs / secs / 1e9,
        steps,
    })
}

/// [`matmul_gflops_with`] on the native clock.
#[cfg(not(target_arch = "wasm32"))]
pub fn matmul_gflops(n: usize, seconds: f64) -> f64 {
    matmul_gflops_with(n, seconds, &std::time::Instant::now())
}

/// [`train_throughput_with`] on the native clock.
#[cfg(not(target_arch = "wasm32"))]
pub fn train_throughput(
    spec: &ModelSpec,
    batch: usize,
    seconds: f64,
) -> Result<Throughput, SpecError> {
    train_throughput_with(spec, batch, 3, seconds, &std::time::Instant::now())
}
