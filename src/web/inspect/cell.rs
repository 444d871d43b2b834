//! One channel of a layer's output: the box its map is drawn in (by the
//! layer's one canvas, `super::mosaic`), which the pointer and the keyboard
//! probe and which carries the map's text alternative; the probed unit
//! marked on it, and the channel number.

use super::canvas::unit_of;
use super::Probe;
use crate::panels::inspect::maps::MapImage;
use yew::prelude::*;

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

#[derive(Properties, PartialEq)]
pub struct MapCellProps {
    /// Spec index of the layer, and its number of channels.
    pub layer: usize,
    pub channels: usize,
    pub image: MapImage,
    /// The probed unit, if it is in this layer.
    pub probe: Option<Probe>,
    /// This channel is the layer's tab stop.
    pub tab_stop: bool,
    /// Show the channel number (several channels of a 2-D map).
    pub numbered: bool,
    pub onprobe: Callback<Probe>,
}

#[component]
pub fn MapCell(p: &MapCellProps) -> Html {
    let img = &p.image;
    let (layer, channel, channels, (h, w)) = (p.layer, img.channel, p.channels, (img.h, img.w));
    // Keyboard users start from the middle of the map.
    let middle = Probe {
        layer,
        channel,
        y: h / 2,
        x: w / 2,
    };
    let onprobe = {
        let cb = p.onprobe.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((y, x)) = unit_of(&e, h, w) {
                cb.emit(Probe {
                    layer,
                    channel,
                    y,
                    x,
                });
            }
        })
    };
    let onfocus = {
        let (cb, probe) = (p.onprobe.clone(), p.probe);
        Callback::from(move |_| {
            if probe.is_none() {
                cb.emit(middle);
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
            let q = probe.unwrap_or(middle);
            let clamp = |v: usize, d: i64, n: usize| (v as i64 + d).clamp(0, n as i64 - 1) as usize;
            cb.emit(Probe {
                layer,
                channel: clamp(q.channel, dc, channels),
                y: clamp(q.y, dy, h),
                x: clamp(q.x, dx, w),
            });
        })
    };
    let mark = p.probe.filter(|q| q.channel == channel).map(|q| {
        format!(
            "top:{}%;left:{}%;width:{}%;height:{}%",
            q.y as f64 * 100.0 / h as f64,
            q.x as f64 * 100.0 / w as f64,
            100.0 / w as f64,
            100.0 / h as f64,
        )
    });
    html! {
        <div class="fm-cell">
            <div class="fm-map" role="img" aria-label={img.alt.clone()}
                style={format!("aspect-ratio:{}/{}", w.max(1), h.max(1))}
                tabindex={if p.tab_stop { "0" } else { "-1" }}
                data-channel={channel.to_string()}
                onpointermove={onprobe.clone()} onpointerdown={onprobe}
                {onkeydown} {onfocus}></div>
            if let Some(style) = mark {
                <div class="unit-mark" {style} aria-hidden="true"></div>
            }
            if p.numbered {
                <span class="fm-ch" aria-hidden="true">{ channel + 1 }</span>
            }
        </div>
    }
}
