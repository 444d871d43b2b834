//! What the workers control says about the cores the page uses.

use cnn_playground::panels::train::workers::note;

#[test]
fn the_note_counts_the_threads_against_the_cores() {
    assert_eq!(
        note(1, 2, true),
        "Training runs in 1 worker beside this page, and the held-out test in one more, \
         so 3 threads work; your browser reports 2 cores."
    );
    assert_eq!(
        note(3, 8, false),
        "Training runs in 3 workers beside this page so 4 threads work; your browser \
         reports 8 cores. Each batch is split between them and their gradients are summed."
    );
    assert!(note(0, 1, true).starts_with("Workers are unavailable here"));
    assert!(note(0, 1, true).ends_with("Your browser reports 1 core."));
}

#[test]
fn workers_that_fill_every_core_say_they_lend_one_to_the_held_out_test() {
    let lends = "While the held-out test runs, the first worker also does the last one's share";
    assert!(note(2, 2, true).contains(lends), "{}", note(2, 2, true));
    assert!(note(4, 2, true).contains(lends));
    assert!(!note(2, 4, true).contains(lends), "a core is free already");
    assert!(
        !note(1, 1, true).contains(lends),
        "one worker has no share to take"
    );
    assert!(
        note(2, 2, false).contains(lends),
        "the page's own evaluation slices get the core too"
    );
}
