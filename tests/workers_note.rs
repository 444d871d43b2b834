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

#[test]
fn with_no_core_to_spare_the_note_says_how_seldom_the_held_out_test_runs() {
    let spacing = "With no core to spare, the held-out test takes at most a fifth of the time: \
                   after each, the next waits four times as long as it took.";
    assert!(note(2, 2, true).contains(spacing), "{}", note(2, 2, true));
    assert!(note(1, 1, true).contains(spacing));
    assert!(note(3, 2, false).contains(spacing));
    assert!(!note(1, 2, true).contains(spacing), "a core to spare");
    assert!(!note(0, 1, true).contains(spacing), "no workers");
    // Spacing, then lending.
    let n = note(2, 2, true);
    assert!(n.find(spacing).unwrap() < n.find("While the held-out test runs").unwrap());
}
