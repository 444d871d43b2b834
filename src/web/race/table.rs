//! The race's results table: parameters, training and held-out accuracy,
//! and the gap between them, per network.

use crate::core::numfmt::thousands;
use crate::panels::race::view::{percent, rows};
use crate::panels::race::Race;
use yew::prelude::*;

/// One network's row: name, parameters, training, held-out, gap.
pub type Row = (&'static str, u64, String, String, String);

/// Table rows: the race's, or the parameter counts alone before any race.
pub fn rows_or_blank(r: Option<&Race>, mlp: u64, cnn: u64) -> Vec<Row> {
    match r {
        Some(r) => rows(r)
            .into_iter()
            .map(|row| {
                let gap = row
                    .gap()
                    .map(|g| format!("{:+.1} points", 100.0 * g))
                    .unwrap_or_else(|| "–".into());
                (
                    row.name,
                    row.params,
                    percent(row.train),
                    percent(row.test),
                    gap,
                )
            })
            .collect(),
        None => vec![
            ("MLP", mlp, "–".into(), "–".into(), "–".into()),
            ("CNN", cnn, "–".into(), "–".into(), "–".into()),
        ],
    }
}

#[derive(Properties, PartialEq)]
pub struct RaceTableProps {
    pub rows: Vec<Row>,
}

#[component]
pub fn RaceTable(p: &RaceTableProps) -> Html {
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Race results table">
            <table class="race-table">
                <thead><tr>
                    <th scope="col">{ "Network" }</th><th scope="col">{ "Parameters" }</th>
                    <th scope="col">{ "Training" }</th><th scope="col">{ "Held-out" }</th>
                    <th scope="col">{ "Gap" }</th>
                </tr></thead>
                <tbody>
                    { for p.rows.iter().map(|row| html! {
                        <tr>
                            <th scope="row">{ row.0 }</th><td class="num">{ thousands(row.1 as u128) }</td>
                            <td class="num">{ row.2.clone() }</td><td class="num">{ row.3.clone() }</td><td class="num">{ row.4.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
