//! One layer's output maps: a header with its name, shape and colour legend,
//! then one probe-able cell ([`MapCell`]) per channel over the layer's one
//! canvas, which draws every channel's map at its cell ([`use_mosaic`]).

use super::cell::MapCell;
use super::mosaic::use_mosaic;
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

#[component]
pub fn LayerView(p: &LayerViewProps) -> Html {
    let l = &p.layer;
    let (grid, canvas) = (use_node_ref(), use_node_ref());
    use_mosaic(grid.clone(), canvas.clone(), l.clone());
    let channels = l.images.len();
    let focus_channel = p.probe.map(|q| q.channel).unwrap_or(0);
    let cells = l.images.iter().map(|img| {
        html! {
            <MapCell key={img.channel} layer={l.index} {channels} image={img.clone()} probe={p.probe}
                tab_stop={img.channel == focus_channel} numbered={!l.flat && channels > 1}
                onprobe={p.onprobe.clone()} />
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
            <div ref={grid} class={classes!("fm-grid", size_class)}>
                <canvas ref={canvas} class="fm-mosaic" aria-hidden="true"></canvas>
                { for cells }
            </div>
        </section>
    }
}
