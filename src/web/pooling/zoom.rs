//! One max-pool window up close: the map before the pool with the window
//! outlined, the window's values and gradient, and the pooled map, whose
//! units can be picked by pointer or arrow keys.

use super::cells::WindowCells;
use crate::core::LayerSpec;
use crate::panels::pooling::{liveliest, window};
use crate::web::inspect::canvas::MapCanvas;
use crate::web::inspect::trace::Seen;
use crate::web::widgets::Select;
use std::rc::Rc;
use yew::prelude::*;

/// CSS box of `size` units at `(y, x)` on an `h x w` map, in percent.
fn mark(y: usize, x: usize, size: usize, h: usize, w: usize) -> String {
    format!(
        "top:{}%;left:{}%;width:{}%;height:{}%",
        y as f64 * 100.0 / h as f64,
        x as f64 * 100.0 / w as f64,
        size as f64 * 100.0 / w as f64,
        size as f64 * 100.0 / h as f64
    )
}

/// The channel with the strongest response before pool `pi` (0 for the input).
fn strongest(seen: &Seen, pi: usize) -> usize {
    let Some(m) = seen.maps.get(pi.wrapping_sub(1)) else {
        return 0;
    };
    let best = m
        .images
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.hi.total_cmp(&b.1.hi));
    best.map_or(0, |(i, _)| i)
}

/// The map before pool `pi`, channel `c`: its values, its picture (none
/// for the input itself) and its name.
fn before_pool(seen: &Seen, pi: usize, c: usize) -> (Vec<f32>, Option<Rc<Vec<u8>>>, String) {
    let inp = seen.info[pi].input;
    let plane = c * inp.h * inp.w..(c + 1) * inp.h * inp.w;
    match pi.checked_sub(1).map(|i| &seen.maps[i]) {
        None => (seen.input[plane].to_vec(), None, "the input".to_string()),
        Some(m) => (
            m.values[plane].to_vec(),
            Some(m.images[c].rgba.clone()),
            m.name.clone(),
        ),
    }
}

/// Arrow keys move the picked unit from `at`, within an `h x w` map.
fn arrow_keys(
    unit: UseStateHandle<Option<(usize, usize)>>,
    (oy, ox): (usize, usize),
    (h, w): (usize, usize),
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let (dy, dx): (i64, i64) = match e.key().as_str() {
            "ArrowUp" => (-1, 0),
            "ArrowDown" => (1, 0),
            "ArrowLeft" => (0, -1),
            "ArrowRight" => (0, 1),
            _ => return,
        };
        e.prevent_default();
        let y = (oy as i64 + dy).clamp(0, h as i64 - 1) as usize;
        let x = (ox as i64 + dx).clamp(0, w as i64 - 1) as usize;
        unit.set(Some((y, x)));
    })
}

#[derive(Properties, PartialEq)]
pub struct PoolZoomProps {
    pub seen: Rc<Seen>,
    /// Spec indices of the max-pool layers (at least one).
    pub pools: Vec<usize>,
}

#[component]
pub fn PoolZoom(p: &PoolZoomProps) -> Html {
    let pool = use_state(|| 0usize);
    let channel = use_state(|| None::<usize>);
    let unit = use_state(|| None::<(usize, usize)>);
    let (seen, chosen) = (&p.seen, (*pool).min(p.pools.len().saturating_sub(1)));
    let Some(&pi) = p.pools.get(chosen) else {
        return html! {};
    };
    let info = &seen.info[pi];
    let LayerSpec::MaxPool { size, stride } = info.spec else {
        return html! {};
    };
    let (inp, out) = (info.input, info.output);
    // Until a channel is picked, open on the one with the strongest response.
    let c = (*channel).map_or_else(|| strongest(seen, pi), |c| c.min(inp.c - 1));
    let (pre_vals, pre_rgba, pre_name) = before_pool(seen, pi, c);
    // Until a unit is picked, open on the window where pooling is most visible.
    let (oy, ox) = unit
        .map(|(y, x)| (y.min(out.h - 1), x.min(out.w - 1)))
        .unwrap_or_else(|| liveliest(&pre_vals, (inp.h, inp.w), (size, stride)));
    let Some(win) = window(&pre_vals, (inp.h, inp.w), (size, stride), (oy, ox)) else {
        return html! {};
    };
    let onprobe = {
        let unit = unit.clone();
        Callback::from(move |u| {
            if *unit != Some(u) {
                unit.set(Some(u))
            }
        })
    };
    let onkeydown = arrow_keys(unit.clone(), (oy, ox), (out.h, out.w));
    let pools = p
        .pools
        .iter()
        .enumerate()
        .map(|(i, l)| (i, seen.info[*l].name.clone()))
        .collect::<Vec<_>>();
    let channels = (0..inp.c)
        .map(|i| (i, format!("Channel {}", i + 1)))
        .collect::<Vec<_>>();
    html! {
        <>
        <div class="row">
            <Select id="pool-layer" label="Pooling layer" value={chosen} options={pools} onchange={pool.setter().to_callback()} />
            <Select id="pool-channel" label="Channel" value={c} options={channels} onchange={channel.setter().to_callback().reform(Some)} />
        </div>
        <div class="pool-stage" data-testid="pool-zoom" data-unit={format!("{oy},{ox}")} data-winner={win.winner.to_string()}>
            <figure>
                <div class="rf-frame">
                    if let Some(rgba) = pre_rgba {
                        <MapCanvas rgba={rgba} w={inp.w} h={inp.h}
                            label={format!("{pre_name}, channel {}, {}x{}, before pooling", c + 1, inp.h, inp.w)} />
                    }
                    <div class="unit-mark" style={mark(win.top.0, win.top.1, size, inp.h, inp.w)} aria-hidden="true"></div>
                </div>
                <figcaption>{ format!("Before: {pre_name} ({}x{})", inp.h, inp.w) }</figcaption>
            </figure>
            <WindowCells window={win} />
            <figure>
                <div class="rf-frame">
                    <MapCanvas rgba={seen.maps[pi].images[c].rgba.clone()} w={out.w} h={out.h}
                        label={format!("{}, channel {}, {}x{}, after pooling. Arrow keys move the window.", info.name, c + 1, out.h, out.w)}
                        onprobe={Some(onprobe)} onkeydown={Some(onkeydown)} tabindex={Some(0)} />
                    <div class="unit-mark" style={mark(oy, ox, 1, out.h, out.w)} aria-hidden="true"></div>
                </div>
                <figcaption>{ format!("After: {} ({}x{}). Point at or tap a unit.", info.name, out.h, out.w) }</figcaption>
            </figure>
        </div>
        </>
    }
}
