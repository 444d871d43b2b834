//! The animation's controls: which filter, how fast, play/pause, one step
//! back or on, and a slider over every position (all keyboard operable).

use crate::panels::sharing::Player;
use crate::web::widgets::Select;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareControlsProps {
    /// Filters in the layer, and the one shown.
    pub filters: usize,
    pub filter: usize,
    /// Positions per frame, and the output width (a row at a time).
    pub speed: usize,
    pub row: usize,
    pub player: Player,
    /// The output unit at the current position, `(y, x)`.
    pub unit: (usize, usize),
    pub onfilter: Callback<usize>,
    pub onspeed: Callback<usize>,
    pub onplayer: Callback<Player>,
}

#[component]
pub fn ShareControls(p: &ShareControlsProps) -> Html {
    let (player, step, (uy, ux)) = (p.player, p.player.step, p.unit);
    let seek = |to: usize| p.onplayer.reform(move |_: MouseEvent| player.seek(to));
    let onslide = p.onplayer.reform(move |e: InputEvent| {
        let value = e.target_dyn_into::<HtmlInputElement>().map(|i| i.value());
        player.seek(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    });
    let filters = (0..p.filters)
        .map(|i| (i, format!("Filter {}", i + 1)))
        .collect::<Vec<_>>();
    let speeds = vec![
        (1, "one position at a time".to_string()),
        (4, "four at a time".to_string()),
        (p.row, "a row at a time".to_string()),
    ];
    html! {
        <>
            <div class="row">
                <Select id="share-filter" label="Filter" value={p.filter} options={filters} onchange={p.onfilter.clone()} />
                <Select id="share-speed" label="Speed" value={p.speed} options={speeds} onchange={p.onspeed.clone()} />
                <button class="primary" onclick={p.onplayer.reform(move |_: MouseEvent| player.toggle())}
                    aria-pressed={player.playing.to_string()} data-testid="share-play">
                    { if player.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={seek(step.saturating_sub(1))} aria-label="One position back">{ "◀" }</button>
                <button onclick={seek(step + 1)} aria-label="One position on">{ "▶|" }</button>
            </div>
            <div class="field share-slider">
                <label for="share-pos">{ format!("Position {} of {}: output row {uy}, column {ux}", step + 1, player.steps) }</label>
                <input id="share-pos" type="range" min="0" max={player.steps.saturating_sub(1).to_string()}
                    value={step.to_string()} oninput={onslide} data-testid="share-slider" />
            </div>
        </>
    }
}
