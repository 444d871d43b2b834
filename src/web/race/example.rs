//! The shift slider: one held-out digit moved right by the chosen number of
//! pixels, what each network reads, and each network's shift-test accuracy.

use crate::core::numfmt::{article, sentence};
use crate::core::shift_image;
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::panels::race::tally::predict;
use crate::panels::race::view::shift_accuracy;
use crate::panels::race::{Race, RaceConfig, NAMES};
use crate::web::widgets::Pixels;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Which held-out digit the slider moves.
const DIGIT: usize = 0;

/// The moved digit and what the race's networks make of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub rgba: Rc<Vec<u8>>,
    pub label: u8,
    /// Per network: its reading, and its shift-test accuracy at this shift.
    pub reads: Vec<(Option<usize>, Option<f32>)>,
}

/// Classifies held-out digit [`DIGIT`] moved right by `shift` with both networks.
pub fn example(race: &mut Race, shift: usize) -> Option<Rc<Example>> {
    let test = race.test_set();
    if test.is_empty() {
        return None;
    }
    let (shape, label) = (test.shape, test.labels[DIGIT]);
    let mut moved = vec![0.0; shape.len()];
    shift_image(test.image(DIGIT), shape, shift as i32, 0, &mut moved);
    let accs: Vec<Option<f32>> = race
        .nets()
        .iter()
        .map(|n| n.shift.get(shift).copied())
        .collect();
    let reads = (0..NAMES.len())
        .map(|i| (race.model_mut(i).and_then(|m| predict(m, &moved)), accs[i]))
        .collect();
    Some(Rc::new(Example {
        rgba: Rc::new(to_rgba(&moved, Scale::Gray, Range { lo: 0.0, hi: 1.0 })),
        label,
        reads,
    }))
}

#[derive(Properties, PartialEq)]
pub struct ShiftExampleProps {
    pub shift: usize,
    /// The race's settings: the largest shift, and the shift test's digits.
    pub config: RaceConfig,
    pub onshift: Callback<usize>,
    pub example: Option<Rc<Example>>,
}

#[component]
pub fn ShiftExample(p: &ShiftExampleProps) -> Html {
    let oninput = {
        let cb = p.onshift.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|i| i.value());
            if let Some(s) = v.and_then(|v| v.parse::<usize>().ok()) {
                cb.emit(s);
            }
        })
    };
    let Some(ex) = &p.example else {
        return html! {};
    };
    html! {
        <div class="panel race-example">
            <div class="field">
                <label for="race-shift">{ format!("Move one held-out digit right by {} pixel{}", p.shift, if p.shift == 1 { "" } else { "s" }) }</label>
                <input id="race-shift" type="range" min="0" max={p.config.max_shift.to_string()} step="1"
                    value={p.shift.to_string()} data-testid="race-shift" {oninput} />
            </div>
            <div class="row race-example-row">
                <Pixels rgba={ex.rgba.clone()} w={28} h={28} display={112}
                    label={format!("{} held-out {} moved {} pixels to the right", sentence(article(ex.label as u64)), ex.label, p.shift)} />
                <ul class="race-reads">
                    { for ex.reads.iter().enumerate().map(|(i, (guess, acc))| {
                        let right = *guess == Some(ex.label as usize);
                        html! {
                            <li>
                                <strong>{ NAMES[i] }</strong>{ " reads " }
                                <span class={classes!("num", if right { "good" } else { "bad" })}>
                                    { guess.map(|g| g.to_string()).unwrap_or_else(|| "?".into()) }
                                    <span class={classes!(if right { "sym-tick" } else { "sym-cross" }, "after")} role="img" aria-label={if right { "right" } else { "wrong" }}></span>
                                </span>
                                { shift_accuracy(&p.config, p.shift, *acc) }
                            </li>
                        }
                    }) }
                </ul>
            </div>
            <p class="muted small" data-testid="race-example-note">{ "One digit is an anecdote: what each network reads for it can flip from one shift to the next. The percentages, over every digit of the shift test, are the measure." }</p>
        </div>
    }
}
