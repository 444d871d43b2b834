//! The drag scene: the cat over two pictures of where each net fires.
//!
//! The left picture is the conv net's evidence, the right one the dense
//! net's, both laid over the same scene. A dashed line marks the middle:
//! training only ever had cats left of it. The cat is a focusable handle over
//! the conv picture; pointer (mouse, pen, touch) drags it, arrow keys step it.

use super::handle::CatHandle;
use super::state::Fire;
use crate::panels::cat::learn::scenes::SIDE;
use crate::web::widgets::Pixels;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LearnSceneProps {
    pub fire: Option<Fire>,
    /// The cat's top-left corner and side, scene pixels.
    pub at: (usize, usize),
    pub side: usize,
    pub onmove: Callback<(i64, i64)>,
}

#[component]
pub fn LearnScene(p: &LearnSceneProps) -> Html {
    let frame = use_node_ref();
    let Some(f) = p.fire.clone() else {
        return html! {};
    };
    let (cx, _) = p.at;
    let half = if f.unseen {
        "the right half (never seen in training)"
    } else {
        "the left half (where training cats were)"
    };
    let says = |p: f32| if p >= 0.5 { "cat" } else { "no cat" };
    html! {
        <div class="learn-fire" data-x={cx.to_string()} data-unseen={f.unseen.to_string()}
            data-conv={format!("{:.4}", f.p_conv)} data-dense={format!("{:.4}", f.p_dense)}
            data-peak-x={format!("{:.1}", f.peak.0)} data-peak-y={format!("{:.1}", f.peak.1)}>
            <p>{ format!("Drag the cat (or focus it and use the arrow keys). It is in {half}. Orange shows how much each place adds to the net's \"cat\" score; the dashed line is the middle.") }</p>
            <div class="learn-pair">
                <figure>
                    <div class="learn-frame" ref={frame.clone()}>
                        <Pixels rgba={f.conv.clone()} w={SIDE as u32} h={SIDE as u32} display={240} class={classes!("learn-img")}
                            label={format!("Where the conv net fires; its strongest place is at x {:.0}, y {:.0}", f.peak.0, f.peak.1)} />
                        <div class="learn-middle" aria-hidden="true"></div>
                        <CatHandle frame={frame} at={p.at} side={p.side} onmove={p.onmove.clone()} />
                    </div>
                    <figcaption>{ format!("Conv net: P(cat) = {:.2}, says {}", f.p_conv, says(f.p_conv)) }</figcaption>
                </figure>
                <figure>
                    <div class="learn-frame">
                        <Pixels rgba={f.dense.clone()} w={SIDE as u32} h={SIDE as u32} display={240} class={classes!("learn-img")}
                            label="Where the dense net fires" />
                        <div class="learn-middle" aria-hidden="true"></div>
                    </div>
                    <figcaption>{ format!("Dense net: P(cat) = {:.2}, says {}", f.p_dense, says(f.p_dense)) }</figcaption>
                </figure>
            </div>
        </div>
    }
}
