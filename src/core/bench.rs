//! Benchmark kernels shared by the native program and the wasm bench page.
//!
//! Time comes from a caller-supplied clock (`std::time::Instant` natively,
//! `performance.now()` in the browser), so this module stays platform-free.

use super::gemm::gemm;
use super::layers::Layer;
use super::model::Model;
use super::numfmt::{percent, thousands};
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

/// Runs `work` until at least `seconds` have passed and it has run at least
/// `min_reps` times (and at least once). Returns how often it ran and the
/// milliseconds it took, read from the same clock reading that ended the loop
/// (so a clock that steps by a fixed amount gives exact figures).
fn timed_loop(
    seconds: f64,
    min_reps: u64,
    clock: &dyn Clock,
    mut work: impl FnMut(),
) -> (u64, f64) {
    let start = clock.now_ms();
    let mut reps = 0u64;
    loop {
        work();
        reps += 1;
        let elapsed = clock.now_ms() - start;
        if elapsed >= seconds * 1e3 && reps >= min_reps {
            return (reps, elapsed);
        }
    }
}

/// The median of `values` (the mean of the two middle ones for an even
/// count); 0 when there are none.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The median of `repeats` (at least 1) runs of `timing`.
pub fn median_of(repeats: usize, mut timing: impl FnMut() -> f64) -> f64 {
    let runs: Vec<f64> = (0..repeats.max(1)).map(|_| timing()).collect();
    median(&runs)
}

/// GFLOP/s of an `n x n x n` f32 matmul, repeated for at least `seconds`.
pub fn matmul_gflops_with(n: usize, seconds: f64, clock: &dyn Clock) -> f64 {
    let mut rng = Rng::new(1);
    let a: Vec<f32> = (0..n * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let b: Vec<f32> = (0..n * n).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let mut c = vec![0.0f32; n * n];
    gemm(n, n, n, 1.0, &a, false, &b, false, 0.0, &mut c); // warm-up
    let (reps, ms) = timed_loop(seconds, 3, clock, || {
        gemm(n, n, n, 1.0, &a, false, &b, false, 0.0, &mut c)
    });
    2.0 * (n * n * n) as f64 * reps as f64 / (ms / 1e3) / 1e9
}

/// Square sizes [`matmul_ceiling_with`] tries: from cache-resident to out of cache.
pub const CEILING_SIZES: [usize; 4] = [64, 128, 256, 512];

/// The GEMM ceiling of one build: the best GFLOP/s of our kernel over
/// [`CEILING_SIZES`], and every size's figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Ceiling {
    pub gflops: f64,
    /// The size that reached it.
    pub size: usize,
    /// `(n, GFLOP/s)` for each size tried, in order.
    pub per_size: Vec<(usize, f64)>,
}

/// The GEMM ceiling: each size of [`CEILING_SIZES`] timed `repeats` times for
/// at least `seconds`, its figure the median, the ceiling the best figure.
/// One size alone misleads: 512-cubes run out of cache, small ones on call overhead.
pub fn matmul_ceiling_with(seconds: f64, repeats: usize, clock: &dyn Clock) -> Ceiling {
    let per_size: Vec<(usize, f64)> = CEILING_SIZES
        .iter()
        .map(|&n| {
            (
                n,
                median_of(repeats, || matmul_gflops_with(n, seconds, clock)),
            )
        })
        .collect();
    let (size, gflops) =
        per_size
            .iter()
            .copied()
            .fold((0, 0.0), |best, x| if x.1 > best.1 { x } else { best });
    Ceiling {
        gflops,
        size,
        per_size,
    }
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
    let (reps, ms) = timed_loop(seconds, 3, clock, || {
        general_mat_mul(1.0, &a, &b, 0.0, &mut c)
    });
    Some(2.0 * (n * n * n) as f64 * reps as f64 / (ms / 1e3) / 1e9)
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
    let (steps, ms) = timed_loop(seconds, min_steps, clock, || {
        model.train_batch(&images, &labels, &mut opt);
    });
    let secs = ms / 1e3;
    let imgs = (steps * batch as u64) as f64;
    Ok(Throughput {
        images_per_sec: imgs / secs,
        gflops: 2.0 * train_macs_per_image(&model) as f64 * imgs / secs / 1e9,
        steps,
    })
}

/// [`train_throughput_with`] run `repeats` times (a fresh model each time):
/// the median images/s and GFLOP/s, and the steps of all runs together.
pub fn train_throughput_median_with(
    spec: &ModelSpec,
    batch: usize,
    seconds: f64,
    repeats: usize,
    clock: &dyn Clock,
) -> Result<Throughput, SpecError> {
    let runs = (0..repeats.max(1))
        .map(|_| train_throughput_with(spec, batch, 3, seconds, clock))
        .collect::<Result<Vec<_>, _>>()?;
    let ips: Vec<f64> = runs.iter().map(|r| r.images_per_sec).collect();
    let gflops: Vec<f64> = runs.iter().map(|r| r.gflops).collect();
    Ok(Throughput {
        images_per_sec: median(&ips),
        gflops: median(&gflops),
        steps: runs.iter().map(|r| r.steps).sum(),
    })
}

/// Milliseconds one single-image [`Model::predict`] takes (the call behind
/// the JavaScript `Trainer.predict`, without the copy across the wasm
/// boundary), repeated for at least `seconds` on a fresh model of `spec`.
pub fn predict_latency_with(
    spec: &ModelSpec,
    seconds: f64,
    clock: &dyn Clock,
) -> Result<f64, SpecError> {
    let mut rng = Rng::new(3);
    let mut model = Model::new(spec, &mut rng)?;
    let image: Vec<f32> = (0..model.input_len()).map(|_| rng.next_f32()).collect();
    // The probabilities are summed and kept, so no call can be optimised away.
    let mut sink = model.predict(&image).iter().sum::<f32>(); // warm-up: sizes the buffers
    let (reps, ms) = timed_loop(seconds, 3, clock, || {
        sink += model.predict(&image).iter().sum::<f32>();
    });
    std::hint::black_box(sink);
    Ok(ms / reps as f64)
}

/// How long each figure of a [`Report`] is timed and how often: at least
/// `seconds` per timing, the figure being the median of `repeats` timings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BenchPlan {
    pub seconds: f64,
    pub repeats: usize,
    /// Training batch: one optimizer step per batch.
    pub batch: usize,
}

impl Default for BenchPlan {
    /// "Each figure is timed for at least 5 s, and is the median of 3", at batch 64.
    fn default() -> Self {
        BenchPlan {
            seconds: 5.0,
            repeats: 3,
            batch: 64,
        }
    }
}

/// Targets the benchmark net is held to (issue 15): images/s in one thread,
/// the fraction of the same build's GEMM ceiling, and one image's prediction.
pub const TARGET_IMAGES_PER_SEC: f64 = 10_000.0;
pub const TARGET_CEILING_FRACTION: f64 = 0.6;
pub const TARGET_PREDICT_MS: f64 = 0.03;

/// Everything the benchmark measures on one build, each figure the median of
/// the plan's repeats.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub plan: BenchPlan,
    pub ceiling: Ceiling,
    /// The benchmark net, [`ModelSpec::reference`].
    pub reference: Throughput,
    /// The app's default net, [`ModelSpec::default_cnn`].
    pub default: Throughput,
    /// One image through the benchmark net, in milliseconds.
    pub predict_ms: f64,
}

/// Measures a [`Report`]: the GEMM ceiling, then training of the benchmark
/// and default nets, then single-image prediction of the benchmark net.
pub fn report_with(plan: &BenchPlan, clock: &dyn Clock) -> Result<Report, SpecError> {
    let (seconds, repeats) = (plan.seconds, plan.repeats);
    let ceiling = matmul_ceiling_with(seconds, repeats, clock);
    let train =
        |spec: &ModelSpec| train_throughput_median_with(spec, plan.batch, seconds, repeats, clock);
    let reference = train(&ModelSpec::reference())?;
    let default = train(&ModelSpec::default_cnn())?;
    let predict_ms = median_of(repeats, || {
        predict_latency_with(&ModelSpec::reference(), seconds, clock).unwrap_or(f64::NAN)
    });
    Ok(Report {
        plan: *plan,
        ceiling,
        reference,
        default,
        predict_ms,
    })
}

/// Whether a report meets each target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetsMet {
    pub images_per_sec: bool,
    pub ceiling_fraction: bool,
    pub predict: bool,
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "not met"
    }
}

impl Report {
    /// A training figure as a fraction of this report's GEMM ceiling.
    pub fn fraction(&self, t: &Throughput) -> f64 {
        t.gflops / self.ceiling.gflops
    }

    /// The benchmark net against [`TARGET_IMAGES_PER_SEC`] and
    /// [`TARGET_CEILING_FRACTION`], the prediction against [`TARGET_PREDICT_MS`].
    pub fn targets(&self) -> TargetsMet {
        TargetsMet {
            images_per_sec: self.reference.images_per_sec >= TARGET_IMAGES_PER_SEC,
            ceiling_fraction: self.fraction(&self.reference) >= TARGET_CEILING_FRACTION,
            predict: self.predict_ms <= TARGET_PREDICT_MS,
        }
    }

    /// The report as plain numbers, so it can cross from one wasm instance
    /// to another (the page compares two builds): read back by [`Report::from_figures`].
    pub fn to_figures(&self) -> Vec<f64> {
        let p = &self.plan;
        let mut v = vec![p.seconds, p.repeats as f64, p.batch as f64];
        v.extend([self.ceiling.gflops, self.ceiling.size as f64]);
        v.push(self.ceiling.per_size.len() as f64);
        for &(n, g) in &self.ceiling.per_size {
            v.extend([n as f64, g]);
        }
        for t in [&self.reference, &self.default] {
            v.extend([t.images_per_sec, t.gflops, t.steps as f64]);
        }
        v.push(self.predict_ms);
        v
    }

    /// The report [`Report::to_figures`] wrote; `None` for any other length.
    pub fn from_figures(v: &[f64]) -> Option<Report> {
        let sizes = *v.get(5)? as usize;
        if v.len() != 6 + 2 * sizes + 7 {
            return None;
        }
        let per_size = (0..sizes)
            .map(|i| (v[6 + 2 * i] as usize, v[7 + 2 * i]))
            .collect();
        let t = |at: usize| Throughput {
            images_per_sec: v[at],
            gflops: v[at + 1],
            steps: v[at + 2] as u64,
        };
        let rest = 6 + 2 * sizes;
        Some(Report {
            plan: BenchPlan {
                seconds: v[0],
                repeats: v[1] as usize,
                batch: v[2] as usize,
            },
            ceiling: Ceiling {
                gflops: v[3],
                size: v[4] as usize,
                per_size,
            },
            reference: t(rest),
            default: t(rest + 3),
            predict_ms: v[rest + 6],
        })
    }

    /// The report as lines of text, headed by `build` (which build ran it).
    pub fn text(&self, build: &str) -> String {
        let p = &self.plan;
        let sizes: Vec<String> = self
            .ceiling
            .per_size
            .iter()
            .map(|(n, g)| format!("{n}^3 {g:.1}"))
            .collect();
        let mut out = format!(
            "== {build}\n\
             each figure: the median of {} timings of at least {} s, one thread\n\
             GEMM ceiling: {:.1} GFLOP/s (best at {}^3; {})\n",
            p.repeats,
            p.seconds,
            self.ceiling.gflops,
            self.ceiling.size,
            sizes.join(", "),
        );
        for (name, t) in [("benchmark", &self.reference), ("default", &self.default)] {
            out.push_str(&format!(
                "{name} net, batch {}: {} img/s = {:.1} GFLOP/s = {} of this build's ceiling\n",
                p.batch,
                thousands(t.images_per_sec.round() as u128),
                t.gflops,
                percent(self.fraction(t)),
            ));
        }
        out.push_str(&format!(
            "1-image predict, benchmark net: {:.4} ms\n",
            self.predict_ms
        ));
        let m = self.targets();
        out.push_str(&format!(
            "target: benchmark net >= {} img/s: {} ({})\n\
             target: benchmark net >= {} of this build's ceiling: {} ({})\n\
             target: 1-image predict <= {} ms: {} ({:.4} ms)\n",
            thousands(TARGET_IMAGES_PER_SEC as u128),
            met(m.images_per_sec),
            thousands(self.reference.images_per_sec.round() as u128),
            percent(TARGET_CEILING_FRACTION),
            met(m.ceiling_fraction),
            percent(self.fraction(&self.reference)),
            TARGET_PREDICT_MS,
            met(m.predict),
            self.predict_ms,
        ));
        out
    }
}

/// Ratios of two builds measured in the same run, `new` over `base`, as
/// lines of text: the ceiling, each net's images/s, and the prediction time.
pub fn compare_text(new: &Report, new_name: &str, base: &Report, base_name: &str) -> String {
    let r = |a: f64, b: f64| format!("{:.2}x", a / b);
    format!(
        "== {new_name} / {base_name}, same run\n\
         GEMM ceiling: {}\n\
         benchmark net img/s: {}\n\
         default net img/s: {}\n\
         1-image predict time: {} (below 1 is faster)\n",
        r(new.ceiling.gflops, base.ceiling.gflops),
        r(new.reference.images_per_sec, base.reference.images_per_sec),
        r(new.default.images_per_sec, base.default.images_per_sec),
        r(new.predict_ms, base.predict_ms),
    )
}

/// Which build this code was compiled into, from its target features:
/// the wasm builds differ only in relaxed SIMD; natively the GEMM picks its
/// AVX2+FMA kernel at run time when the CPU has both.
pub fn build_name() -> &'static str {
    #[cfg(all(target_arch = "wasm32", target_feature = "relaxed-simd"))]
    return "wasm relaxed SIMD (FMA)";
    #[cfg(all(
        target_arch = "wasm32",
        target_feature = "simd128",
        not(target_feature = "relaxed-simd")
    ))]
    return "wasm simd128";
    #[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
    return "wasm without SIMD";
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            return "native (AVX2+FMA)";
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    "native (portable)"
}

/// [`report_with`] on the native clock.
#[cfg(not(target_arch = "wasm32"))]
pub fn report(plan: &BenchPlan) -> Result<Report, SpecError> {
    report_with(plan, &std::time::Instant::now())
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
