//! Which image the look-inside panels show: a test digit by number, or the
//! drawing sent from the digit pad.

use super::trace::input_name;
use crate::session::{Action, Input};
use crate::web::hooks::lab::use_lab;
use crate::web::widgets::NumberField;
use yew::prelude::*;

#[component]
pub fn InputPicker() -> Html {
    let lab = use_lab();
    let (n, input, label) = {
        let s = lab.read();
        let n = s.test.as_ref().map(|t| t.len()).unwrap_or(0);
        let label = match (&s.input, s.test.as_ref()) {
            (Input::Test(i), Some(t)) if *i < t.len() => Some(t.labels[*i]),
            _ => None,
        };
        (n, s.input.clone(), label)
    };
    let index = if let Input::Test(i) = input {
        Some(i)
    } else {
        None
    };
    let go = |to: usize| {
        let d = lab.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::SelectInput(Input::Test(to))))
    };
    let onchange = {
        let d = lab.dispatch.clone();
        Callback::from(move |text: String| {
            if let Ok(i) = text.trim().parse::<usize>() {
                if i < n {
                    d.emit(Action::SelectInput(Input::Test(i)));
                }
            }
        })
    };
    let cur = index.unwrap_or(0);
    let valid = index.is_some_and(|i| i < n);
    html! {
        <div class="row input-picker" role="group" aria-label="Input image">
            <NumberField label="Test digit number" value={cur.to_string()} min={Some(0.0)}
                max={Some(n.saturating_sub(1) as f64)} step="1" testid="input-index"
                onchange={onchange} invalid={index.is_some() && !valid && n > 0} />
            <button onclick={go(cur.saturating_sub(1))} disabled={n == 0 || cur == 0}
                aria-label="Previous test digit"><span class="sym-back" aria-hidden="true"></span>{ "Previous" }</button>
            <button onclick={go((cur + 1).min(n.saturating_sub(1)))} disabled={n == 0 || cur + 1 >= n}
                aria-label="Next test digit">{ "Next" }<span class="sym-play after" aria-hidden="true"></span></button>
            <p class="picker-note">
                { "Showing " }{ input_name(&input) }
                if let Some(l) = label { { format!(" (labelled {l})") } }
                if index.is_none() && n > 0 {
                    { " · " }<button class="linklike" onclick={go(0)}>{ "back to the test digits" }</button>
                }
            </p>
        </div>
    }
}
