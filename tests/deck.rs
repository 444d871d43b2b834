//! Native tests of the slide-deck arithmetic behind presenting mode.

use cnn_playground::panels::deck::{
    anchor, current, key_step, position, scroll_by, step, widget_keeps, Focused,
};

/// Seven sections of 1,000 px, the first starting 300 px down the page,
/// seen with the page scrolled by `y`.
fn tops(y: f64) -> Vec<f64> {
    (0..7).map(|i| 300.0 + 1000.0 * i as f64 - y).collect()
}

#[test]
fn position_is_the_last_section_whose_top_reached_the_line() {
    assert_eq!(position(&tops(0.0), 96.0), None, "header in sight");
    assert_eq!(current(&tops(0.0), 96.0), Some(0));
    // Scrolled so the third section's top sits on the line (2 px off).
    assert_eq!(position(&tops(2300.0 - 98.0), 96.0), Some(2));
    // Half way through the third section.
    assert_eq!(position(&tops(2800.0), 96.0), Some(2));
    // Just above the fourth section's top: still the third.
    assert_eq!(position(&tops(3300.0 - 96.0 - 20.0), 96.0), Some(2));
    assert_eq!(current(&[], 96.0), None);
}

#[test]
fn steps_move_exactly_one_section_from_anywhere() {
    assert_eq!(step(None, 7, 1), Some(0), "from the header to the first");
    assert_eq!(step(None, 7, -1), None);
    let mut at = None;
    let mut seen = vec![];
    for _ in 0..7 {
        at = step(at, 7, 1);
        seen.push(at.unwrap());
    }
    assert_eq!(seen, vec![0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(step(at, 7, 1), Some(6), "the last stays");
    let mut back = vec![];
    for _ in 0..6 {
        at = step(at, 7, -1);
        back.push(at.unwrap());
    }
    assert_eq!(back, vec![5, 4, 3, 2, 1, 0]);
    assert_eq!(step(Some(0), 7, -1), Some(0), "the first stays");
    assert_eq!(step(Some(3), 0, 1), None);
    // From the middle of a section (after scrolling or a jump): one step.
    let here = position(&tops(4500.0), 96.0);
    assert_eq!(step(here, 7, 1), Some(5));
    assert_eq!(step(here, 7, -1), Some(3));
}

#[test]
fn deck_keys_leave_vertical_scrolling_alone() {
    assert_eq!(key_step("ArrowRight"), Some(1));
    assert_eq!(key_step("PageDown"), Some(1));
    assert_eq!(key_step("ArrowLeft"), Some(-1));
    assert_eq!(key_step("PageUp"), Some(-1));
    for k in ["ArrowDown", "ArrowUp", " ", "Home", "Tab", "a"] {
        assert_eq!(key_step(k), None, "{k:?} scrolls or belongs to the page");
    }
}

#[test]
fn focused_widgets_keep_their_keys() {
    let f = |tag, role, tabindex| Focused {
        tag,
        role,
        tabindex,
        editable: false,
    };
    assert!(widget_keeps(&f("INPUT", None, None)), "slider or field");
    assert!(widget_keeps(&f("SELECT", None, None)));
    assert!(widget_keeps(&f("CANVAS", None, Some(0))), "the pad");
    assert!(widget_keeps(&f("DIV", Some("slider"), Some(0))));
    assert!(widget_keeps(&f("DIV", None, Some(0))), "a draggable cat");
    assert!(widget_keeps(&Focused {
        editable: true,
        ..f("DIV", None, None)
    }));
    assert!(!widget_keeps(&f("BUTTON", None, None)));
    assert!(!widget_keeps(&f("A", None, None)));
    assert!(
        !widget_keeps(&f("SECTION", None, Some(-1))),
        "a section after a jump"
    );
    assert!(!widget_keeps(&f("BODY", None, None)));
    assert!(!widget_keeps(&f("DIV", None, Some(-1))));
}

#[test]
fn an_anchor_keeps_the_place_across_a_layout_change() {
    let line = 96.0;
    // Reader 40% into the sixth section of 1,000 px.
    let t = tops(5300.0 + 400.0 - line);
    let h = vec![1000.0; 7];
    let a = anchor(&t, &h, line).unwrap();
    assert_eq!(a.section, 5);
    assert!((a.fraction - 0.4).abs() < 1e-9);
    // After the switch the section is 2,500 px tall and its top sits 3,000 px
    // below the viewport's top: scroll to 40% of it.
    let d = scroll_by(a, 3000.0, 2500.0, line);
    assert!((d - (3000.0 + 1000.0 - line)).abs() < 1e-9);
    // At the section's top it stays at the top.
    let a0 = anchor(&tops(1300.0 - line), &h, line).unwrap();
    assert_eq!((a0.section, a0.fraction), (1, 0.0));
    assert_eq!(scroll_by(a0, 500.0, 3000.0, line), 500.0 - line);
    assert_eq!(anchor(&tops(0.0), &h, line), None);
}
