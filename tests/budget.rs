//! The budget (`core::budget`): every preset well inside, the issue's two
//! oversized links refused at every entry, each limit's edge (just under is
//! built, just over is refused with a message naming the figure and its
//! limit), and the byte figure checked against what training really
//! allocates, measured by a counting allocator.

use cnn_playground::core::budget::{self, BudgetError, EVAL_ROWS, MAX_BYTES, MAX_MACS, MAX_PARAMS};
use cnn_playground::core::spec::MNIST_INPUT;
use cnn_playground::core::{Dataset, Hyper, Model, ModelSpec, Rng, SpecError, Trainer};
use cnn_playground::panels::race::config;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Live bytes allocated by the thread that switched counting on.
struct Live;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    if COUNTING.with(|c| c.get()) {
        LIVE.with(|l| {
            l.set(l.get() + delta);
            PEAK.with(|p| p.set(p.get().max(l.get())));
        });
    }
}

// SAFETY: every method forwards to `System` unchanged; counting has no effect on memory.
unsafe impl GlobalAlloc for Live {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as isize - layout.size() as isize);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Live = Live;

/// Row 1 of the issue: ~342 M parameters.
const HUGE_DENSE: &str = "28x28x1|flatten|d8192|d8192|d8192|d8192|d8192|d8192|d10";
/// Row 2 of the issue: ~46 G multiply-adds per image.
const HUGE_CONV: &str = "28x28x1|c512k15s1p7|relu|c512k15s1p7|relu|gmax|d10";

/// A net whose memory, not its work, meets the budget first.
const WIDE_MAPS: &str = "28x28x1|c256k1s1p0|relu|gmax|d10";
// By hand: 804,398 floats an image (input, conv and ReLU outputs and their
// gradients, the pooling and classifier), 16,722,504 of conv scratch and
// 3,082 parameters five times over: 4 * (804,398 b + 16,722,504) + 61,640
// bytes fit 1 GiB up to b = 312.
const EDGE_BATCH: usize = 312;

fn spec(text: &str) -> ModelSpec {
    text.parse().unwrap()
}

/// `28x28x1|flatten|d<units>|d10`: 795 * units + 10 parameters.
fn mlp(units: usize) -> ModelSpec {
    spec(&format!("28x28x1|flatten|d{units}|d10"))
}

/// Two same-size 3x3 convs (64, then `f` filters), global max, d10:
/// 451,584 * (1 + f) + 10 f multiply-adds per image.
fn wide(f: usize) -> ModelSpec {
    spec(&format!("28x28x1|c64k3s1p1|relu|c{f}k3s1p1|relu|gmax|d10"))
}

#[test]
fn every_preset_is_well_inside() {
    let presets = [
        ("default", ModelSpec::default_cnn()),
        ("reference", ModelSpec::reference()),
        ("race mlp", config::mlp_spec()),
        ("race cnn", config::cnn_spec()),
        ("editor mlp", ModelSpec::mlp(MNIST_INPUT, &[100], 10)),
    ];
    for (name, s) in presets {
        // Even at the largest batch anything accepts, every figure at most
        // a fifth of its limit.
        let c = budget::check(&s, cnn_playground::core::MAX_BATCH).unwrap();
        assert!(c.params * 5 <= MAX_PARAMS, "{name}: {c:?}");
        assert!(c.macs * 5 <= MAX_MACS, "{name}: {c:?}");
        assert!(c.total * 5 <= MAX_BYTES, "{name}: {c:?}");
    }
}

#[test]
fn the_issues_two_links_are_refused_everywhere() {
    for text in [HUGE_DENSE, HUGE_CONV] {
        let s = spec(text);
        let e = budget::check(&s, 32).unwrap_err();
        assert!(matches!(e, SpecError::TooBig(_)), "{e:?}");
        assert!(e.to_string().contains("the limit is"), "{e}");
        // Model::new (so Trainer::new, the JS API and weights files) refuses too.
        assert!(Model::new(&s, &mut Rng::new(1)).is_err());
        assert!(Trainer::new(&s, 1, Hyper::default()).is_err());
    }
    let e = budget::check(&spec(HUGE_DENSE), 32)
        .unwrap_err()
        .to_string();
    assert!(e.contains("342,"), "names the count: {e}");
}

#[test]
fn parameters_edge() {
    assert_eq!(795 * 2515 + 10, 1_999_435);
    let under = budget::check(&mlp(2515), 32).unwrap();
    assert_eq!(under.params, 1_999_435);
    assert!(Model::new(&mlp(2515), &mut Rng::new(1)).is_ok());
    let e = budget::check(&mlp(2516), 32).unwrap_err().to_string();
    assert_eq!(
        e,
        "the network has 2,000,230 parameters; the limit is 2,000,000"
    );
}

#[test]
fn multiply_adds_edge() {
    let under = budget::check(&wide(43), 32).unwrap();
    assert_eq!(under.macs, 451_584 * 44 + 430);
    assert!(Model::new(&wide(43), &mut Rng::new(1)).is_ok());
    let e = budget::check(&wide(44), 32).unwrap_err().to_string();
    assert_eq!(
        e,
        "the network needs 20,321,720 multiply-adds per image; the limit is 20,000,000"
    );
}

#[test]
fn bytes_edge_is_a_batch_size() {
    // 256 one-pixel filters: few multiply-adds, large activations, which
    // decide the largest batch it may train at.
    let s = spec(WIDE_MAPS);
    let fits = |b| budget::check(&s, b).is_ok();
    let edge = (EVAL_ROWS..=512).take_while(|&b| fits(b)).last().unwrap();
    assert_eq!(edge, EDGE_BATCH, "the largest batch for {WIDE_MAPS}");
    let e = budget::check(&s, edge + 1).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("training it at batch {} needs ", EDGE_BATCH + 1))
            && e.ends_with("the limit is 1.07 GB"),
        "{e}"
    );
}

#[test]
fn counts_that_overflow_are_refused_not_wrapped() {
    // Natively usize is 64-bit, so force the overflow through the byte sum:
    // a 1024x1024x512 input at a huge batch.
    let s = spec("1024x1024x512|gmax|d10");
    let info = s.validate().unwrap();
    let e = budget::check_info(&info, s.input, usize::MAX / 4).unwrap_err();
    assert_eq!(e, BudgetError::Overflow("activations"));
}

/// Trains one batch of `EVAL_ROWS` and evaluates `EVAL_ROWS` images; returns
/// the bytes still held by the trainer afterwards.
fn held_by_training(s: &ModelSpec) -> usize {
    let n = EVAL_ROWS;
    let data = Dataset {
        shape: s.input,
        images: (0..n * s.input.len())
            .map(|i| (i % 7) as f32 / 7.0)
            .collect(),
        labels: (0..n).map(|i| (i % 10) as u8).collect(),
    };
    let hyper = Hyper {
        batch_size: n,
        ..Hyper::default()
    };
    LIVE.with(|l| l.set(0));
    COUNTING.with(|c| c.set(true));
    let mut t = Trainer::new(s, 1, hyper).unwrap();
    t.step(&data);
    drop(t.model_mut().evaluate(&data, None));
    let live = LIVE.with(|l| l.get());
    COUNTING.with(|c| c.set(false));
    drop(t);
    live as usize
}

#[test]
fn the_byte_figure_matches_what_training_allocates() {
    for s in [
        ModelSpec::default_cnn(),
        ModelSpec::reference(),
        config::mlp_spec(),
        wide(40),
    ] {
        let c = budget::check(&s, EVAL_ROWS).unwrap();
        let held = held_by_training(&s);
        // The budget counts every buffer; what it leaves out is small
        // bookkeeping (the epoch order, vector headers, layer info).
        let slack = 64 * 1024;
        assert!(
            held <= c.total + slack,
            "{s}: holds {held}, budget says {}",
            c.total
        );
        assert!(
            held * 100 >= c.total * 95,
            "{s}: holds {held}, budget says {}",
            c.total
        );
    }
}

#[test]
fn pieces_of_work_fit_one_budget_piece() {
    use budget::{forward_images_per_piece, train_images_per_piece, PIECE_MACS, RENDER_PIECE_MACS};
    // The default CNN: as many images as fit in a piece, and not one more.
    let default = ModelSpec::default_cnn().total_macs();
    assert_eq!(
        train_images_per_piece(default),
        (PIECE_MACS / (3 * default)) as usize
    );
    assert!(train_images_per_piece(default) as u64 * 3 * default <= PIECE_MACS);
    assert!((train_images_per_piece(default) as u64 + 1) * 3 * default > PIECE_MACS);
    assert!(forward_images_per_piece(default) as u64 * default <= PIECE_MACS);
    assert!((forward_images_per_piece(default) as u64 + 1) * default > PIECE_MACS);
    // The largest network the budget allows still gets one image a piece,
    // and a network of no work at all does not divide by zero.
    assert_eq!(train_images_per_piece(MAX_MACS as u64), 1);
    assert_eq!(forward_images_per_piece(MAX_MACS as u64), 2);
    assert_eq!(train_images_per_piece(0), PIECE_MACS as usize);
    assert_eq!(forward_images_per_piece(u64::MAX), 1);
    assert_eq!(train_images_per_piece(u64::MAX), 1);
    const { assert!(RENDER_PIECE_MACS < PIECE_MACS) };
}
