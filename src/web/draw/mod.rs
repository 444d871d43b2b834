//! "Draw a digit": a pad for mouse, touch, pen or keyboard, the 28x28 input
//! the network gets, and its live answer from the model in use right now.
//!
//! The strokes live in a pure [`Sketch`]; the canvas only shows its pixels.
//! Pointer moves repaint the pad at once but classify at most every 50 ms
//! ([`Throttle`]), and once more when the stroke ends. The answer is
//! recomputed whenever the session's weights change, so it follows training.

mod chart;
mod mine;
mod pad;
mod picker;

use crate::panels::draw::sketch::{Reading, Sketch};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::session::{Action, Input};
use crate::web::hooks::lab::{use_lab, Lab};
use crate::web::widgets::Pixels;
use chart::ProbChart;
use pad::PadCanvas;
use picker::TestDigitPicker;
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

#[component]
pub fn DrawPanel() -> Html {
    let lab = use_lab();
    let sketch = use_mut_ref(Sketch::default);
    let recenter = use_state(|| true);
    let source = use_state(|| Source::Pad);
    let shown = use_state(Shown::default);
    // Bumped by the pad on every change that needs new buttons or a new reading.
    let strokes = use_state(|| 0usize);

    let (weights_version, model_ok, trained, spec, seed) = {
        let s = lab.read();
        (
            s.weights_version,
            s.model().input_len() == 784 && s.model().classes() == 10,
            s.has_trained_weights(),
            s.spec.clone(),
            s.seed,
        )
    };
    let has_test = lab.read().test.is_some();

    // Re-read when the weights (a training step, a load, a new architecture
    // or seed, which may leave the version at 0), the recentring or the
    // source change.
    {
        let (lab, sketch, shown) = (lab.clone(), sketch.clone(), shown.clone());
        use_effect_with(
            (weights_version, spec, seed, *recenter, *source, has_test),
            move |(_, _, _, rc, src, _)| {
                shown.set(compute(&lab, &sketch.borrow(), *rc, *src));
            },
        );
    }

    let on_change = {
        let (lab, sketch, shown, recenter, source, strokes) = (
            lab.clone(),
            sketch.clone(),
            shown.clone(),
            recenter.clone(),
            source.clone(),
            strokes.clone(),
        );
        // Called by the pad: `true` when a reading is due, not only a repaint.
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
    let clear = {
        let (sketch, on_change) = (sketch.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| {
            sketch.borrow_mut().clear();
            on_change.emit(true);
        })
    };
    let undo = {
        let (sketch, on_change) = (sketch.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| {
            sketch.borrow_mut().undo();
            on_change.emit(true);
        })
    };
    let on_pick = {
        let (sketch, source) = (sketch.clone(), source.clone());
        Callback::from(move |i: usize| {
            sketch.borrow_mut().clear();
            source.set(Source::Test(i));
        })
    };
    let toggle = {
        let recenter = recenter.clone();
        Callback::from(move |_: Event| recenter.set(!*recenter))
    };
    let to_maps = {
        let (dispatch, input) = (lab.dispatch.clone(), shown.input.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(px) = &input {
                dispatch.emit(Action::SelectInput(Input::Drawn(px.to_vec())));
                scroll_to_feature_maps();
            }
        })
    };

    let empty = shown.input.is_none();
    let reading = shown.reading.clone();
    let digit = reading
        .as_ref()
        .map(|r| r.digit.to_string())
        .unwrap_or_default();
    let confidence = reading.as_ref().map(|r| r.confidence).unwrap_or(0.0);
    let preview = shown
        .input
        .clone()
        .map(|px| Rc::new(to_rgba(&px, Scale::Gray, Range { lo: 0.0, hi: 1.0 })));
    let nothing_drawn = sketch.borrow().is_empty();
    let _ = *strokes;

    html! {
        <div class="panel draw-panel">
            <div class="draw-grid">
                <div class="draw-col">
                <PadCanvas sketch={sketch.clone()} onchange={on_change}
                    test_digit={match *source { Source::Test(_) => shown.input.clone(), _ => None }} />
                <div class="draw-controls">
                    <div class="row draw-buttons">
                        <button data-testid="draw-clear" onclick={clear}>{ "Clear" }</button>
                        <button data-testid="draw-undo" onclick={undo} disabled={nothing_drawn}>{ "Undo stroke" }</button>
                    </div>
                    <TestDigitPicker onpick={on_pick} />
                </div>
                </div>
                <div class="draw-col">
                <div class="draw-seen">
                    <div>
                        <h3 id="draw-input-title">{ "What the network gets" }</h3>
                        if let Some(rgba) = preview {
                            <Pixels rgba={rgba} w={28} h={28} display={112} class="draw-input"
                                testid="draw-input"
                                label="The 28 by 28 input after preprocessing: white is ink." />
                        } else {
                            <div class="draw-input draw-input-empty" data-testid="draw-input" aria-hidden="true"></div>
                        }
                        <p class="muted small">{ "28×28, ink white" }</p>
                    </div>
                    <div data-testid="prediction" class="prediction" data-digit={digit.clone()}
                        data-confidence={format!("{confidence:.4}")} aria-live="polite">
                        { prediction_text(empty, model_ok, reading.as_ref()) }
                    </div>
                </div>
                <div class="draw-analysis">
                    if !trained {
                        <p class="muted">{ "The model has not been trained yet, so these answers are guesses from random weights. Train it above, or wait for the pretrained model to load." }</p>
                    }
                    <ProbChart reading={reading.clone()} />
                    <label class="draw-toggle">
                        <input type="checkbox" data-testid="recenter-toggle" checked={*recenter}
                            onchange={toggle} aria-describedby="recenter-help" />
                        { " Crop, scale and centre the digit as MNIST did" }
                    </label>
                    <p id="recenter-help" class="muted">
                        if *recenter {
                            { "On: your digit is cropped to its ink, scaled to fit 20×20 and centred by its centre of mass, like every training digit. " }
                        } else {
                            { "Off: the whole pad is shrunk to 28×28 as it is, so the digit stays where and as large as you drew it. Draw one small in a corner and it is often misread: the network only ever saw centred digits, and its final dense layer has a separate weight for every position. " }
                        }
                        <a href="#cat">{ "Why position matters: the translation-invariance section." }</a>
                    </p>
                    <button data-testid="draw-to-maps" onclick={to_maps} disabled={empty}>
                        { "Show in feature maps" }
                    </button>
                </div>
                </div>
            </div>
            <mine::MinePanel input={match *source { Source::Pad => shown.input.clone(), _ => None }} />
        </div>
    }
}

/// The big answer, or why there is none.
fn prediction_text(empty: bool, model_ok: bool, reading: Option<&Reading>) -> Html {
    if empty {
        return html! { <p class="prediction-empty">{ "Draw a digit" }</p> };
    }
    if !model_ok {
        return html! { <p class="error-text">{ "The model in use does not read 28×28 digits into 10 classes, so it cannot classify this drawing." }</p> };
    }
    match reading {
        None => {
            html! { <p class="muted">{ "No answer: the model's output is not a number (has training diverged?)." }</p> }
        }
        Some(r) => {
            // "100%" would claim certainty the softmax never has.
            let sure = match (r.confidence * 100.0).round() {
                p if p >= 100.0 => "over 99% sure".to_string(),
                p => format!("{p}% sure"),
            };
            html! {
                <>
                    <p class="muted small">{ "The network reads" }</p>
                    <p class="prediction-digit" aria-label={format!("digit {}", r.digit)}>{ r.digit }</p>
                    <p class="num">{ sure }</p>
                    if let Some((d, p)) = r.second() {
                        <p class="muted small num">{ format!("next: {d} ({:.0}%)", p * 100.0) }</p>
                    }
                </>
            }
        }
    }
}

/// Scrolls to the feature-map view (or its section, if the view is hidden).
fn scroll_to_feature_maps() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(el)) = doc.query_selector("[data-testid=\"feature-maps\"]") {
        el.scroll_into_view();
    } else {
        crate::web::shell::nav::go_to("train");
    }
}
