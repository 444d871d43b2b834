//! "What does it look at?": occlusion sensitivity for the selected input,
//! overlaid on the digit.
//!
//! The map is computed by `crate::panels::inspect::occlusion` on a copy of
//! the model, a few patch places per timer tick (each tick stops after
//! [`SLICE_MS`]), and redrawn as it fills in. A new input or new weights
//! start it again; while training runs it waits, so it never slows training.

use super::trace::Seen;
use crate::core::Model;
use crate::panels::inspect::occlusion::{Occlusion, PATCH};
use crate::session::Status;
use crate::web::hooks::lab::use_lab;
use crate::web::platform::clock::{after, now_ms};
use crate::web::widgets::paint_rgba;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Longest stretch of work per timer tick, in milliseconds.
const SLICE_MS: f64 = 8.0;

struct Job {
    /// Which start this is; a newer start makes older timers stop.
    generation: u64,
    occ: Occlusion,
    model: Model,
    /// Ticks so far, those over 50 ms, and the longest, for the end-to-end
    /// test's report (a tick is planned as [`SLICE_MS`]; a longer one means
    /// the browser was paused in between).
    slices: u32,
    slow: u32,
    worst_ms: f64,
}

type Shared = Rc<RefCell<Option<Job>>>;

#[derive(Properties, PartialEq)]
pub struct OcclusionProps {
    pub seen: Rc<Seen>,
}

#[component]
pub fn OcclusionView(p: &OcclusionProps) -> Html {
    let lab = use_lab();
    let job: Shared = use_mut_ref(|| None);
    let generation = use_mut_ref(|| 0u64);
    let update = use_force_update();
    let training = lab.read().status == Status::Training;
    let fits = p.seen.trace.probs.len() > 1;
    {
        let (lab, job, generation, update) =
            (lab.clone(), job.clone(), generation.clone(), update.clone());
        use_effect_with((p.seen.clone(), training), move |(seen, training)| {
            *generation.borrow_mut() += 1;
            *job.borrow_mut() = None;
            if !*training && seen.trace.probs.len() > 1 {
                let made = {
                    let s = lab.read();
                    let mut model = s.model().clone();
                    Occlusion::new(&mut model, &seen.input).map(|occ| (occ, model))
                };
                if let Some((occ, model)) = made {
                    let g = *generation.borrow();
                    *job.borrow_mut() = Some(Job {
                        generation: g,
                        occ,
                        model,
                        slices: 0,
                        slow: 0,
                        worst_ms: 0.0,
                    });
                    let (job, update) = (job.clone(), update.clone());
                    after(0, move || run(job, g, update));
                }
            }
            update.force_update();
        });
    }
    let node = use_node_ref();
    let guard = job.borrow();
    let rgba = guard.as_ref().map(|j| Rc::new(j.occ.overlay()));
    {
        let node = node.clone();
        use_effect_with(rgba.clone(), move |rgba| {
            if let (Some(c), Some(rgba)) = (node.cast::<HtmlCanvasElement>(), rgba) {
                let side = ((rgba.len() / 4) as f64).sqrt() as u32;
                paint_rgba(&c, side, side, rgba);
            }
        });
    }
    let done = guard.as_ref().filter(|j| j.occ.is_done());
    let peak = done.map(|j| j.occ.peak());
    let status = match (guard.as_ref(), done) {
        (_, Some(j)) => {
            let (x, y) = j.occ.peak();
            format!(
                "The network reads {} as a {} (probability {:.2}). Covering it near pixel ({x}, {y}) lowers that probability most, by {:.2} on average.",
                p.seen.input_name,
                j.occ.class,
                j.occ.base,
                j.occ.peak_fall()
            )
        }
        (Some(j), None) => format!(
            "Covering the digit patch by patch: {:.0}% done.",
            100.0 * j.occ.progress()
        ),
        (None, _) if training => {
            "The map waits until training pauses, so it does not slow training down.".into()
        }
        (None, _) if !fits => {
            "Occlusion needs an input the classifier reads: pick a test digit or draw one.".into()
        }
        (None, _) => "Starting…".into(),
    };
    html! {
        <figure class="occlusion">
            <h4>{ "What does it look at?" }</h4>
            <canvas ref={node} data-testid="occlusion" class="pixels occlusion-canvas" role="img"
                aria-label={status.clone()}
                data-peak-x={peak.map(|p| p.0.to_string())} data-peak-y={peak.map(|p| p.1.to_string())}
                data-class={done.map(|j| j.occ.class.to_string())}
                data-progress={guard.as_ref().map(|j| format!("{:.2}", j.occ.progress()))}
                data-slices={guard.as_ref().map(|j| j.slices.to_string())}
                data-slow-slices={guard.as_ref().map(|j| j.slow.to_string())}
                data-worst-ms={guard.as_ref().map(|j| format!("{:.1}", j.worst_ms))} />
            <figcaption>
                <span aria-live="polite">{ status }</span>
                { format!(" A blank {PATCH}×{PATCH} patch slides over the input; red marks where covering lowers the probability of the network's answer, blue where it raises it, stronger where the change is larger.") }
            </figcaption>
        </figure>
    }
}

/// One slice: patch places until [`SLICE_MS`] have passed, then a redraw.
fn run(job: Shared, generation: u64, update: UseForceUpdateHandle) {
    let more = {
        let mut j = job.borrow_mut();
        let Some(j) = j.as_mut().filter(|j| j.generation == generation) else {
            return;
        };
        let t0 = now_ms();
        while j.occ.advance(&mut j.model, 1) && now_ms() - t0 < SLICE_MS {}
        let took = now_ms() - t0;
        j.slices += 1;
        j.slow += u32::from(took > 50.0);
        j.worst_ms = j.worst_ms.max(took);
        !j.occ.is_done()
    };
    update.force_update();
    if more {
        after(0, move || run(job, generation, update));
    }
}
