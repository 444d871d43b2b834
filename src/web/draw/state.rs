//! The drawing panel's state: the sketch, the recentring switch, where the
//! classified input comes from, and what the network makes of it.
//!
//! The answer is recomputed whenever the session's weights change, so it
//! follows training; pointer moves classify at most every 50 ms (the pad's
//! throttle) and once more when the stroke ends.

use crate::panels::draw::sketch::{Reading, Sketch};
use crate::web::hooks::lab::{use_lab, Lab};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where the classified input comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source {
    Pad,
    /// A held-out test digit, by index.
    Test(usize),
}

/// What the panel shows: the network's input and its reading of it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Shown {
    pub input: Option<Rc<Vec<f32>>>,
    pub reading: Option<Reading>,
}

/// The model's reading of `px`, or `None` when the session is busy (borrowed)
/// or the model does not take 28x28 images. The borrow is held only for
/// the one forward pass.
pub fn classify(lab: &Lab, px: &[f32]) -> Option<Reading> {
    let probs = {
        let mut s = lab.session.try_borrow_mut().ok()?;
        if s.model().input_len() != px.len() {
            return None;
        }
        s.model_mut().predict(px)
    };
    Reading::from_probs(probs)
}

/// The panel's inputs and reading, recomputed from the sketch (or test digit).
pub fn compute(lab: &Lab, sketch: &Sketch, recenter: bool, source: Source) -> Shown {
    let input = match source {
        Source::Pad => sketch.input(recenter),
        Source::Test(i) => lab
            .read()
            .test
            .as_ref()
            .filter(|t| i < t.len())
            .map(|t| t.image(i).to_vec()),
    };
    let reading = input.as_ref().and_then(|px| classify(lab, px));
    Shown {
        input: input.map(Rc::new),
        reading,
    }
}

/// The panel's state and what changes it.
pub struct Drawing {
    pub sketch: Rc<RefCell<Sketch>>,
    pub recenter: bool,
    pub source: Source,
    pub shown: Shown,
    /// For the pad: called after every change, `true` when a reading is due.
    pub onchange: Callback<bool>,
    pub onclear: Callback<MouseEvent>,
    pub onundo: Callback<MouseEvent>,
    /// A held-out test digit replaces the drawing.
    pub onpick: Callback<usize>,
    pub onrecenter: Callback<Event>,
}

#[hook]
pub fn use_drawing() -> Drawing {
    let lab = use_lab();
    let sketch = use_mut_ref(Sketch::default);
    let recenter = use_state(|| true);
    let source = use_state(|| Source::Pad);
    let shown = use_state(Shown::default);
    // Bumped by the pad on every change that needs new buttons or a new reading.
    let strokes = use_state(|| 0usize);

    // Re-read when the weights (a training step, a load, a new architecture
    // or seed, which may leave the version at 0), the recentring or the
    // source change.
    let watched = {
        let s = lab.read();
        (
            s.weights_version,
            s.spec().clone(),
            s.seed(),
            s.test.is_some(),
        )
    };
    {
        let (lab, sketch, shown) = (lab.clone(), sketch.clone(), shown.clone());
        use_effect_with((watched, *recenter, *source), move |(_, rc, src)| {
            shown.set(compute(&lab, &sketch.borrow(), *rc, *src));
        });
    }

    let onchange = {
        let (sketch, shown, recenter, source) = (
            sketch.clone(),
            shown.clone(),
            recenter.clone(),
            source.clone(),
        );
        Callback::from(move |classify_now: bool| {
            if *source != Source::Pad {
                source.set(Source::Pad);
            }
            strokes.set(sketch.borrow().strokes().len());
            if classify_now {
                shown.set(compute(&lab, &sketch.borrow(), *recenter, Source::Pad));
            }
        })
    };
    let edit = |f: fn(&mut Sketch)| {
        let (sketch, onchange) = (sketch.clone(), onchange.clone());
        Callback::from(move |_: MouseEvent| {
            f(&mut sketch.borrow_mut());
            onchange.emit(true);
        })
    };
    let onpick = {
        let (sketch, source) = (sketch.clone(), source.clone());
        Callback::from(move |i: usize| {
            sketch.borrow_mut().clear();
            source.set(Source::Test(i));
        })
    };
    let onrecenter = {
        let recenter = recenter.clone();
        Callback::from(move |_: Event| recenter.set(!*recenter))
    };
    Drawing {
        onclear: edit(Sketch::clear),
        onundo: edit(|s| {
            s.undo();
        }),
        sketch,
        recenter: *recenter,
        source: *source,
        shown: (*shown).clone(),
        onchange,
        onpick,
        onrecenter,
    }
}
