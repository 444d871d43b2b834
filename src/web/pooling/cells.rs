//! One pooling window up close: its values, which one is kept, and where
//! the gradient goes on the way back.

use crate::panels::inspect::short;
use crate::panels::pooling::{gradient, PoolWindow};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WindowCellsProps {
    pub window: PoolWindow,
}

#[component]
pub fn WindowCells(p: &WindowCellsProps) -> Html {
    let (win, size) = (&p.window, p.window.size);
    let cells = win.values.iter().enumerate().map(|(i, v)| {
        let kept = i == win.winner;
        html! { <span class={classes!("pcell", "num", kept.then_some("kept"))}>
        { short(*v) }<small>{ if kept { "kept ✓" } else { "dropped" } }</small></span> }
    });
    let gcells = gradient(win, 1.0).into_iter().map(|g| html! {
        <span class={classes!("pcell", "num", (g != 0.0).then_some("kept"))}>{ if g != 0.0 { "g" } else { "0" } }</span>
    });
    let grid = format!("grid-template-columns:repeat({size}, 1fr)");
    let values = win
        .values
        .iter()
        .map(|v| short(*v))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <figure class="pool-zoom">
            <div class="pcells" style={grid.clone()} role="img" aria-label={format!(
                "The {size}x{size} window: {values}. The largest, {}, is kept.", short(win.max()))}>
                { for cells }
            </div>
            <figcaption>{ format!("max = {}", short(win.max())) }</figcaption>
            <div class="pcells grad" style={grid} role="img" aria-label="Gradient: all of it goes to the kept value, zero to the others">
                { for gcells }
            </div>
            <figcaption>{ "Backward: a gradient g arriving here goes only to the kept value; the others get 0." }</figcaption>
        </figure>
    }
}
