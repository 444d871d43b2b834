//! The keyboard-friendly alternative to drawing: load a held-out test digit
//! into the classifier by its number (or a random one).

use crate::web::hooks::lab::use_lab;
use crate::web::widgets::NumberField;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TestDigitPickerProps {
    /// Called with the chosen test digit's index.
    pub onpick: Callback<usize>,
}

#[component]
pub fn TestDigitPicker(p: &TestDigitPickerProps) -> Html {
    let lab = use_lab();
    let text = use_state(|| "0".to_string());
    let picked = use_state(|| None::<usize>);
    let (n, label_of) = {
        let s = lab.read();
        let n = s.test.as_ref().map(|t| t.len()).unwrap_or(0);
        let label = picked.and_then(|i| s.test.as_ref().and_then(|t| t.labels.get(i).copied()));
        (n, label)
    };
    let index: Option<usize> = text.trim().parse().ok().filter(|&i| i < n);
    let invalid = n > 0 && index.is_none();

    let onchange = {
        let text = text.clone();
        Callback::from(move |v: String| text.set(v))
    };
    let use_it = {
        let (onpick, picked) = (p.onpick.clone(), picked.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = index {
                picked.set(Some(i));
                onpick.emit(i);
            }
        })
    };
    let random = {
        let (onpick, picked, text) = (p.onpick.clone(), picked.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            if n > 0 {
                let i = ((js_sys::Math::random() * n as f64) as usize).min(n - 1);
                text.set(i.to_string());
                picked.set(Some(i));
                onpick.emit(i);
            }
        })
    };

    html! {
        <fieldset class="draw-picker">
            <legend>{ "Or use a held-out test digit" }</legend>
            if n == 0 {
                <p class="muted">{ "The test digits are still loading." }</p>
            } else {
                <div class="row">
                    <NumberField label={format!("Test digit number (0 to {})", n - 1)}
                        value={(*text).clone()} min={Some(0.0)} max={Some((n - 1) as f64)}
                        step="1" testid="draw-test-index" {onchange} {invalid} />
                    <button onclick={use_it} disabled={index.is_none()} data-testid="draw-use-test">
                        { "Use this digit" }
                    </button>
                    <button onclick={random} data-testid="draw-random-test">{ "Random digit" }</button>
                </div>
                if invalid {
                    <p class="error-text" role="alert">{ format!("Enter a whole number from 0 to {}.", n - 1) }</p>
                }
                if let (Some(i), Some(l)) = (*picked, label_of) {
                    <p class="muted" data-testid="draw-test-label" data-label={l.to_string()}>
                        { format!("Test digit #{i} is labelled {l}. Draw on the pad to go back to your own.") }
                    </p>
                }
            }
        </fieldset>
    }
}
