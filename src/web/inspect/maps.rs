//! The feature-map panel: every layer's output for the selected input, the
//! class probabilities, and receptive fields on hover, tap or keyboard.

use super::layer::LayerView;
use super::picker::InputPicker;
use super::probs::Probs;
use super::readout::RfReadout;
use super::rf::{InputView, RfTable};
use super::Probe;
use crate::core::receptive::{field_in_table, table_from_info};
use crate::web::hooks::seen::use_seen;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn FeatureMapsPanel() -> Html {
    let probe = use_state(|| None::<Probe>);
    let seen = use_seen();
    let seen = match seen {
        Ok(s) => s,
        Err(msg) => {
            return html! {
                <div class="panel fm-panel">
                    <h3>{ "Feature maps" }</h3>
                    <InputPicker />
                    <p class="muted" role="status">{ msg }</p>
                </div>
            }
        }
    };
    let table = Rc::new(table_from_info(seen.spec.input, &seen.info));
    let shape = seen.spec.input;
    // A probe left over from another architecture is simply dropped.
    let valid = (*probe).and_then(|q| {
        let map = seen.maps.get(q.layer)?;
        let value = map.value(q.channel, q.y, q.x)?;
        let (fy, fx) = if map.flat { (0, 0) } else { (q.y, q.x) };
        let field = field_in_table(&table, shape, q.layer, fy, fx).ok()?;
        Some((q, map.clone(), value, field))
    });
    let global = valid
        .as_ref()
        .and_then(|(q, ..)| table.get(q.layer + 1))
        .is_none_or(|r| r.global);
    let region = valid
        .as_ref()
        .map(|(_, map, _, field)| (field.clipped, map.name.clone()));
    let current_name = valid.as_ref().map(|(_, m, _, _)| m.name.clone());
    let onprobe = {
        let probe = probe.clone();
        Callback::from(move |q: Probe| {
            if *probe != Some(q) {
                probe.set(Some(q));
            }
        })
    };
    let layers = seen.maps.iter().map(|m| {
        let here = valid.as_ref().map(|v| v.0).filter(|q| q.layer == m.index);
        html! { <LayerView key={m.index} layer={m.clone()} probe={here} onprobe={onprobe.clone()} /> }
    });
    html! {
        <div class="panel fm-panel">
            <h3>{ "Feature maps: what every layer makes of one input" }</h3>
            <p class="intro-text">{ "Each small picture is one channel of one layer, computed by the same forward pass that classifies the digit. Labels read channels @ height x width: pooling halves the maps, while later layers have more channels." }</p>
            <InputPicker />
            <div class="fm-layout">
                <aside class="fm-side" aria-label="Input and receptive field">
                    <InputView input={seen.input.clone()} h={shape.h} w={shape.w}
                        name={seen.input_name.clone()} region={region} testid="rf-input" />
                    <RfReadout probed={valid.clone()} {global} />
                    <details class="rf-details">
                        <summary>{ "Receptive field per layer" }</summary>
                        <RfTable table={table.clone()} current={current_name} />
                    </details>
                </aside>
                <div class="fm-layers" data-testid="feature-maps">
                    { for layers }
                    if seen.trace.probs.is_empty() {
                        <p class="muted">{ "No class probabilities: the classifier at the end only reads 28x28 digits, so a larger scene stops after the filters. The last map is each filter's strongest response anywhere in the scene (a global max pool)." }</p>
                    } else {
                        <Probs probs={seen.trace.probs.clone()} />
                    }
                </div>
            </div>
            <p class="legend-text muted">{ "Colours: layers whose values can be negative (conv and dense outputs) use blue for negative, white for zero and red for positive, centred on zero. Layers that are never negative (after ReLU and pooling) use dark purple for zero up to yellow for that layer's largest value. All channels of a layer share one scale." }</p>
        </div>
    }
}
