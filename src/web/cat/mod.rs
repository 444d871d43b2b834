//! "Drag the cat": translation equivariance and invariance, live.
//!
//! The panel owns one [`CatDemo`] (scene, detectors, the core model running
//! them, the dense neuron). Every move re-runs the detectors through the core
//! (about 2 million multiply-adds, a millisecond or two) and records both
//! scores on the chart's trail. Heavy one-off numbers (the row sweep, the
//! pooling limits) are computed once when the panel mounts.

mod chart;
mod facts;
mod learn;
mod maps;
mod scene;
mod send;

use crate::panels::cat::view::{Sample, Sweep, Trail};
use crate::panels::cat::{CatDemo, PoolShift, Readout, START};
use crate::web::platform::clock::after;
use chart::ScoreChart;
use facts::{CountBox, LimitsBox};
use maps::DetectorMaps;
use scene::SceneView;
use send::SendScene;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Where added cats go, in turn (clamped into the scene).
const SPOTS: [(i64, i64); 4] = [(80, 8), (8, 8), (84, 84), (50, 40)];

/// Everything the panel keeps between renders.
struct State {
    demo: CatDemo,
    readout: Readout,
    trail: Trail,
    selected: usize,
    added: usize,
    sweep: Rc<Vec<(usize, f32, f32)>>,
    /// Computes `sweep` in slices after the panel shows; `None` when done.
    sweeper: Option<Sweep>,
    limits: (Option<PoolShift>, Option<PoolShift>),
    /// The background work (sweep and limits) has finished.
    settled: bool,
    message: Option<String>,
    /// How long building the demo took (a test hook: it runs on the main thread).
    init_ms: f64,
}

impl State {
    fn new() -> Result<State, String> {
        let t0 = crate::web::platform::clock::now_ms();
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
        s.init_ms = crate::web::platform::clock::now_ms() - t0;
        Ok(s)
    }

    /// One slice of the work left after mounting: the row sweep (a few
    /// positions per slice), then the two pooling comparisons. Returns
    /// whether anything is left.
    fn background(&mut self) -> bool {
        if let Some(sw) = self.sweeper.as_mut() {
            let more = sw.advance(3);
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

#[component]
pub fn CatPanel() -> Html {
    let state = use_mut_ref(State::new);
    let update = use_force_update();
    {
        let (state, update) = (state.clone(), update.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            after(0, {
                let alive = alive.clone();
                move || background(state, update, alive)
            });
            move || alive.set(false)
        });
    }

    let with = {
        let (state, update) = (state.clone(), update.clone());
        move |f: Box<dyn Fn(&mut State)>| {
            if let Ok(s) = state.borrow_mut().as_mut() {
                f(s);
            }
            update.force_update();
        }
    };
    let onmove = {
        let with = with.clone();
        Callback::from(move |(i, x, y): (usize, i64, i64)| {
            with(Box::new(move |s: &mut State| {
                let before = s.demo.scene().cats().get(i).copied();
                if s.demo.scene_mut().move_cat(i, x, y) != before {
                    s.refresh();
                }
            }))
        })
    };
    let onselect = {
        let with = with.clone();
        Callback::from(move |i: usize| with(Box::new(move |s: &mut State| s.selected = i)))
    };
    let onadd = {
        let with = with.clone();
        Callback::from(move |_: MouseEvent| {
            with(Box::new(|s: &mut State| {
                let (x, y) = SPOTS[s.added % SPOTS.len()];
                match s.demo.scene_mut().add_cat(x, y) {
                    Ok(i) => {
                        s.added += 1;
                        s.selected = i;
                        s.message = None;
                        s.refresh();
                    }
                    Err(e) => s.message = Some(e),
                }
            }))
        })
    };
    let onremove = {
        let with = with.clone();
        Callback::from(move |_: MouseEvent| {
            with(Box::new(|s: &mut State| {
                if s.demo.scene_mut().remove_cat(s.selected) {
                    s.selected = s.selected.saturating_sub(1);
                    s.refresh();
                }
            }))
        })
    };
    let onclear = {
        let with = with.clone();
        Callback::from(move |_: MouseEvent| with(Box::new(|s: &mut State| s.trail.clear())))
    };

    let guard = state.borrow();
    let s = match guard.as_ref() {
        Ok(s) => s,
        Err(e) => {
            return html! { <div class="panel" data-testid="cat-panel"><p class="error-text" role="alert">{ format!("The cat demo could not start: {e}") }</p></div> }
        }
    };
    let scene = s.demo.scene();
    let (w, h) = (scene.width(), scene.height());
    let sprite = scene.sprite();
    let r = &s.readout;
    let hot_name = r
        .maps
        .iter()
        .find(|m| m.hot == r.hotspot)
        .map(|m| m.name)
        .unwrap_or("");
    let pixels = Rc::new(r.pixels.clone());
    let cats = scene.cats().to_vec();
    let has_cats = !cats.is_empty();
    let samples = Rc::new(s.trail.samples().to_vec());
    html! {
        <div class="cat-panel" data-testid="cat-panel" data-init-ms={format!("{:.1}", s.init_ms)}>
            <div class="cat-top">
                <div class="panel cat-stage">
                    <SceneView pixels={pixels.clone()} w={w} h={h} cat_w={sprite.w} cat_h={sprite.h} cats={cats}
                        selected={s.selected} hotspot={r.hotspot} hot_name={AttrValue::from(hot_name)}
                        onmove={onmove} onselect={onselect} />
                    <div class="row cat-buttons">
                        <button onclick={onadd}>{ "Add a cat" }</button>
                        <button onclick={onremove} disabled={!has_cats}>{ "Remove selected cat" }</button>
                        <SendScene pixels={pixels.clone()} w={w} h={h} />
                    </div>
                    if let Some(m) = &s.message { <p class="error-text" role="alert">{ m.clone() }</p> }
                    <p class="muted">{ format!("Scene {w}×{h} pixels; the cat is {}×{}. Drag a cat with mouse or finger, or focus it (Tab) and use the arrow keys.", sprite.w, sprite.h) }</p>
                </div>
                <div class="panel cat-scores">
                    <h3>{ "Cat scores" }</h3>
                    <div class="grid-2 cat-score-pair">
                        <div data-testid="cat-score-conv" data-value={format!("{:.4}", r.conv_score)}>
                            <div class="big-number">{ format!("{:.2}", r.conv_score) }</div>
                            <div>{ "Conv + global max pool" }</div>
                            <div class="muted">{ "mean of the three part scores; 1.00 = every part found exactly as drawn" }</div>
                        </div>
                        <div data-testid="cat-score-dense" data-value={format!("{:.4}", r.dense_score)}>
                            <div class={classes!("big-number", (r.dense_score < 0.5).then_some("bad"))}>{ format!("{:.2}", r.dense_score) }</div>
                            <div>{ "Dense neuron" }</div>
                            <div class="muted">{ format!("one weight per pixel ({}), fitted to the cat at ({}, {}); 1.00 there", crate::core::numfmt::thousands((w * h) as u128), START.0, START.1) }</div>
                        </div>
                    </div>
                    <ScoreChart sweep={s.sweep.clone()} samples={samples} max_x={w - sprite.w} label={AttrValue::from(s.trail.describe())} />
                    <button onclick={onclear}>{ "Clear the markers" }</button>
                </div>
            </div>
            <div class="panel">
                <h3>{ "Part detectors and their feature maps" }</h3>
                <p>{ format!("The three detectors are not learned: each is a {k}×{k} patch cut from the cat sprite itself (an ear, an eye, the nose), made zero-mean, and used as a filter — a filter is a template. They run through the same core convolution code as the digit network, as one conv layer with three filters followed by a global max pool.", k = s.demo.detectors().first().map(|d| d.k).unwrap_or(7)) }</p>
                <DetectorMaps detectors={Rc::new(s.demo.detectors().to_vec())} maps={Rc::new(r.maps.clone())} />
            </div>
            <div class="grid-2">
                <CountBox count={s.demo.count()} />
                <LimitsBox one={s.limits.0.clone()} two={s.limits.1.clone()} pending={!s.settled} />
            </div>
            <learn::LearnPanel />
        </div>
    }
}

/// Runs one slice of [`State::background`] per timer tick until it is done.
fn background(
    state: Rc<RefCell<Result<State, String>>>,
    update: UseForceUpdateHandle,
    alive: Rc<Cell<bool>>,
) {
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
