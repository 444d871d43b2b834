//! Pure helpers for the cat demo's view: pointer geometry, keyboard steps,
//! the trail of scores recorded while the person drags, and the numbers of
//! the "honest limits" box. No browser code, so all of it is tested natively.

use crate::panels::cat::{CatDemo, PoolShift, START};

/// Most samples kept on the chart's trail (oldest dropped first).
pub const TRAIL_MAX: usize = 600;

/// A point on the page (CSS pixels) to scene pixels, given where the scene
/// is drawn (`left, top, width, height` of its box) and its size in pixels.
/// Not clamped: the caller clamps the cat, not the pointer.
pub fn to_scene(
    (px, py): (f64, f64),
    (left, top, width, height): (f64, f64, f64, f64),
    (scene_w, scene_h): (usize, usize),
) -> (f64, f64) {
    let sx = if width > 0.0 {
        (px - left) * scene_w as f64 / width
    } else {
        0.0
    };
    let sy = if height > 0.0 {
        (py - top) * scene_h as f64 / height
    } else {
        0.0
    };
    (sx, sy)
}

/// Where a dragged cat's top-left goes: the pointer minus where in the cat
/// it was grabbed, rounded to whole pixels.
pub fn drag_target(pointer: (f64, f64), grab: (f64, f64)) -> (i64, i64) {
    (
        (pointer.0 - grab.0).round() as i64,
        (pointer.1 - grab.1).round() as i64,
    )
}

/// The move for an arrow key (`"ArrowLeft"` ...): 1 pixel, or 8 with Shift.
pub fn arrow_step(key: &str, shift: bool) -> Option<(i64, i64)> {
    let d = if shift { 8 } else { 1 };
    match key {
        "ArrowLeft" => Some((-d, 0)),
        "ArrowRight" => Some((d, 0)),
        "ArrowUp" => Some((0, -d)),
        "ArrowDown" => Some((0, d)),
        _ => None,
    }
}

/// Both scores with the cat at one place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub x: usize,
    pub y: usize,
    pub conv: f32,
    pub dense: f32,
}

/// Scores recorded as the cat moves, for the live chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trail {
    samples: Vec<Sample>,
}

impl Trail {
    /// Adds a sample unless it repeats the last position; keeps the newest [`TRAIL_MAX`].
    pub fn push(&mut self, s: Sample) {
        if self
            .samples
            .last()
            .is_some_and(|l| (l.x, l.y) == (s.x, s.y))
        {
            return;
        }
        if self.samples.len() == TRAIL_MAX {
            self.samples.remove(0);
        }
        self.samples.push(s);
    }

    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    pub fn clear(&mut self) {
        self.samples.clear();
    }

    /// Lowest and highest of both scores so far, as `(conv, dense)` ranges.
    pub fn ranges(&self) -> Option<((f32, f32), (f32, f32))> {
        let first = self.samples.first()?;
        let mut c = (first.conv, first.conv);
        let mut d = (first.dense, first.dense);
        for s in &self.samples {
            c = (c.0.min(s.conv), c.1.max(s.conv));
            d = (d.0.min(s.dense), d.1.max(s.dense));
        }
        Some((c, d))
    }

    /// One sentence for screen readers: what the chart shows so far.
    pub fn describe(&self) -> String {
        match self.ranges() {
            None => "No positions recorded yet: drag the cat.".into(),
            Some((c, d)) => format!(
                "{} positions recorded. Conv score between {:.2} and {:.2}; dense score between {:.2} and {:.2}.",
                self.samples.len(),
                c.0,
                c.1,
                d.0,
                d.1
            ),
        }
    }
}

/// The limits box's numbers for a pool comparison: the largest change of
/// the 2x2-pooled maps and of the global max, each as a percentage of the
/// largest pooled value.
pub fn pool_change_percent(p: &PoolShift) -> (f32, f32) {
    let scale = if p.peak.abs() > 1e-9 {
        p.peak.abs()
    } else {
        1.0
    };
    (
        100.0 * p.max_abs_diff / scale,
        100.0 * p.global_max_abs_diff / scale,
    )
}

/// The cat slid along its starting row, a few positions per call, so the
/// chart's reference lines can be computed in small slices after the page
/// shows (all at once would hold the main thread for ~100 ms in a browser).
/// It runs on a demo of its own, so cats the person adds do not disturb it.
pub struct Sweep {
    demo: CatDemo,
    next_x: usize,
    step: usize,
    points: Vec<(usize, f32, f32)>,
}

impl Sweep {
    /// A sweep of the default scene's one cat along row [`START`]`.1`, every `step` pixels.
    pub fn new(step: usize) -> Result<Sweep, String> {
        Ok(Sweep {
            demo: CatDemo::new()?,
            next_x: 0,
            step: step.max(1),
            points: Vec::new(),
        })
    }

    /// Computes up to `n` more positions. Returns false once the row is done.
    pub fn advance(&mut self, n: usize) -> bool {
        let max_x = self.demo.scene().width() - self.demo.scene().sprite().w;
        for _ in 0..n {
            if self.next_x > max_x {
                return false;
            }
            self.demo
                .scene_mut()
                .move_cat(0, self.next_x as i64, START.1 as i64);
            let r = self.demo.readout();
            self.points.push((self.next_x, r.conv_score, r.dense_score));
            self.next_x += self.step;
        }
        self.next_x <= max_x
    }

    /// `(x, conv score, dense score)` for the positions done so far.
    pub fn points(&self) -> &[(usize, f32, f32)] {
        &self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_maps_to_scene_pixels() {
        // A 128-pixel scene drawn 384 CSS pixels wide at (100, 50).
        let r = (100.0, 50.0, 384.0, 384.0);
        assert_eq!(to_scene((100.0, 50.0), r, (128, 128)), (0.0, 0.0));
        assert_eq!(to_scene((484.0, 434.0), r, (128, 128)), (128.0, 128.0));
        assert_eq!(to_scene((103.0, 56.0), r, (128, 128)), (1.0, 2.0));
        // A collapsed box gives 0, never NaN.
        assert_eq!(
            to_scene((5.0, 5.0), (0.0, 0.0, 0.0, 0.0), (128, 128)),
            (0.0, 0.0)
        );
        assert_eq!(drag_target((40.4, 30.6), (10.0, 5.0)), (30, 26));
        assert_eq!(drag_target((2.0, 2.0), (10.0, 5.0)), (-8, -3));
    }

    #[test]
    fn arrows_move_by_one_or_eight() {
        assert_eq!(arrow_step("ArrowLeft", false), Some((-1, 0)));
        assert_eq!(arrow_step("ArrowDown", true), Some((0, 8)));
        assert_eq!(arrow_step("a", false), None);
    }

    #[test]
    fn trail_skips_repeats_and_caps() {
        let mut t = Trail::default();
        assert!(t.ranges().is_none());
        let s = |x, conv, dense| Sample {
            x,
            y: 0,
            conv,
            dense,
        };
        t.push(s(1, 1.0, 1.0));
        t.push(s(1, 0.5, 0.5));
        assert_eq!(t.samples().len(), 1);
        t.push(s(2, 0.98, 0.1));
        assert_eq!(t.ranges(), Some(((0.98, 1.0), (0.1, 1.0))));
        assert!(t.describe().starts_with("2 positions"));
        for x in 0..TRAIL_MAX + 10 {
            t.push(s(x + 10, 1.0, 0.0));
        }
        assert_eq!(t.samples().len(), TRAIL_MAX);
        assert_eq!(t.samples().last().unwrap().x, TRAIL_MAX + 19);
    }

    #[test]
    fn sweep_in_slices_matches_the_whole_row() {
        let mut whole = CatDemo::new().unwrap();
        let want = whole.score_curve(0, START.1, 4);
        let mut sweep = Sweep::new(4).unwrap();
        let mut calls = 0;
        while sweep.advance(3) {
            calls += 1;
        }
        assert_eq!(sweep.points(), &want[..]);
        assert!(calls >= want.len() / 3 - 1, "{calls} slices");
        assert!(!sweep.advance(3), "a finished sweep stays finished");
    }

    #[test]
    fn pool_change_is_a_share_of_the_peak() {
        let p = PoolShift {
            dx: 1,
            shape: crate::core::Shape::new(1, 1, 1),
            before: vec![],
            after: vec![],
            max_abs_diff: 0.5,
            peak: 2.0,
            global_before: vec![],
            global_after: vec![],
            global_max_abs_diff: 0.0,
        };
        assert_eq!(pool_change_percent(&p), (25.0, 0.0));
    }
}
