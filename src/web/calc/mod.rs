//! "Why not a dense network?": the dense-vs-conv parameter calculator, its
//! log-scale chart, and the model in use compared layer by layer.
//!
//! Every count comes from `crate::panels::calc` (which uses the core's counting code,
//! in `u128`); this file only wires the form to the page.

mod chart;
mod layers;

use crate::panels::calc::compare::sentence;
use crate::panels::calc::form::{mb_text, CalcForm, FIELDS};
use crate::panels::calc::{compact, thousands, CalcOutput, Side, PRESETS};
use crate::web::widgets::NumberField;
use chart::LogChart;
use layers::LayerTable;
use yew::prelude::*;

#[component]
pub fn CalcPanel() -> Html {
    let form = use_state(CalcForm::default);
    let result = use_memo((*form).clone(), |f| f.evaluate());
    let selected = form.preset();

    let presets = PRESETS.iter().enumerate().map(|(i, p)| {
        let form = form.clone();
        let onclick = Callback::from(move |_: MouseEvent| form.set(CalcForm::from_input(&p.input)));
        html! {
            <button {onclick} aria-pressed={(selected == Some(i)).to_string()}
                data-testid={format!("calc-preset-{i}")}>{ p.name }</button>
        }
    });
    let fields = FIELDS.iter().map(|&(field, label, testid)| {
        let value = form.text(field).to_string();
        let form = form.clone();
        let onchange = Callback::from(move |text: String| form.set(form.with(field, text)));
        let err = result.error(field).map(str::to_string);
        let (min, max) = match testid {
            "calc-channels" => (Some(1.0), Some(3.0)),
            _ => (Some(1.0), None),
        };
        html! {
            <div class="calc-field">
                <NumberField label={label} {value} {min} {max}
                    step="1" testid={testid} {onchange} invalid={err.is_some()} />
                if let Some(e) = err {
                    <p class="error-text" role="alert" data-testid={format!("{testid}-error")}>{ e }</p>
                }
            </div>
        }
    });

    html! {
        <div class="panel calc-panel" data-testid="calc">
            <h3>{ "Parameter calculator: one layer on one image" }</h3>
            <div class="row calc-presets" role="group" aria-label="Presets">
                <span class="muted">{ "Presets:" }</span>
                { for presets }
            </div>
            <div class="calc-fields">{ for fields }</div>
            { outputs(result.output.as_ref()) }
            if let Some(out) = &result.output {
                <LogChart output={out.clone()} />
            }
            <LayerTable />
        </div>
    }
}

/// The two options side by side, then how they compare.
fn outputs(out: Option<&CalcOutput>) -> Html {
    let card = |title: &str, what: &str, testid: &str, side: Option<&Side>| {
        html! {
            <div class="calc-card">
                <h4>{ title }</h4>
                <p class="muted small">{ what }</p>
                <p class="big-number" data-testid={testid.to_string()}
                    data-value={side.map(|s| s.params.to_string()).unwrap_or_default()}>
                    { side.map(|s| thousands(s.params)).unwrap_or_else(|| "–".into()) }
                </p>
                <p class="muted small">{ "weights and biases" }</p>
                if let Some(s) = side {
                    <p class="calc-formula num">{ s.formula.clone() }</p>
                    <dl class="calc-facts">
                        <dt>{ "Memory (f32)" }</dt><dd class="num">{ mb_text(s.params) }</dd>
                        <dt>{ "Multiply-adds per image" }</dt>
                        <dd class="num" title={thousands(s.macs)}>{ compact(s.macs) }</dd>
                    </dl>
                }
            </div>
        }
    };
    html! {
        <div class="calc-out" aria-live="polite">
            <div class="grid-2">
                { card("Dense layer", "every pixel value wired to every neuron", "calc-dense-params", out.map(|o| &o.dense)) }
                { card("Convolution layer", "small filters shared by every position ('same' padding)", "calc-conv-params", out.map(|o| &o.conv)) }
            </div>
            if let Some(o) = out {
                <p class="calc-ratio" data-testid="calc-ratio" data-value={format!("{}", o.param_ratio)}>
                    { ratio_sentence(o) }
                </p>
            } else {
                <p class="error-text">{ "Fix the values marked above to see the counts." }</p>
            }
        </div>
    }
}

fn ratio_sentence(o: &CalcOutput) -> Html {
    let (weights, rest) = sentence(o);
    html! { <><strong>{ weights }</strong>{ ", " }{ rest }</> }
}
