//! The panel's race and the timer that drives it.
//!
//! Each slice runs [`Race::tick`] for a few milliseconds (one batch or one
//! evaluation chunk at a time), then yields to the browser, so the page never
//! freezes. The panel re-renders at most five times a second while racing,
//! and at once when the race changes phase or stops. The race and the slice
//! timings live in the component's hook state, so they last across renders;
//! unmounting the panel stops the timer.

use crate::panels::race::Race;
use crate::web::hooks::alive::use_alive;
use crate::web::platform::clock::{after, now_ms};
use std::cell::{Cell, RefCell, RefMut};
use std::rc::Rc;
use yew::prelude::*;

/// Work per slice: short enough that input and painting stay smooth.
const SLICE_MS: f64 = 8.0;
/// Minimum time between two re-renders while racing.
const RENDER_EVERY_MS: f64 = 200.0;
/// A slice longer than this is a "long task" for the browser.
const LONG_SLICE_MS: f64 = 50.0;

/// How the slices went: the test hooks that show the page never froze.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SliceStats {
    /// Longest slice so far (work plus any re-render it triggered), in ms.
    pub max_slice_ms: f64,
    /// Longest single unit of race work (one batch or evaluation chunk), in ms.
    pub max_unit_ms: f64,
    /// Slices run, and how many of them took over [`LONG_SLICE_MS`].
    pub slices: u64,
    pub long_slices: u64,
}

/// The race (if one was started), its timings, and the panel's re-render.
#[derive(Clone)]
pub struct RaceRunner {
    race: Rc<RefCell<Option<Race>>>,
    stats: Rc<Cell<SliceStats>>,
    alive: Rc<Cell<bool>>,
    update: UseForceUpdateHandle,
}

impl RaceRunner {
    /// The race, borrowed for reading or for classifying the shift example.
    pub fn race(&self) -> RefMut<'_, Option<Race>> {
        self.race.borrow_mut()
    }

    pub fn stats(&self) -> SliceStats {
        self.stats.get()
    }

    /// Replaces any race by `race` and starts it.
    pub fn start(&self, mut race: Race) {
        race.start();
        *self.race.borrow_mut() = Some(race);
        self.schedule();
    }

    /// Pauses a running race, or resumes a paused one.
    pub fn pause_or_resume(&self) {
        let resume = match self.race.borrow_mut().as_mut() {
            Some(r) if r.is_running() => {
                r.stop();
                false
            }
            Some(r) if !r.is_done() => {
                r.start();
                true
            }
            _ => false,
        };
        if resume {
            self.schedule();
        }
    }

    pub fn rerender(&self) {
        self.update.force_update();
    }

    /// The first slice, in the next task: this one already re-renders.
    fn schedule(&self) {
        let runner = self.clone();
        after(0, move || runner.run(now_ms()));
    }

    /// Runs slices until the race stops or the panel goes away.
    fn run(self, last_render: f64) {
        if !self.alive.get() {
            return;
        }
        let t0 = now_ms();
        let mut stats = self.stats.get();
        let (running, new_phase) = {
            let mut r = self.race.borrow_mut();
            let Some(r) = r.as_mut() else { return };
            let before = r.phase();
            // The clock is read once before the first unit and after each one,
            // so the gaps between readings are the units' durations.
            let mut last = None::<f64>;
            let mut clock = || {
                let t = now_ms();
                if let Some(l) = last {
                    stats.max_unit_ms = stats.max_unit_ms.max(t - l);
                }
                last = Some(t);
                t
            };
            r.tick(SLICE_MS, &mut clock);
            (r.is_running(), before != r.phase())
        };
        let now = now_ms();
        let mut rendered = last_render;
        if !running || new_phase || now - last_render >= RENDER_EVERY_MS {
            self.update.force_update();
            rendered = now;
        }
        let took = now_ms() - t0;
        stats.max_slice_ms = stats.max_slice_ms.max(took);
        stats.slices += 1;
        stats.long_slices += (took > LONG_SLICE_MS) as u64;
        self.stats.set(stats);
        if running {
            after(0, move || self.run(rendered));
        }
    }
}

/// The panel's race runner; the same one on every render.
#[hook]
pub fn use_race() -> RaceRunner {
    let race = use_mut_ref(|| None::<Race>);
    let stats = (*use_memo((), |_| Rc::new(Cell::new(SliceStats::default())))).clone();
    let alive = use_alive();
    let update = use_force_update();
    RaceRunner {
        race,
        stats,
        alive,
        update,
    }
}
