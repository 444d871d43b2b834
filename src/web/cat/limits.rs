//! The honest limits, as numbers for this very scene: strided max pooling is
//! only roughly shift-invariant; a global max is exact.

use crate::panels::cat::limits::limits_intro;
use crate::panels::cat::view::pool_change_percent;
use crate::panels::cat::PoolShift;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LimitsBoxProps {
    /// The cat moved by 1 and by 2 pixels (the pool's stride).
    pub one: Option<PoolShift>,
    pub two: Option<PoolShift>,
    /// Still being computed (it runs in slices after the panel shows).
    pub pending: bool,
}

/// Strided max pooling is only roughly shift-invariant; a global max is exact.
#[component]
pub fn LimitsBox(p: &LimitsBoxProps) -> Html {
    let row = |s: &PoolShift| {
        let (pooled, global) = pool_change_percent(s);
        html! {
            <tr data-testid={format!("cat-limit-{}px", s.dx)} data-pooled-change={format!("{:.4}", s.max_abs_diff)}
                data-global-change={format!("{:.4}", s.global_max_abs_diff)}>
                <th scope="row">{ format!("{} pixel{}", s.dx, if s.dx == 1 { "" } else { "s" }) }</th>
                <td class="num">{ format!("{:.3} ({:.1}% of the peak)", s.max_abs_diff, pooled) }</td>
                <td class="num">{ format!("{:.3} ({:.1}%)", s.global_max_abs_diff, global) }</td>
            </tr>
        }
    };
    let (Some(one), Some(two)) = (&p.one, &p.two) else {
        if p.pending {
            return html! { <div class="panel cat-limits"><h3>{ "Honest limits: pooling with a stride" }</h3><p class="muted" role="status">{ "Computing the pooling comparison…" }</p></div> };
        }
        return html! { <div class="panel"><p class="error-text">{ "The pooling comparison could not be computed." }</p></div> };
    };
    html! {
        <div class="panel cat-limits" data-testid="cat-limits">
            <h3>{ "Honest limits: pooling with a stride" }</h3>
            <p>{ limits_intro(one.shape.w, one.shape.h) }</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Pooling shift table">
                <table>
                    <thead><tr><th scope="col">{ "Cat moved by" }</th>
                        <th scope="col">{ "Largest change, 2×2 pooled maps" }</th>
                        <th scope="col">{ "Change of the global max" }</th></tr></thead>
                    <tbody>{ row(one) }{ row(two) }</tbody>
                </table>
            </div>
            <p>{ "A one-pixel move lands the parts in different pooling windows, so the pooled maps change: a strided pool is only roughly shift-invariant. A move by the stride gives an exactly shifted copy. Only a global max over the whole map gives the same score wherever the cat is." }</p>
        </div>
    }
}
