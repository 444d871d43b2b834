//! What the workers control says about the cores the page uses (the view
//! is `web/train/workers.rs`).

use crate::session::remote::{lends_a_core, EVAL_SHARE};

/// The sentence under the workers control: where training and the
/// held-out test run, how many threads that makes against the cores the
/// browser reports, and how the workers share a batch and, when they fill
/// every core, a core with the held-out test, and how seldom the test
/// then runs. `workers` is 0 when training
/// runs in the page itself.
pub fn note(workers: usize, cores: usize, eval_worker: bool) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if workers == 0 {
        return format!(
            "Workers are unavailable here (for example in a page opened from a file), \
             so training shares this page's thread, in short slices. Your browser reports {}.",
            plural(cores, "core", "cores")
        );
    }
    let split = if workers > 1 {
        " Each batch is split between them and their gradients are summed."
    } else {
        ""
    };
    let (eval, threads) = if eval_worker {
        (", and the held-out test in one more,", workers + 2)
    } else {
        ("", workers + 1)
    };
    // Words for EVAL_SHARE (a fifth: the test waits four times its length).
    const _: () = assert!(EVAL_SHARE == 0.2);
    let spacing = if workers >= cores {
        " With no core to spare, the held-out test takes at most a fifth of the time: \
         after each, the next waits four times as long as it took."
    } else {
        ""
    };
    let lend = if lends_a_core(true, workers, cores) {
        " While the held-out test runs, the first worker also does the last one's share, \
         so the test has a core of its own."
    } else {
        ""
    };
    format!(
        "Training runs in {} beside this page{eval} so {} work; your browser reports {}.{split}{spacing}{lend}",
        plural(workers, "worker", "workers"),
        plural(threads, "thread", "threads"),
        plural(cores, "core", "cores")
    )
}
