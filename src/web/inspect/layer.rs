//! One layer's output maps: a header with its name, shape and colour legend,
//! then one probe-able heatmap per channel.

use super::canvas::MapCanvas;
use super::Probe;
use crate::panels::inspect::maps::MapLayer;
use crate::web::widgets::legend::Legend;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayerViewProps {
    pub layer: Rc<MapLayer>,
    /// The probed unit, if it is in this layer.
    pub probe: Option<Probe>,
    pub onprobe: Callback<Probe>,
}

/// Arrow keys move the probe by one unit; Page Up / Page Down change channel.
fn key_step(key: &str) -> Option<(i64, i64, i64)> {
    match key {
        "ArrowUp" => Some((0, -1, 0)),
        "ArrowDown" => Some((0, 1, 0)),
        "ArrowLeft" => Some((0, 0, -1)),
        "ArrowRight" => Some((0, 0, 1)),
        "PageUp" => Some((-1, 0, 0)),
        "PageDown" => Some((1, 0, 0)),
        _ => None,
    }
}

#[component]
pub fn LayerView(p: &LayerViewProps) -> Html {
    let l = &p.layer;
    let index = l.index;
    let channels = l.images.len();
    let focus_channel = p.probe.map(|q| q.channel).unwrap_or(0);
    let cells = l.images.iter().map(|img| {
        let channel = img.channel;
        let (h, w) = (img.h, img.w);
        let onprobe = {
            let cb = p.onprobe.clone();
            Callback::from(move |(y, x)| {
                cb.emit(Probe {
                    layer: index,
                    channel,
                    y,
                    x,
                })
            })
        };
        let onfocus = {
            let (cb, probe) = (p.onprobe.clone(), p.probe);
            Callback::from(move |_| {
                if probe.is_none() {
                    cb.emit(Probe {
                        layer: index,
                        channel,
                        y: h / 2,
                        x: w / 2,
                    });
                }
            })
        };
        let onkeydown = {
            let (cb, probe) = (p.onprobe.clone(), p.probe);
            Callback::from(move |e: KeyboardEvent| {
                let Some((dc, dy, dx)) = key_step(&e.key()) else {
                    return;
                };
                e.prevent_default();
                let q = probe.unwrap_or(Probe {
                    layer: index,
                    channel,
                    y: h / 2,
                    x: w / 2,
                });
                let clamp =
                    |v: usize, d: i64, n: usize| (v as i64 + d).clamp(0, n as i64 - 1) as usize;
                cb.emit(Probe {
                    layer: index,
                    channel: clamp(q.channel, dc, channels),
                    y: clamp(q.y, dy, h),
                    x: clamp(q.x, dx, w),
                });
            })
        };
        let marked = p.probe.filter(|q| q.channel == channel);
        let mark = marked.map(|q| {
            format!(
                "top:{}%;left:{}%;width:{}%;height:{}%",
                q.y as f64 * 100.0 / h as f64,
                q.x as f64 * 100.0 / w as f64,
                100.0 / w as f64,
                100.0 / h as f64,
            )
        });
        html! {
            <div class="fm-cell" key={channel}>
                <MapCanvas rgba={img.rgba.clone()} w={img.w} h={img.h} label={img.alt.clone()}
                    channel={Some(channel)} onprobe={Some(onprobe)} onkeydown={Some(onkeydown)}
                    onfocus={Some(onfocus)}
                    tabindex={Some(if channel == focus_channel { 0 } else { -1 })} />
                if let Some(style) = mark {
                    <div class="unit-mark" {style} aria-hidden="true"></div>
                }
                if !l.flat && channels > 1 {
                    <span class="fm-ch" aria-hidden="true">{ channel + 1 }</span>
                }
            </div>
        }
    });
    let size_class = if l.flat {
        "fm-flat"
    } else if l.shape.h >= 20 {
        "fm-big"
    } else if l.shape.h >= 10 {
        "fm-mid"
    } else {
        "fm-small"
    };
    html! {
        <section class="fm-layer" data-layer={l.name.clone()} data-shape={l.shape.to_string()}
            aria-label={format!("{}: {}", l.name, l.label)}>
            <header class="fm-head">
                <h4><span class="fm-name">{ &l.name }</span>{ " " }<span class="fm-shape num">{ &l.label }</span></h4>
                <Legend scale={l.scale} range={l.range} what={format!("{} outputs", l.name)} />
            </header>
            <div class={classes!("fm-grid", size_class)}>{ for cells }</div>
        </section>
    }
}
