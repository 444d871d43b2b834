//! Weight sharing, shown: one first-layer filter slides over the input,
//! position by position, while its output map fills in. Play/pause, step
//! buttons and a slider (all keyboard operable) drive a pure [`Player`].

use crate::web::hooks::lab::use_lab;
use crate::web::inspect::canvas::MapCanvas;
use crate::web::inspect::rf::InputView;
use crate::web::inspect::trace::current;
use crate::web::platform::clock::after;
mod window;

use crate::panels::sharing::{apply, counts, revealed, Player, Slide};
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use window::{Counts as CountsView, Products};
use yew::prelude::*;

/// Milliseconds between two animation frames while playing.
const FRAME_MS: i32 = 90;

#[component]
pub fn SharingPanel() -> Html {
    let lab = use_lab();
    let player = use_state(|| Player::new(0));
    let filter = use_state(|| 0usize);
    let speed = use_state(|| 1usize);
    let seen = current(&lab);
    // Drive the animation: each frame schedules the next; a change of step
    // or a pause cancels the pending frame (the effect's cleanup).
    {
        let (player, speed) = (player.clone(), *speed);
        use_effect_with(*player, move |p| {
            let alive = Rc::new(Cell::new(true));
            if p.playing {
                let (alive, p) = (alive.clone(), *p);
                after(FRAME_MS, move || {
                    if alive.get() {
                        player.set(p.tick(speed));
                    }
                });
            }
            move || alive.set(false)
        });
    }
    let seen = match seen {
        Ok(s) => s,
        Err(msg) => {
            return html! { <div class="panel sharing-panel"><p class="muted" role="status">{ msg }</p></div> }
        }
    };
    let Some((li, info)) = seen
        .info
        .iter()
        .enumerate()
        .find(|(_, i)| Slide::of(i).is_some())
    else {
        return html! { <div class="panel sharing-panel"><p>{ "This network has no convolution layer to animate." }</p></div> };
    };
    let slide = Slide::of(info).expect("found as a conv layer");
    let p = player.resize(slide.steps());
    if p != *player {
        player.set(p);
    }
    let f = (*filter).min(info.output.c - 1);
    let (weights, biases) = &seen.params[li];
    let per = slide.input.c * slide.kernel * slide.kernel;
    let w = &weights[f * per..(f + 1) * per];
    let map = &seen.maps[li];
    let img = &map.images[f];
    let step = p.step;
    let (uy, ux) = slide.unit(step);
    let patch = slide.patch(&seen.input, step);
    let value = apply(&patch, w, biases[f]);
    let partial = Rc::new(revealed(&img.rgba, step));
    let win = slide.window(step);
    let mark = format!(
        "top:{}%;left:{}%;width:{}%;height:{}%",
        uy as f64 * 100.0 / slide.out_h as f64,
        ux as f64 * 100.0 / slide.out_w as f64,
        100.0 / slide.out_w as f64,
        100.0 / slide.out_h as f64
    );
    let toggle = {
        let player = player.clone();
        Callback::from(move |_: MouseEvent| player.set(p.toggle()))
    };
    let seek = |to: usize| {
        let player = player.clone();
        Callback::from(move |_: MouseEvent| player.set(p.seek(to)))
    };
    let onslide = {
        let player = player.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                player.set(p.seek(i.value().parse().unwrap_or(0)));
            }
        })
    };
    let onfilter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                filter.set(s.value().parse().unwrap_or(0));
            }
        })
    };
    let onspeed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                speed.set(s.value().parse().unwrap_or(1));
            }
        })
    };
    let c = counts(info).expect("conv layer");
    let k = slide.kernel;
    html! {
        <div class="panel sharing-panel" data-testid="sharing" data-step={step.to_string()}
            data-steps={slide.steps().to_string()}>
            <h3>{ format!("One filter of {}, sliding over {}", info.name, seen.input_name) }</h3>
            <div class="row">
                <div class="field">
                    <label for="share-filter">{ "Filter" }</label>
                    <select id="share-filter" onchange={onfilter}>
                        { for (0..info.output.c).map(|i| html! { <option value={i.to_string()} selected={i == f}>{ format!("Filter {}", i + 1) }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="share-speed">{ "Speed" }</label>
                    <select id="share-speed" onchange={onspeed}>
                        <option value="1" selected={*speed == 1}>{ "one position at a time" }</option>
                        <option value="4" selected={*speed == 4}>{ "four at a time" }</option>
                        <option value={slide.out_w.to_string()} selected={*speed == slide.out_w}>{ "a row at a time" }</option>
                    </select>
                </div>
                <button class="primary" onclick={toggle} aria-pressed={p.playing.to_string()} data-testid="share-play">
                    { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={seek(step.saturating_sub(1))} aria-label="One position back">{ "◀" }</button>
                <button onclick={seek(step + 1)} aria-label="One position on">{ "▶|" }</button>
            </div>
            <div class="field share-slider">
                <label for="share-pos">{ format!("Position {} of {}: output row {uy}, column {ux}", step + 1, slide.steps()) }</label>
                <input id="share-pos" type="range" min="0" max={(slide.steps() - 1).to_string()}
                    value={step.to_string()} oninput={onslide} data-testid="share-slider" />
            </div>
            <div class="share-stage">
                <InputView input={seen.input.clone()} h={slide.input.h} w={slide.input.w}
                    name={seen.input_name.clone()} region={Some((win, info.name.clone()))} />
                <Products patch={patch.clone()} weights={w.to_vec()} bias={biases[f]} value={value}
                    kernel={k} channels={slide.input.c} />
                <figure class="share-out">
                    <div class="rf-frame">
                        <MapCanvas rgba={partial} w={img.w} h={img.h}
                            label={format!("Output map of filter {}, filled in up to row {uy}, column {ux}", f + 1)} />
                        <div class="unit-mark" style={mark} aria-hidden="true"></div>
                    </div>
                    <figcaption>{ format!("Its output map ({}x{})", slide.out_h, slide.out_w) }</figcaption>
                </figure>
            </div>
            <p class="share-claim"><strong>{ format!(
                "The same {} numbers ({k}x{k}x{} weights and 1 bias) are used at every one of the {} positions.",
                c.one_filter, slide.input.c, slide.steps()) }</strong>
                { " Only the pixels under the window change; the filter does not." }</p>
            <CountsView counts={c} name={info.name.clone()} filters={info.output.c}
                input={format!("{}x{}x{}", slide.input.h, slide.input.w, slide.input.c)} />
        </div>
    }
}
