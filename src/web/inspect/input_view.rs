//! The input with the probed unit's receptive field outlined.
//!
//! The region comes from `crate::core::receptive`; it is also written as
//! `data-rf-y0/x0/y1/x1` (half-open, input pixels) on the input view, so a
//! test can compare the outline with the core's answer.

use super::canvas::MapCanvas;
use crate::core::receptive::Region;
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::panels::inspect::rf::outline;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InputViewProps {
    /// `[c, h, w]` input; the first channel is drawn.
    pub input: Rc<Vec<f32>>,
    pub h: usize,
    pub w: usize,
    pub name: AttrValue,
    /// The outlined region (clipped to the image) and its layer's name.
    pub region: Option<(Region, String)>,
    /// Test hook; only the feature-map panel's view carries `rf-input`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// The input image in gray, with the receptive field outlined on top.
#[component]
pub fn InputView(p: &InputViewProps) -> Html {
    let rgba = {
        let (input, h, w) = (p.input.clone(), p.h, p.w);
        use_memo((input, h, w), |(input, h, w)| {
            let plane = &input[..(h * w).min(input.len())];
            Rc::new(to_rgba(
                plane,
                Scale::Gray,
                Range {
                    lo: 0.0,
                    hi: Range::min_max(plane).hi.max(1.0),
                },
            ))
        })
    };
    let label = format!("Input: {}, {}x{} pixels", p.name, p.h, p.w);
    let attr = |f: fn(&Region) -> i64| p.region.as_ref().map(|(r, _)| f(r).to_string());
    let mark = p.region.as_ref().map(|(r, _)| {
        let (t, l, h, w) = outline(*r, p.h, p.w);
        format!("top:{t}%;left:{l}%;height:{h}%;width:{w}%")
    });
    html! {
        <figure class="rf-input" data-testid={p.testid.clone()}
            data-rf-y0={attr(|r| r.y0)} data-rf-x0={attr(|r| r.x0)}
            data-rf-y1={attr(|r| r.y1)} data-rf-x1={attr(|r| r.x1)}
            data-rf-layer={p.region.as_ref().map(|(_, n)| n.clone())}>
            <div class="rf-frame">
                <MapCanvas rgba={(*rgba).clone()} w={p.w} h={p.h} label={label} />
                if let Some(style) = mark {
                    <div class="rf-outline" {style} aria-hidden="true"></div>
                }
            </div>
            <figcaption>{ "Input: " }{ p.name.clone() }</figcaption>
        </figure>
    }
}
