//! Pooling, shown: one max-pool window up close (which value survives, where
//! the gradient goes), the compute pooling saves the next layer, and the
//! receptive-field table. The numbers come from `crate::panels::pooling`.

use crate::core::receptive::table_from_info;
use crate::core::LayerSpec;
use crate::panels::inspect::{grouped, short};
use crate::panels::pooling::{gradient, liveliest, pool_layers, savings, window};
use crate::web::hooks::lab::use_lab;
use crate::web::inspect::canvas::MapCanvas;
use crate::web::inspect::rf::RfTable;
use crate::web::inspect::trace::current;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn mark(y: usize, x: usize, size: usize, h: usize, w: usize) -> String {
    format!(
        "top:{}%;left:{}%;width:{}%;height:{}%",
        y as f64 * 100.0 / h as f64,
        x as f64 * 100.0 / w as f64,
        size as f64 * 100.0 / w as f64,
        size as f64 * 100.0 / h as f64
    )
}

fn select(
    id: &'static str,
    label: &'static str,
    value: usize,
    options: Vec<(usize, String)>,
    set: Callback<usize>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
            set.emit(s.value().parse().unwrap_or(0));
        }
    });
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select id={id} {onchange}>
                { for options.into_iter().map(|(v, t)| html! { <option value={v.to_string()} selected={v == value}>{ t }</option> }) }
            </select>
        </div>
    }
}

#[component]
pub fn PoolingPanel() -> Html {
    let lab = use_lab();
    let pool = use_state(|| 0usize);
    let channel = use_state(|| None::<usize>);
    let unit = use_state(|| None::<(usize, usize)>);
    let seen = match current(&lab) {
        Ok(s) => s,
        Err(msg) => {
            return html! { <div class="panel pooling-panel"><p class="muted" role="status">{ msg }</p></div> }
        }
    };
    let table = Rc::new(table_from_info(seen.spec.input, &seen.info));
    let pools = pool_layers(&seen.info);
    let saving_rows = match savings(&seen.spec) {
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
    let zoom = pools.get((*pool).min(pools.len().saturating_sub(1))).map(|&pi| {
        let info = &seen.info[pi];
        let LayerSpec::MaxPool { size, stride } = info.spec else { return html! {} };
        let (inp, out) = (info.input, info.output);
        // Until a channel is picked, open on the one with the strongest response.
        let c = (*channel).map(|c| c.min(inp.c - 1)).unwrap_or_else(|| {
            seen.maps.get(pi.wrapping_sub(1)).map(|m| {
                m.images.iter().enumerate().max_by(|a, b| a.1.hi.total_cmp(&b.1.hi)).map(|(i, _)| i).unwrap_or(0)
            }).unwrap_or(0)
        });
        let plane_len = inp.h * inp.w;
        let (pre_vals, pre_rgba, pre_name) = if pi == 0 {
            (seen.input[c * plane_len..(c + 1) * plane_len].to_vec(), None, "the input".to_string())
        } else {
            let m = &seen.maps[pi - 1];
            (m.values[c * plane_len..(c + 1) * plane_len].to_vec(), Some(m.images[c].rgba.clone()), m.name.clone())
        };
        // Until a unit is picked, open on the window where pooling is most visible.
        let (oy, ox) = unit.map(|(y, x)| (y.min(out.h - 1), x.min(out.w - 1)))
            .unwrap_or_else(|| liveliest(&pre_vals, (inp.h, inp.w), (size, stride)));
        let Some(win) = window(&pre_vals, (inp.h, inp.w), (size, stride), (oy, ox)) else { return html! {} };
        let grads = gradient(&win, 1.0);
        let cells = win.values.iter().enumerate().map(|(i, v)| {
            let kept = i == win.winner;
            html! { <span class={classes!("pcell", "num", kept.then_some("kept"))}>
                { short(*v) }<small>{ if kept { "kept ✓" } else { "dropped" } }</small></span> }
        });
        let gcells = grads.iter().map(|g| html! {
            <span class={classes!("pcell", "num", (*g != 0.0).then_some("kept"))}>{ if *g != 0.0 { "g".to_string() } else { "0".into() } }</span>
        });
        let onprobe = { let unit = unit.clone(); Callback::from(move |u: (usize, usize)| if *unit != Some(u) { unit.set(Some(u)) }) };
        let onkeydown = {
            let unit = unit.clone();
            Callback::from(move |e: KeyboardEvent| {
                let (dy, dx): (i64, i64) = match e.key().as_str() {
                    "ArrowUp" => (-1, 0), "ArrowDown" => (1, 0), "ArrowLeft" => (0, -1), "ArrowRight" => (0, 1),
                    _ => return,
                };
                e.prevent_default();
                let y = (oy as i64 + dy).clamp(0, out.h as i64 - 1) as usize;
                let x = (ox as i64 + dx).clamp(0, out.w as i64 - 1) as usize;
                unit.set(Some((y, x)));
            })
        };
        let grid = format!("grid-template-columns:repeat({size}, 1fr)");
        html! {
            <>
            <div class="row">
                { select("pool-layer", "Pooling layer", (*pool).min(pools.len() - 1),
                    pools.iter().enumerate().map(|(i, p)| (i, seen.info[*p].name.clone())).collect(), { let pool = pool.clone(); Callback::from(move |v| pool.set(v)) }) }
                { select("pool-channel", "Channel", c, (0..inp.c).map(|i| (i, format!("Channel {}", i + 1))).collect(), { let channel = channel.clone(); Callback::from(move |v| channel.set(Some(v))) }) }
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
                <figure class="pool-zoom">
                    <div class="pcells" style={grid.clone()} role="img" aria-label={format!(
                        "The {size}x{size} window: {}. The largest, {}, is kept.",
                        win.values.iter().map(|v| short(*v)).collect::<Vec<_>>().join(", "), short(win.max()))}>
                        { for cells }
                    </div>
                    <figcaption>{ format!("max = {}", short(win.max())) }</figcaption>
                    <div class="pcells grad" style={grid} role="img" aria-label="Gradient: all of it goes to the kept value, zero to the others">
                        { for gcells }
                    </div>
                    <figcaption>{ "Backward: a gradient g arriving here goes only to the kept value; the others get 0." }</figcaption>
                </figure>
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
    });
    html! {
        <div class="panel pooling-panel">
            <h3>{ "One max-pool window, up close" }</h3>
            { zoom.unwrap_or_else(|| html! { <p>{ "This network has no max-pooling layer." }</p> }) }
            <h3>{ "The compute pooling saves" }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Compute saved by pooling, table">
                <table class="pool-savings" data-testid="pool-savings">
                    <caption>{ "Multiply-adds per image of the next layer with weights" }</caption>
                    <thead><tr><th scope="col">{ "Layer" }</th><th scope="col">{ "With pool" }</th>
                        <th scope="col">{ "Without" }</th><th scope="col">{ "Fewer" }</th></tr></thead>
                    <tbody>{ saving_rows }</tbody>
                </table>
            </div>
            <h3>{ "Receptive field per layer" }</h3>
            <p>{ "Field: the width of the input patch one unit depends on. Step: how far apart, in input pixels, two neighbouring units look. Every pool doubles the step, so the next convolution's field grows twice as fast." }</p>
            <RfTable table={table} />
        </div>
    }
}
