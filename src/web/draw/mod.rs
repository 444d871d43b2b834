//! "Draw a digit": a pad for mouse, touch, pen or keyboard, the 28x28 input
//! the network gets, and its live answer from the model in use right now.
//!
//! The strokes live in a pure `Sketch` (see [`state`]); the canvas only shows
//! its pixels. The pad, the test-digit picker, the answer and the analysis
//! under it are components of their own.

mod analysis;
mod chart;
mod pad;
mod picker;
mod seen;
mod state;

use crate::session::{Action, Input};
use crate::web::hooks::lab::use_lab;
use crate::web::shell::nav::scroll_to_feature_maps;
use analysis::DrawAnalysis;
use pad::PadCanvas;
use picker::TestDigitPicker;
use seen::DrawSeen;
use state::{use_drawing, Source};
use yew::prelude::*;

#[component]
pub fn DrawPanel() -> Html {
    let lab = use_lab();
    let d = use_drawing();
    let (model_ok, trained) = {
        let s = lab.read();
        let fits = s.model().input_len() == 784 && s.model().classes() == 10;
        (fits, s.has_trained_weights())
    };
    let onmaps = {
        let (dispatch, input) = (lab.dispatch.clone(), d.shown.input.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(px) = &input {
                dispatch.emit(Action::SelectInput(Input::Drawn(px.to_vec())));
                scroll_to_feature_maps();
            }
        })
    };
    let test_digit = match d.source {
        Source::Test(_) => d.shown.input.clone(),
        Source::Pad => None,
    };
    let nothing_drawn = d.sketch.borrow().is_empty();
    html! {
        <div class="panel draw-panel">
            <div class="draw-grid">
                <div class="draw-col">
                <PadCanvas sketch={d.sketch.clone()} onchange={d.onchange} {test_digit} />
                <div class="draw-controls">
                    <div class="row draw-buttons">
                        <button data-testid="draw-clear" onclick={d.onclear}>{ "Clear" }</button>
                        <button data-testid="draw-undo" onclick={d.onundo} disabled={nothing_drawn}>{ "Undo stroke" }</button>
                    </div>
                    <TestDigitPicker onpick={d.onpick} />
                </div>
                </div>
                <div class="draw-col">
                <DrawSeen input={d.shown.input.clone()} reading={d.shown.reading.clone()} {model_ok} />
                <DrawAnalysis reading={d.shown.reading} trained={trained} recenter={d.recenter}
                    onrecenter={d.onrecenter} has_input={d.shown.input.is_some()} {onmaps} />
                </div>
            </div>
        </div>
    }
}
