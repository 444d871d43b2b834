//! One forward pass shared by every look-inside panel, throttled while training.
//!
//! The feature maps, the sliding-filter animation and the pooling zoom all
//! look at the same image through the same weights, so they share one
//! [`Seen`], kept in the app's [`TraceCache`] (a context; the panels read it
//! through `crate::web::hooks::seen::use_seen`). It is recomputed only when the weights, the input
//! or the architecture really changed (the session's weights generation,
//! which never resets, and a fingerprint of the input), and at most every [`MIN_GAP_MS`] while
//! the session is busy training, so the page stays smooth.

use crate::core::budget::RENDER_PIECE_MACS;
use crate::core::{LayerInfo, ModelSpec, Shape, Trace, TraceJob};
use crate::panels::inspect::fingerprint;
use crate::panels::inspect::maps::{build, MapLayer};
use crate::panels::inspect::scene::front_end;
use crate::session::Input;
use crate::web::hooks::lab::Lab;
use crate::web::platform::clock::now_ms;
use std::cell::RefCell;
use std::rc::Rc;

/// Minimum time between two recomputations while training (about 4 a second).
pub const MIN_GAP_MS: f64 = 250.0;

/// Everything the panels need about one input going through the model.
pub struct Seen {
    pub spec: ModelSpec,
    pub info: Vec<LayerInfo>,
    /// The input as the model sees it, `[c, h, w]`.
    pub input: Rc<Vec<f32>>,
    /// "test digit 12", "your drawing", ...
    pub input_name: String,
    pub trace: Trace,
    pub maps: Vec<Rc<MapLayer>>,
    /// Conv weights and biases per spec index (empty for other layers).
    pub params: Vec<(Vec<f32>, Vec<f32>)>,
}

/// One pass is equal only to itself: the cache hands out the same `Rc<Seen>`
/// until the weights, the input or the architecture change, so components
/// given a `Seen` re-render exactly when there is a new one.
impl PartialEq for Seen {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

struct Cached {
    key: u64,
    spec: ModelSpec,
    at: f64,
    seen: Rc<Seen>,
}

/// A forward pass under way, a piece per render: a scene is many times a
/// digit, and one pass of the largest network the budget allows would hold
/// the page for a long task if it ran at once.
struct Pending {
    key: u64,
    spec: ModelSpec,
    /// The scene's shape, or `None` for an input of the network's own size.
    scene: Option<Shape>,
    front: crate::core::Model,
    job: TraceJob,
    pixels: Vec<f32>,
    name: String,
}

#[derive(Default)]
struct CacheState {
    done: Option<Cached>,
    pending: Option<Pending>,
}

/// The last [`Seen`] and what it was computed from, shared by every panel
/// that looks inside. Equal when it is the same cache.
#[derive(Clone, Default)]
pub struct TraceCache(Rc<RefCell<CacheState>>);

impl PartialEq for TraceCache {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl TraceCache {
    /// A scene's pass is under way: the caller should render again soon.
    pub fn pending(&self) -> bool {
        self.0.borrow().pending.is_some()
    }
}

/// A readable name for the selected input.
pub fn input_name(input: &Input) -> String {
    match input {
        Input::Test(i) => format!("test digit #{i}"),
        Input::Drawn(_) => "your drawing".into(),
        Input::Scene { .. } => "the cat scene".into(),
    }
}

/// The current [`Seen`], or why there is none (an input that does not fit
/// the model).
pub fn current(lab: &Lab, cache: &TraceCache) -> Result<Rc<Seen>, String> {
    let (key, spec, busy, pixels, name, scene) = {
        let s = lab.read();
        let need = s.model().input_len();
        // Until the digits arrive, a blank image keeps every panel at its
        // final size, so the page does not jump when the data lands.
        let loading = s.input_pixels().is_none();
        let px = s.input_pixels().unwrap_or_else(|| vec![0.0; need]);
        let scene = match &s.input {
            Input::Scene { w, h, .. } if px.len() != need => Some(Shape::new(1, *h, *w)),
            _ => None,
        };
        if px.len() != need && scene.is_none() {
            return Err(format!(
                "The selected input has {} values but this network expects {need} ({}); pick a test digit instead.",
                px.len(),
                s.spec().input
            ));
        }
        let name = if loading {
            "a blank image (the digits are still loading)".to_string()
        } else {
            input_name(&s.input)
        };
        // The weights enter the key by their generation (never reused), the
        // input by its pixels: hashing every parameter on every render cost
        // tens of ms per frame for the largest networks.
        let key = fingerprint(&px)
            ^ fingerprint_str(&format!("{}|{name}|{}", s.spec(), s.weights_generation));
        (key, s.spec().clone(), s.busy(), px, name, scene)
    };
    let now = now_ms();
    let cached = cache.0.borrow().done.as_ref().and_then(|c| {
        let fresh = c.key == key;
        let recent = busy && c.spec == spec && now - c.at < MIN_GAP_MS;
        (fresh || recent).then(|| c.seen.clone())
    });
    if let Some(seen) = cached {
        return Ok(seen);
    }
    if let Some(shape) = scene {
        return piece(lab, cache, key, spec, Some(shape), pixels, name, now);
    }
    // A network whose one pass is more than a piece goes the same way as a
    // scene: a piece per render, so no render holds the page for long.
    let macs: u64 = lab.read().model().info().iter().map(|l| l.macs).sum();
    if macs > RENDER_PIECE_MACS {
        return piece(lab, cache, key, spec, None, pixels, name, now);
    }
    // The only mutable borrow: `trace` reuses the model's buffers. It is
    // short and never overlaps a read, because renders run one at a time.
    let Ok(mut s) = lab.session.try_borrow_mut() else {
        return Err("The network is busy; the maps will appear in a moment.".into());
    };
    let trace = s.model_mut().trace(&pixels);
    drop(s);
    let s = lab.read();
    let seen = make_seen(s.model(), trace, pixels, name);
    drop(s);
    cache.0.borrow_mut().done = Some(Cached {
        key,
        spec,
        at: now,
        seen: seen.clone(),
    });
    Ok(seen)
}

/// Everything the panels show of one finished pass through `model`.
fn make_seen(model: &crate::core::Model, trace: Trace, pixels: Vec<f32>, name: String) -> Rc<Seen> {
    let info = model.info().to_vec();
    let params = model
        .layers()
        .iter()
        .map(|l| match l {
            crate::core::layers::Layer::Conv(c) => (c.weight.clone(), c.bias.clone()),
            _ => (Vec::new(), Vec::new()),
        })
        .collect();
    Rc::new(Seen {
        maps: build(&info, &trace).into_iter().map(Rc::new).collect(),
        spec: model.spec().clone(),
        info,
        input: Rc::new(pixels),
        input_name: name,
        trace,
        params,
    })
}

/// One piece of a pass that is too large for one render: a scene (`scene`
/// is its shape) or one input through a large network. The scene goes
/// through the same filters, rebuilt for its size (the classifier cannot
/// read it, so there are no probabilities); an input of the network's own
/// size goes through a copy of the whole network. A pass under way for the
/// same architecture goes on even if the weights or the input moved
/// meanwhile (it copied the weights when it started), so dragging or
/// training never starves it; until it ends, the last finished maps stay on
/// show.
#[allow(clippy::too_many_arguments)]
fn piece(
    lab: &Lab,
    cache: &TraceCache,
    key: u64,
    spec: ModelSpec,
    scene: Option<Shape>,
    pixels: Vec<f32>,
    name: String,
    now: f64,
) -> Result<Rc<Seen>, String> {
    let mut state = cache.0.borrow_mut();
    if state
        .pending
        .as_ref()
        .is_some_and(|p| p.spec != spec || p.scene != scene)
    {
        state.pending = None;
    }
    if state.pending.is_none() {
        let s = lab.read();
        let mut front = match scene {
            Some(shape) => front_end(s.model(), shape)
                .map_err(|e| format!("The scene cannot go through this network's filters: {e}."))?,
            None => s.model().clone(),
        };
        drop(s);
        let job = front.start_trace(&pixels).ok_or_else(|| match scene {
            Some(_) => "The scene does not fit this network's filters.".to_string(),
            None => "The selected input does not fit this network.".to_string(),
        })?;
        state.pending = Some(Pending {
            key,
            spec: spec.clone(),
            scene,
            front,
            job,
            pixels,
            name,
        });
    }
    let p = state.pending.as_mut().expect("set above");
    if let Some(mut trace) = p.front.trace_step(&mut p.job, RENDER_PIECE_MACS) {
        if scene.is_some() {
            trace.probs.clear();
        }
        let p = state.pending.take().expect("checked above");
        let seen = make_seen(&p.front, trace, p.pixels, p.name);
        state.done = Some(Cached {
            key: p.key,
            spec: p.spec,
            at: now,
            seen: seen.clone(),
        });
        return Ok(seen);
    }
    match state.done.as_ref().filter(|c| c.spec == spec) {
        Some(c) => Ok(c.seen.clone()),
        None if scene.is_some() => {
            Err("Sliding the filters over the cat scene; the maps appear in a moment.".into())
        }
        None => Err("Passing the image through the network; the maps appear in a moment.".into()),
    }
}

fn fingerprint_str(s: &str) -> u64 {
    let floats: Vec<f32> = s.bytes().map(|b| b as f32).collect();
    fingerprint(&floats)
}
