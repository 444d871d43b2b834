//! "This network, layer by layer": the model in use, each weighted layer
//! beside the dense layer that would make the same output from the same
//! input, with totals. Recomputed only when the architecture changes.

use crate::core::numfmt::times;
use crate::panels::calc::{compact, layer_comparison, thousands};
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[component]
pub fn LayerTable() -> Html {
    let lab = use_lab();
    let spec = lab.read().spec().clone();
    let cmp = use_memo(spec, layer_comparison);
    let cmp = match &*cmp {
        Ok(c) => c,
        Err(e) => {
            return html! {
                <div class="calc-layers"><h3>{ "This network, layer by layer" }</h3>
                <p class="error-text">{ format!("The current architecture is invalid: {e}") }</p></div>
            }
        }
    };
    let rows = cmp.rows.iter().map(|r| {
        html! {
            <tr data-layer={r.name.clone()} data-params={r.params.to_string()}
                data-dense-params={r.dense_params.map(|d| d.to_string()).unwrap_or_default()}>
                <th scope="row">{ r.name.clone() }</th>
                <td>{ r.input.to_string() }</td>
                <td>{ r.output.to_string() }</td>
                <td>{ thousands(r.params) }</td>
                <td>{ r.dense_params.map(thousands).unwrap_or_else(|| "–".into()) }</td>
            </tr>
        }
    });
    html! {
        <div class="calc-layers" data-testid="calc-layers" data-total-params={cmp.total_params.to_string()}
            data-total-dense={cmp.total_dense.to_string()}>
            <h3>{ "This network, layer by layer" }</h3>
            <p class="intro-text">
                { "The model in use right now. For every layer with weights, the last column is what a dense layer would need to turn the same input into the same output. Shapes are channels×height×width." }
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Layer-by-layer parameter table">
                <table>
                    <caption class="sr-only">{ "Parameters of each layer, and of a dense layer with the same input and output" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Layer" }</th>
                        <th scope="col">{ "Input" }</th>
                        <th scope="col">{ "Output" }</th>
                        <th scope="col">{ "Parameters" }</th>
                        <th scope="col">{ "Dense equivalent" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot><tr>
                        <th scope="row">{ "Total" }</th><td></td><td></td>
                        <td>{ thousands(cmp.total_params) }</td>
                        <td>{ thousands(cmp.total_dense) }</td>
                    </tr></tfoot>
                </table>
            </div>
            <p>
                { format!("This network has {} parameters; built from dense layers with the same shapes it would need {} ({} as many).",
                    compact(cmp.total_params), compact(cmp.total_dense), times(cmp.ratio())) }
            </p>
        </div>
    }
}
