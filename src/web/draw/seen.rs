//! What the network gets (the 28x28 input after preprocessing) and what it
//! reads there.

use crate::panels::draw::sketch::Reading;
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::Pixels;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DrawSeenProps {
    /// The network's input, when there is one.
    pub input: Option<Rc<Vec<f32>>>,
    pub reading: Option<Reading>,
    /// The model in use reads 28x28 digits into 10 classes.
    pub model_ok: bool,
}

#[component]
pub fn DrawSeen(p: &DrawSeenProps) -> Html {
    let preview = use_memo(p.input.clone(), |input| {
        input
            .as_ref()
            .map(|px| Rc::new(to_rgba(px, Scale::Gray, Range { lo: 0.0, hi: 1.0 })))
    });
    let r = p.reading.as_ref();
    let digit = r.map(|r| r.digit.to_string()).unwrap_or_default();
    let confidence = r.map(|r| r.confidence).unwrap_or(0.0);
    html! {
        <div class="draw-seen">
            <div>
                <h3 id="draw-input-title">{ "What the network gets" }</h3>
                if let Some(rgba) = (*preview).clone() {
                    <Pixels rgba={rgba} w={28} h={28} display={112} class="draw-input"
                        testid="draw-input"
                        label="The 28 by 28 input after preprocessing: white is ink." />
                } else {
                    <div class="draw-input draw-input-empty" data-testid="draw-input" aria-hidden="true"></div>
                }
                <p class="muted small">{ "28×28, ink white" }</p>
            </div>
            <div data-testid="prediction" class="prediction" data-digit={digit}
                data-confidence={format!("{confidence:.4}")} aria-live="polite">
                { prediction_text(p.input.is_none(), p.model_ok, r) }
            </div>
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
