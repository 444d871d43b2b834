//! The table of receptive-field sizes per layer.

use crate::core::receptive::LayerField;
use crate::panels::inspect::rf::rows;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RfTableProps {
    pub table: Rc<Vec<LayerField>>,
    /// Highlight this layer's row (spec index).
    #[prop_or_default]
    pub current: Option<String>,
}

/// Receptive-field size per layer.
#[component]
pub fn RfTable(p: &RfTableProps) -> Html {
    let body = rows(&p.table).into_iter().map(|r| {
        let cur = p.current.as_deref() == Some(r.name.as_str());
        html! {
            <tr class={classes!(cur.then_some("current"))} aria-current={cur.then_some("true")}>
                <th scope="row">{ &r.name }</th>
                <td>{ &r.shape }</td>
                <td>{ &r.size }</td>
                <td>{ &r.step }</td>
            </tr>
        }
    });
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Receptive field table">
            <table class="rf-table" data-testid="rf-table">
                <caption>{ "How much of the input one unit sees, per layer" }</caption>
                <thead><tr>
                    <th scope="col">{ "Layer" }</th><th scope="col">{ "Output" }</th>
                    <th scope="col">{ "Field" }</th><th scope="col">{ "Step" }</th>
                </tr></thead>
                <tbody>{ for body }</tbody>
            </table>
        </div>
    }
}
