//! What the probed unit sees: its value and its receptive field in words.

use super::Probe;
use crate::core::receptive::UnitField;
use crate::panels::inspect::maps::MapLayer;
use crate::panels::inspect::rf::describe;
use crate::panels::inspect::short;
use std::rc::Rc;
use yew::prelude::*;

/// A probe that still fits the model: the unit, its layer, value and field.
pub type Probed = (Probe, Rc<MapLayer>, f32, UnitField);

#[derive(Properties, PartialEq)]
pub struct RfReadoutProps {
    pub probed: Option<Probed>,
    /// The field covers the whole input from the next layer on.
    pub global: bool,
}

#[component]
pub fn RfReadout(p: &RfReadoutProps) -> Html {
    let Some((q, map, value, field)) = &p.probed else {
        return html! {
            <p class="rf-readout muted">{ "Point at, tap, or tab to any map: its unit's receptive field is outlined on the input. Arrow keys move the unit; Page Up and Page Down change channel." }</p>
        };
    };
    let unit = if map.flat {
        format!(
            "value {} of {}",
            q.y * map.images[0].w + q.x + 1,
            map.shape.c
        )
    } else {
        format!("channel {}, row {}, column {}", q.channel + 1, q.y, q.x)
    };
    html! {
        <p class="rf-readout" data-testid="rf-readout" data-layer={map.name.clone()}
            data-unit={format!("{},{},{}", q.channel, q.y, q.x)}>
            <strong>{ format!("{}, {unit}: ", map.name) }</strong>
            { format!("value {}. ", short(*value)) }
            { describe(&map.name, field.unclipped, field.clipped, p.global) }
        </p>
    }
}
