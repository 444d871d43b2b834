//! The cat panel's state: the demo (scene, detectors, the core model running
//! them, the dense neuron), its latest readout and the chart's trail, kept
//! between renders by [`use_cat_demo`]. Heavy one-off numbers (the row sweep,
//! the pooling limits) are computed in slices after the panel shows.

use crate::panels::cat::view::{Sample, Sweep, Trail};
use crate::panels::cat::{CatDemo, PoolShift, Readout, START};
use crate::web::hooks::alive::use_alive;
use crate::web::platform::clock::{after, now_ms};
use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// How long one slice of the background work may run before the page gets
/// its turn (ms): well under the 50 ms that makes a long task.
const SLICE_MS: f64 = 12.0;

/// Where added cats go, in turn (clamped into the scene).
const SPOTS: [(i64, i64); 4] = [(80, 8), (8, 8), (84, 84), (50, 40)];

/// Everything the panel keeps between renders.
pub struct State {
    pub demo: CatDemo,
    pub readout: Readout,
    pub trail: Trail,
    pub selected: usize,
    added: usize,
    pub sweep: Rc<Vec<(usize, f32, f32)>>,
    /// Computes `sweep` in slices after the panel shows; `None` when done.
    sweeper: Option<Sweep>,
    pub limits: (Option<PoolShift>, Option<PoolShift>),
    /// The background work (sweep and limits) has finished.
    pub settled: bool,
    pub message: Option<String>,
    /// How long building the demo took (a test hook: it runs on the main thread).
    pub init_ms: f64,
}

impl State {
    pub fn new() -> Result<State, String> {
        let t0 = now_ms();
        let mut demo = CatDemo::new()?;
        let readout = demo.readout();
        let mut s = State {
            demo,
            readout,
            trail: Trail::default(),
            selected: 0,
            added: 0,
            sweep: Rc::default(),
            // Every 4th pixel: 27 positions, computed in slices by `background`.
            sweeper: Sweep::new(4).ok(),
            limits: (None, None),
            settled: false,
            message: None,
            init_ms: 0.0,
        };
        s.record();
        s.init_ms = now_ms() - t0;
        Ok(s)
    }

    /// One slice of the work left after mounting: the row sweep (as many
    /// positions as fit in [`SLICE_MS`], at least one), then the two pooling comparisons. Returns
    /// whether anything is left.
    fn background(&mut self) -> bool {
        if let Some(sw) = self.sweeper.as_mut() {
            // One position at a time, as many as fit in a slice: a position
            // runs the detectors over the whole scene, and three at once held
            // the page for a long task on a slow or busy machine.
            let t0 = now_ms();
            let mut more = sw.advance(1);
            while more && now_ms() - t0 < SLICE_MS {
                more = sw.advance(1);
            }
            self.sweep = Rc::new(sw.points().to_vec());
            if !more {
                self.sweeper = None;
            }
            return true;
        }
        if self.limits.0.is_none() {
            self.limits.0 = self.demo.pool_shift(START, 1).ok();
            return true;
        }
        if self.limits.1.is_none() {
            self.limits.1 = self.demo.pool_shift(START, 2).ok();
        }
        self.settled = true;
        false
    }

    /// Re-runs the detectors and adds the selected cat's place to the trail.
    fn refresh(&mut self) {
        self.readout = self.demo.readout();
        self.record();
    }

    /// Moves cat `i` to `(x, y)` (clamped into the scene).
    pub fn move_cat(&mut self, i: usize, x: i64, y: i64) {
        let before = self.demo.scene().cats().get(i).copied();
        if self.demo.scene_mut().move_cat(i, x, y) != before {
            self.refresh();
        }
    }

    /// Adds a cat at the next of [`SPOTS`] and selects it.
    pub fn add_cat(&mut self) {
        let (x, y) = SPOTS[self.added % SPOTS.len()];
        match self.demo.scene_mut().add_cat(x, y) {
            Ok(i) => {
                self.added += 1;
                self.selected = i;
                self.message = None;
                self.refresh();
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Removes the selected cat; the one before it is selected next.
    pub fn remove_selected(&mut self) {
        if self.demo.scene_mut().remove_cat(self.selected) {
            self.selected = self.selected.saturating_sub(1);
            self.refresh();
        }
    }

    fn record(&mut self) {
        if let Some(&(x, y)) = self.demo.scene().cats().get(self.selected) {
            self.trail.push(Sample {
                x,
                y,
                conv: self.readout.conv_score,
                dense: self.readout.dense_score,
            });
        }
    }
}

type Shared = Rc<RefCell<Result<State, String>>>;

/// The panel's demo (or why it could not start), and its re-render.
#[derive(Clone)]
pub struct CatDemoHandle {
    state: Shared,
    update: UseForceUpdateHandle,
}

impl CatDemoHandle {
    pub fn borrow(&self) -> Ref<'_, Result<State, String>> {
        self.state.borrow()
    }

    /// A callback that changes the demo with `f`, then re-renders the panel.
    pub fn callback<T: 'static>(&self, f: impl Fn(&mut State, T) + 'static) -> Callback<T> {
        let (state, update) = (self.state.clone(), self.update.clone());
        Callback::from(move |arg: T| {
            if let Ok(s) = state.borrow_mut().as_mut() {
                f(s, arg);
            }
            update.force_update();
        })
    }
}

/// The demo, built on the first render; its background work starts after
/// the panel shows and stops if the panel goes away.
#[hook]
pub fn use_cat_demo() -> CatDemoHandle {
    let state = use_mut_ref(State::new);
    let update = use_force_update();
    let alive = use_alive();
    {
        let (state, update) = (state.clone(), update.clone());
        use_effect_with((), move |_| {
            after(0, move || background(state, update, alive))
        });
    }
    CatDemoHandle { state, update }
}

/// Runs one slice of [`State::background`] per timer tick until it is done.
fn background(state: Shared, update: UseForceUpdateHandle, alive: Rc<Cell<bool>>) {
    if !alive.get() {
        return;
    }
    let more = match state.borrow_mut().as_mut() {
        Ok(s) => s.background(),
        Err(_) => false,
    };
    update.force_update();
    if more {
        after(0, move || background(state, update, alive));
    }
}
