//! The compute pooling saves: multiply-adds of the next weighted layer with
//! and without each pool.

use crate::core::ModelSpec;
use crate::panels::inspect::{grouped, short};
use crate::panels::pooling::savings;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PoolSavingsProps {
    pub spec: ModelSpec,
}

#[component]
pub fn PoolSavings(p: &PoolSavingsProps) -> Html {
    let rows = match savings(&p.spec) {
        Ok(rows) => rows.into_iter().map(|s| {
            let without = match &s.without_pool {
                Ok(n) => grouped(*n as u128),
                Err(e) => e.clone(),
            };
            let factor = s.factor().map(|f| format!("{}x", short(f as f32))).unwrap_or_default();
            html! { <tr><th scope="row">{ format!("{} (after {})", s.next, s.pool) }</th>
                <td>{ grouped(s.with_pool as u128) }</td><td>{ without }</td><td class="good">{ factor }</td></tr> }
        }).collect::<Html>(),
        Err(e) => html! { <tr><td colspan="4">{ e }</td></tr> },
    };
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Compute saved by pooling, table">
            <table class="pool-savings" data-testid="pool-savings">
                <caption>{ "Multiply-adds per image of the next layer with weights" }</caption>
                <thead><tr><th scope="col">{ "Layer" }</th><th scope="col">{ "With pool" }</th>
                    <th scope="col">{ "Without" }</th><th scope="col">{ "Fewer" }</th></tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}
