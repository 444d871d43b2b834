//! The lesson as a slide deck: which section the reader is in, where one
//! step of the deck keys goes, which keys a focused widget keeps, and how to
//! keep the reader's place when the layout changes (presenting mode on or
//! off). Plain arithmetic over the sections' positions, in CSS pixels
//! measured from the top of the viewport.

/// How far past the scroll padding a section's top may sit and still count
/// as reached: scrolling lands within a pixel or two of the target.
pub const TOLERANCE_PX: f64 = 8.0;

/// The section the reader is in: the last one whose top has reached `line`
/// (the scroll padding plus [`TOLERANCE_PX`]). `None` above the first one
/// (the page's header).
pub fn position(tops: &[f64], line: f64) -> Option<usize> {
    tops.iter().rposition(|&t| t <= line + TOLERANCE_PX)
}

/// The section marked as current: where the reader is, or the first one
/// while the header is still in sight.
pub fn current(tops: &[f64], line: f64) -> Option<usize> {
    if tops.is_empty() {
        return None;
    }
    Some(position(tops, line).unwrap_or(0))
}

/// The section one step of the deck keys goes to from `from`, among `count`
/// sections. Forward from the header goes to the first section; the ends
/// stay where they are.
pub fn step(from: Option<usize>, count: usize, by: isize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let next = match from {
        None if by > 0 => by - 1,
        None => return None,
        Some(i) => i as isize + by,
    };
    Some(next.clamp(0, count as isize - 1) as usize)
}

/// The step a key makes in presenting mode. ↓, ↑ and Space are left to the
/// browser: they scroll inside a long section.
pub fn key_step(key: &str) -> Option<isize> {
    match key {
        "ArrowRight" | "PageDown" => Some(1),
        "ArrowLeft" | "PageUp" => Some(-1),
        _ => None,
    }
}

/// What the deck needs to know about the focused element.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Focused<'a> {
    /// The tag name, upper case as the DOM reports it.
    pub tag: &'a str,
    pub role: Option<&'a str>,
    /// The `tabindex` attribute, when set.
    pub tabindex: Option<i32>,
    pub editable: bool,
}

/// True when the focused element uses the arrow and page keys itself:
/// form fields, canvases, sliders and other widgets, and anything made
/// focusable on purpose (the cat, the pad) apart from links, buttons and the
/// sections themselves.
pub fn widget_keeps(f: &Focused) -> bool {
    const ROLES: [&str; 9] = [
        "slider",
        "spinbutton",
        "application",
        "listbox",
        "grid",
        "radiogroup",
        "tablist",
        "textbox",
        "combobox",
    ];
    if f.editable || matches!(f.tag, "INPUT" | "SELECT" | "TEXTAREA" | "CANVAS") {
        return true;
    }
    if f.role.is_some_and(|r| ROLES.contains(&r)) {
        return true;
    }
    let plain = matches!(f.tag, "A" | "BUTTON" | "SECTION" | "BODY" | "SUMMARY");
    !plain && f.tabindex.is_some_and(|t| t >= 0)
}

/// Where the reader is, as a place that survives a layout change: a
/// section and how far down it the reading line sits, as a fraction of its
/// height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchor {
    pub section: usize,
    pub fraction: f64,
}

/// The reader's place, from the sections' tops and heights; `None` above
/// the first section.
pub fn anchor(tops: &[f64], heights: &[f64], line: f64) -> Option<Anchor> {
    let i = position(tops, line)?;
    let h = heights.get(i).copied().unwrap_or(0.0).max(1.0);
    Some(Anchor {
        section: i,
        fraction: ((line - tops[i]) / h).clamp(0.0, 1.0),
    })
}

/// How far to scroll (positive: down) so that the reading line sits at the
/// same fraction of the anchored section, now at `top` with `height`.
pub fn scroll_by(a: Anchor, top: f64, height: f64, line: f64) -> f64 {
    top + a.fraction * height - line
}
