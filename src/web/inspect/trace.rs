//! One forward pass shared by every look-inside panel, throttled while training.
//!
//! The feature maps, the sliding-filter animation and the pooling zoom all
//! look at the same image through the same weights, so they share one
//! [`Seen`], kept in the app's [`TraceCache`] (a context; the panels read it
//! through `crate::web::hooks::seen::use_seen`). It is recomputed only when the weights, the input
//! or the architecture really changed (a fingerprint of every parameter, not
//! a version counter that resets), and at most every [`MIN_GAP_MS`] while
//! the session is busy training, so the page stays smooth.

use crate::core::{LayerInfo, ModelSpec, Shape, Trace};
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

/// The last [`Seen`] and what it was computed from, shared by every panel
/// that looks inside. Equal when it is the same cache.
#[derive(Clone, Default)]
pub struct TraceCache(Rc<RefCell<Option<Cached>>>);

impl PartialEq for TraceCache {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
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
        let mut all: Vec<f32> = px.clone();
        for l in s.model().layers() {
            if let Some((w, b)) = l.params() {
                all.extend_from_slice(w);
                all.extend_from_slice(b);
            }
        }
        let name = if loading {
            "a blank image (the digits are still loading)".to_string()
        } else {
            input_name(&s.input)
        };
        let key = fingerprint(&all) ^ fingerprint_str(&format!("{}|{name}", s.spec()));
        (key, s.spec().clone(), s.busy(), px, name, scene)
    };
    let now = now_ms();
    let cached = cache.0.borrow().as_ref().and_then(|c| {
        let fresh = c.key == key;
        let recent = busy && c.spec == spec && now - c.at < MIN_GAP_MS;
        (fresh || recent).then(|| c.seen.clone())
    });
    if let Some(seen) = cached {
        return Ok(seen);
    }
    // The only mutable borrow: `trace` reuses the model's buffers. It is
    // short and never overlaps a read, because renders run one at a time.
    let Ok(mut s) = lab.session.try_borrow_mut() else {
        return Err("The network is busy; the maps will appear in a moment.".into());
    };
    // A scene bigger than 28x28 goes through the same filters, rebuilt for
    // its size (the classifier cannot read it, so there are no probabilities).
    let mut front = match scene {
        Some(shape) => Some(
            front_end(s.model(), shape)
                .map_err(|e| format!("The scene cannot go through this network's filters: {e}."))?,
        ),
        None => None,
    };
    let model = match front.as_mut() {
        Some(m) => m,
        None => s.model_mut(),
    };
    let mut trace = model.trace(&pixels);
    if scene.is_some() {
        trace.probs.clear();
    }
    let info = model.info().to_vec();
    let spec = model.spec().clone();
    let params = model
        .layers()
        .iter()
        .map(|l| match l {
            crate::core::layers::Layer::Conv(c) => (c.weight.clone(), c.bias.clone()),
            _ => (Vec::new(), Vec::new()),
        })
        .collect();
    drop(s);
    let seen = Rc::new(Seen {
        maps: build(&info, &trace).into_iter().map(Rc::new).collect(),
        spec: spec.clone(),
        info,
        input: Rc::new(pixels),
        input_name: name,
        trace,
        params,
    });
    *cache.0.borrow_mut() = Some(Cached {
        key,
        spec,
        at: now,
        seen: seen.clone(),
    });
    Ok(seen)
}

fn fingerprint_str(s: &str) -> u64 {
    let floats: Vec<f32> = s.bytes().map(|b| b as f32).collect();
    fingerprint(&floats)
}
