//! One part's layers: output shape, parameters and multiply-adds per layer,
//! then the part's subtotal.

use crate::core::numfmt::thousands;
use crate::core::LayerSpec;
use crate::panels::train::arch::{Part, PartRows};
use yew::prelude::*;

/// How a layer reads in the table.
fn layer_name(l: &LayerSpec) -> String {
    match *l {
        LayerSpec::Conv {
            filters,
            kernel,
            padding,
            ..
        } => format!("conv {kernel}×{kernel}, {filters} filters, pad {padding}"),
        LayerSpec::MaxPool { size, .. } => format!("max-pool {size}×{size}"),
        LayerSpec::Dense { units } => format!("dense, {units} units"),
        ref other => other.kind().stem().to_string(),
    }
}

#[derive(Properties, PartialEq)]
pub struct LayerRowsProps {
    pub rows: PartRows,
}

#[component]
pub fn LayerRows(p: &LayerRowsProps) -> Html {
    let r = &p.rows;
    let region = match r.part {
        Part::Block(i) => format!("Block {} layer sizes", i + 1),
        Part::Classifier => "Classifier layer sizes".to_string(),
    };
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label={region}>
            <table class="layer-table">
                <thead><tr><th scope="col">{ "Layer" }</th><th scope="col">{ "Output" }</th><th scope="col">{ "Params" }</th><th scope="col">{ "Mult-adds" }</th></tr></thead>
                <tbody>
                    { for r.layers.iter().filter(|l| !matches!(l.spec, LayerSpec::Relu)).map(|l| html! {
                        <tr data-layer={l.name.clone()} data-shape={l.output.to_string()}>
                            <td>{ format!("{} · {}", l.name, layer_name(&l.spec)) }</td>
                            <td>{ format!("{}×{}×{}", l.output.c, l.output.h, l.output.w) }</td>
                            <td>{ thousands(l.params as u128) }</td>
                            <td>{ thousands(l.macs as u128) }</td>
                        </tr>
                    }) }
                    <tr class="subtotal"><td>{ "subtotal" }</td><td></td>
                        <td>{ thousands(r.params as u128) }</td><td>{ thousands(r.macs as u128) }</td></tr>
                </tbody>
            </table>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PartFooterProps {
    /// Why Apply would be refused, when it is this part's fault.
    pub error: Option<String>,
    pub rows: Option<PartRows>,
}

/// Under a part's fields: its error, then its layer table.
#[component]
pub fn PartFooter(p: &PartFooterProps) -> Html {
    html! {
        <>
            if let Some(m) = &p.error {
                <p class="error-text arch-error" role="alert" data-testid="arch-error">{ "✗ " }{ m.clone() }</p>
            }
            if let Some(rows) = &p.rows {
                <LayerRows rows={rows.clone()} />
            }
        </>
    }
}
