//! "Drag the cat": translation equivariance and invariance, live.
//!
//! The panel owns one demo through [`state::use_cat_demo`]. Every move re-runs
//! the detectors through the core (about 2 million multiply-adds, a
//! millisecond or two) and records both scores on the chart's trail. The
//! stage, the scores, the detectors and the two fact boxes are components of
//! their own.

mod chart;
mod count;
mod handle;
mod learn;
mod limits;
mod maps;
mod scene;
mod scores;
mod send;
mod stage;
mod state;

use count::CountBox;
use limits::LimitsBox;
use maps::DetectorMaps;
use scene::SceneViewProps;
use scores::CatScores;
use stage::CatStage;
use state::use_cat_demo;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn CatPanel() -> Html {
    let demo = use_cat_demo();
    let onmove = demo.callback(|s, (i, x, y): (usize, i64, i64)| s.move_cat(i, x, y));
    let onselect = demo.callback(|s, i: usize| s.selected = i);
    let onadd = demo.callback(|s, _: MouseEvent| s.add_cat());
    let onremove = demo.callback(|s, _: MouseEvent| s.remove_selected());
    let onclear = demo.callback(|s, _: MouseEvent| s.trail.clear());

    let guard = demo.borrow();
    let s = match guard.as_ref() {
        Ok(s) => s,
        Err(e) => {
            return html! { <div class="panel" data-testid="cat-panel"><p class="error-text" role="alert">{ format!("The cat demo could not start: {e}") }</p></div> }
        }
    };
    let scene = s.demo.scene();
    let (w, h) = (scene.width(), scene.height());
    let sprite = scene.sprite();
    let r = &s.readout;
    let hot_name = r
        .maps
        .iter()
        .find(|m| m.hot == r.hotspot)
        .map_or("", |m| m.name);
    html! {
        <div class="cat-panel" data-testid="cat-panel" data-init-ms={format!("{:.1}", s.init_ms)}>
            <div class="cat-top">
                <CatStage scene={SceneViewProps { pixels: Rc::new(r.pixels.clone()), w, h,
                    cat_w: sprite.w, cat_h: sprite.h, cats: scene.cats().to_vec(), selected: s.selected,
                    hotspot: r.hotspot, hot_name: AttrValue::from(hot_name), onmove, onselect }}
                    message={s.message.clone()} {onadd} {onremove} />
                <CatScores conv={r.conv_score} dense={r.dense_score} scene_pixels={w * h}
                    sweep={s.sweep.clone()} samples={Rc::new(s.trail.samples().to_vec())}
                    max_x={w - sprite.w} label={AttrValue::from(s.trail.describe())} {onclear} />
            </div>
            <DetectorMaps detectors={Rc::new(s.demo.detectors().to_vec())} maps={Rc::new(r.maps.clone())} />
            <div class="grid-2">
                <CountBox count={s.demo.count()} />
                <LimitsBox one={s.limits.0.clone()} two={s.limits.1.clone()} pending={!s.settled} />
            </div>
            <learn::LearnPanel />
        </div>
    }
}
