//! The training hot loop allocates nothing once warmed up.
//!
//! A counting global allocator (wrapping `System`) counts every allocation,
//! zeroed allocation and reallocation made by a thread that has switched
//! counting on. Counting is per thread because the test harness runs tests in
//! parallel on other threads, which allocate freely. After one warm-up step
//! (which sizes every buffer and the optimizer state), twenty
//! `Trainer::step` calls at the same batch size must make zero allocations,
//! on the reference net and on the default net, with Adam and with SGD.
//! Single-image prediction through `Model::predict_into` is held to the same rule.
//!
//! The same tests run in the browser, where the GEMM is the simd128 kernel:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test core_alloc`
//! (with `wasm-bindgen-test-runner` on `PATH`, see the Makefile's `test-wasm`).

mod common;
use common::noise::noise;

use cnn_playground::core::{Hyper, Model, ModelSpec, OptimizerKind, Rng, Shape, Trainer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // `const` init: reading it never allocates, so the allocator may use it.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if COUNTING.with(|c| c.get()) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: every method forwards to `System` unchanged; counting has no effect on memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Allocations this thread makes while running `f`. Tests touching the counter
/// run one at a time (the lock), so the shared total is this thread's alone.
fn allocations_in<T>(f: impl FnOnce() -> T) -> (usize, T) {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    let out = f();
    COUNTING.with(|c| c.set(false));
    (ALLOCATIONS.load(Ordering::SeqCst) - before, out)
}

fn assert_steps_allocation_free(name: &str, spec: &ModelSpec, optimizer: OptimizerKind) {
    let data = noise(100, 7);
    let hyper = Hyper {
        batch_size: 16,
        optimizer,
        lr: 0.001,
        ..Hyper::default()
    };
    let mut trainer = Trainer::new(spec, 3, hyper).expect("built-in specs are valid");
    let (warm, _) = allocations_in(|| trainer.step(&data));
    // The counter works: sizing buffers and optimizer state must show up.
    assert!(
        warm > 0,
        "{name}: the warm-up step should allocate its buffers"
    );
    let (hot, steps) = allocations_in(|| {
        let mut trained = 0;
        for _ in 0..20 {
            if let cnn_playground::core::StepOutcome::Trained(s) = trainer.step(&data) {
                trained += s.batch;
            }
        }
        trained
    });
    assert!(
        steps >= 20 * 8,
        "{name}: the steps trained ({steps} images)"
    );
    assert_eq!(
        hot, 0,
        "{name} ({optimizer:?}): {hot} allocations in 20 training steps after warm-up"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn reference_net_trains_without_allocating() {
    let spec = ModelSpec::reference();
    assert_steps_allocation_free("reference net", &spec, OptimizerKind::ADAM);
    assert_steps_allocation_free("reference net", &spec, OptimizerKind::SGD_MOMENTUM);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn default_net_trains_without_allocating() {
    let spec = ModelSpec::default_cnn();
    assert_steps_allocation_free("default net", &spec, OptimizerKind::ADAM);
    assert_steps_allocation_free("default net", &spec, OptimizerKind::SGD_MOMENTUM);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn mlp_trains_without_allocating() {
    let spec = ModelSpec::mlp(Shape::new(1, 28, 28), &[64], 10);
    assert_steps_allocation_free("mlp", &spec, OptimizerKind::ADAM);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn predict_into_is_allocation_free_after_warm_up() {
    let data = noise(4, 9);
    for spec in [ModelSpec::reference(), ModelSpec::default_cnn()] {
        let mut model = Model::new(&spec, &mut Rng::new(1)).expect("valid spec");
        let mut probs = vec![0.0f32; model.classes()];
        let expected = model.predict(data.image(0));
        let (hot, ok) = allocations_in(|| {
            let mut ok = true;
            for i in 0..4 {
                ok &= model.predict_into(data.image(i), &mut probs);
            }
            ok
        });
        assert!(ok, "predict_into accepts a correctly sized image");
        assert_eq!(hot, 0, "{hot} allocations in 4 predictions");
        // Same numbers as the allocating call, for the same image.
        model.predict_into(data.image(0), &mut probs);
        assert_eq!(probs, expected);
        // A wrong-sized image is refused, not a panic.
        assert!(!model.predict_into(&data.image(0)[..10], &mut probs));
    }
}

/// The browser trains a batch in pieces (`Trainer::step_some`) to keep each
/// task short; pieces of any size after the first full step allocate nothing.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn training_in_pieces_is_allocation_free() {
    let data = noise(100, 5);
    let hyper = Hyper {
        batch_size: 16,
        ..Hyper::default()
    };
    let mut trainer = Trainer::new(&ModelSpec::default_cnn(), 2, hyper).expect("valid spec");
    trainer.step(&data);
    let (hot, finished) = allocations_in(|| {
        let mut finished = 0;
        for piece in [5, 3, 16, 7, 1, 9, 2] {
            for _ in 0..4 {
                if trainer.step_some(&data, piece).is_some() {
                    finished += 1;
                }
            }
        }
        finished
    });
    assert!(finished >= 5, "only {finished} batches finished");
    assert_eq!(hot, 0, "{hot} allocations while training in pieces");
}
