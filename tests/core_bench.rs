//! The benchmark's timing logic on a fake clock that steps by a fixed amount
//! at every reading, so each figure is exact and the tests take no real time
//! to speak of (the work itself still runs: small nets and short plans).

use cnn_playground::core::bench::{
    compare_text, matmul_ceiling_with, matmul_gflops_with, median, median_of, predict_latency_with,
    report_with, train_throughput_median_with, BenchPlan, Ceiling, Clock, Report, Throughput,
    CEILING_SIZES,
};
use cnn_playground::core::ModelSpec;
use std::cell::Cell;

/// Reads `step` ms later at every call.
struct StepClock {
    now: Cell<f64>,
    step: f64,
}

impl StepClock {
    fn new(step: f64) -> Self {
        StepClock {
            now: Cell::new(0.0),
            step,
        }
    }
}

impl Clock for StepClock {
    fn now_ms(&self) -> f64 {
        self.now.set(self.now.get() + self.step);
        self.now.get()
    }
}

#[test]
fn median_takes_the_middle_value() {
    assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    assert_eq!(median(&[7.0]), 7.0);
    assert_eq!(median(&[]), 0.0);
}

#[test]
fn median_of_runs_the_timing_that_often() {
    let mut calls = 0;
    let figures = [9.0, 1.0, 4.0];
    let m = median_of(3, || {
        calls += 1;
        figures[calls - 1]
    });
    assert_eq!((calls, m), (3, 4.0));
    let mut once = 0;
    assert_eq!(
        median_of(0, || {
            once += 1;
            2.0
        }),
        2.0
    );
    assert_eq!(once, 1);
}

#[test]
fn matmul_is_timed_for_at_least_the_given_seconds() {
    // 10 ms per reading, 0.1 s: 10 products in exactly 100 ms.
    let g = matmul_gflops_with(16, 0.1, &StepClock::new(10.0));
    let want = 2.0 * 16f64.powi(3) * 10.0 / 0.1 / 1e9;
    assert!((g - want).abs() < 1e-12, "{g} vs {want}");
    // Never fewer than 3 products, however long each reading takes.
    let g = matmul_gflops_with(16, 0.001, &StepClock::new(1000.0));
    let want = 2.0 * 16f64.powi(3) * 3.0 / 3.0 / 1e9;
    assert!((g - want).abs() < 1e-12, "{g} vs {want}");
}

#[test]
fn ceiling_is_the_best_size_of_all_tried() {
    // With time per product fixed by the clock, GFLOP/s grows as n^3: 512 wins.
    let c = matmul_ceiling_with(0.003, 3, &StepClock::new(1.0));
    let sizes: Vec<usize> = c.per_size.iter().map(|p| p.0).collect();
    assert_eq!(sizes, CEILING_SIZES.to_vec());
    assert_eq!(c.size, 512);
    let best = c.per_size.iter().map(|p| p.1).fold(0.0, f64::max);
    assert_eq!(c.gflops, best);
    let want = 2.0 * 512f64.powi(3) * 3.0 / 0.003 / 1e9;
    assert!(
        (c.gflops - want).abs() < 1e-9 * want,
        "{} vs {want}",
        c.gflops
    );
}

#[test]
fn training_throughput_counts_images_over_clock_time() {
    let spec = "4x4x1|c2k3s1p0|relu|flatten|d3"
        .parse::<ModelSpec>()
        .unwrap();
    // 5 ms per reading, 0.05 s: 10 steps of 8 images in 50 ms, three times.
    let t = train_throughput_median_with(&spec, 8, 0.05, 3, &StepClock::new(5.0)).unwrap();
    assert!((t.images_per_sec - 80.0 / 0.05).abs() < 1e-9, "{t:?}");
    assert_eq!(t.steps, 30);
    assert!(t.gflops > 0.0);
}

#[test]
fn predict_latency_is_milliseconds_per_image() {
    // 2 ms per reading, 0.02 s: 10 predictions in 20 ms.
    let ms = predict_latency_with(&ModelSpec::reference(), 0.02, &StepClock::new(2.0)).unwrap();
    assert!((ms - 2.0).abs() < 1e-12, "{ms}");
    // A kernel larger than the image: no model, an error rather than a figure.
    let bad: ModelSpec = "4x4x1|c2k9s1p0|flatten|d3".parse().unwrap();
    assert!(predict_latency_with(&bad, 0.0, &StepClock::new(1.0)).is_err());
}

fn sample(ceiling: f64, reference_ips: f64, predict_ms: f64) -> Report {
    // The benchmark net costs about 1.94 MFLOP per training image.
    Report {
        plan: BenchPlan::default(),
        ceiling: Ceiling {
            gflops: ceiling,
            size: 128,
            per_size: CEILING_SIZES
                .iter()
                .map(|&n| (n, ceiling * n as f64 / 512.0))
                .collect(),
        },
        reference: Throughput {
            images_per_sec: reference_ips,
            gflops: reference_ips * 1.94e6 / 1e9,
            steps: 1234,
        },
        default: Throughput {
            images_per_sec: 2000.0,
            gflops: 9.0,
            steps: 99,
        },
        predict_ms,
    }
}

#[test]
fn targets_are_judged_from_the_figures() {
    let slow = sample(30.0, 6000.0, 0.05);
    let m = slow.targets();
    assert!(!m.images_per_sec && !m.ceiling_fraction && !m.predict);
    let text = slow.text("wasm simd128");
    assert!(text.starts_with("== wasm simd128\n"), "{text}");
    assert!(
        text.contains(
            "benchmark net, batch 64: 6,000 img/s = 11.6 GFLOP/s = 38.8% of this build's ceiling"
        ),
        "{text}"
    );
    assert!(
        text.contains("target: benchmark net >= 10,000 img/s: not met (6,000)"),
        "{text}"
    );
    assert!(
        text.contains("target: benchmark net >= 60.0% of this build's ceiling: not met (38.8%)"),
        "{text}"
    );
    assert!(
        text.contains("target: 1-image predict <= 0.03 ms: not met (0.0500 ms)"),
        "{text}"
    );
    assert!(
        text.contains("each figure: the median of 3 timings of at least 5 s"),
        "{text}"
    );

    // 12,000 img/s at 1.94 MFLOP = 23.3 GFLOP/s, 77.6% of 30.
    let fast = sample(30.0, 12_000.0, 0.02);
    assert_eq!(
        (
            fast.targets().images_per_sec,
            fast.targets().ceiling_fraction,
            fast.targets().predict
        ),
        (true, true, true)
    );
    assert!(fast.text("x").contains("img/s: met (12,000)"));
    // Fast enough, but a small share of a high ceiling.
    let m = sample(60.0, 12_000.0, 0.02).targets();
    assert!(m.images_per_sec && !m.ceiling_fraction);
}

#[test]
fn figures_carry_a_report_across_and_back() {
    let r = sample(31.5, 8200.0, 0.041);
    let v = r.to_figures();
    assert_eq!(Report::from_figures(&v), Some(r));
    assert_eq!(Report::from_figures(&v[..v.len() - 1]), None);
    assert_eq!(Report::from_figures(&[]), None);
}

#[test]
fn comparison_gives_ratios_of_two_builds() {
    let plain = sample(20.0, 6000.0, 0.04);
    let relaxed = sample(30.0, 8100.0, 0.03);
    let text = compare_text(&relaxed, "relaxed", &plain, "plain");
    assert!(text.contains("GEMM ceiling: 1.50x"), "{text}");
    assert!(text.contains("benchmark net img/s: 1.35x"), "{text}");
    assert!(text.contains("default net img/s: 1.00x"), "{text}");
    assert!(text.contains("1-image predict time: 0.75x"), "{text}");
}

#[test]
fn report_measures_every_figure_with_the_plan() {
    // 1 s per reading and a plan of 1 ms: every timing is its minimum of 3
    // repetitions in 3 s, so each figure follows from the work counted alone.
    let plan = BenchPlan {
        seconds: 0.001,
        repeats: 3,
        batch: 4,
    };
    let r = report_with(&plan, &StepClock::new(1000.0)).unwrap();
    assert_eq!(r.plan, plan);
    assert_eq!(r.ceiling.size, 512);
    assert!(
        (r.reference.images_per_sec - 4.0).abs() < 1e-12,
        "{:?}",
        r.reference
    );
    assert!(
        (r.default.images_per_sec - 4.0).abs() < 1e-12,
        "{:?}",
        r.default
    );
    assert_eq!((r.reference.steps, r.default.steps), (9, 9));
    assert!(
        r.default.gflops > r.reference.gflops,
        "the default net costs more per image"
    );
    assert!((r.predict_ms - 1000.0).abs() < 1e-9, "{}", r.predict_ms);
}
