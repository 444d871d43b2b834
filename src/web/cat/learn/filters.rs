//! The conv net's learned first-layer filters beside the hand-cut templates,
//! with what the learned ones turned out to look like (computed, not assumed).

use super::state::Looks;
use crate::panels::cat::learn::KERNEL;
use crate::panels::cat::{sprite, Sprite};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::Pixels;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    pub looks: Option<Rc<Looks>>,
}

#[component]
pub fn LearnedFilters(p: &FiltersProps) -> Html {
    let templates = use_memo((), |_| {
        Sprite::builtin()
            .and_then(|s| sprite::detectors(&s))
            .unwrap_or_default()
    });
    let Some(l) = p.looks.clone() else {
        return html! {};
    };
    let k = KERNEL * KERNEL;
    let learned = l.weights.chunks(k).zip(&l.looks).enumerate().map(|(i, (w, look))| {
        let rgba = Rc::new(to_rgba(w, Scale::Diverging, Range::symmetric(w)));
        html! {
            <figure class="learn-filter">
                <Pixels rgba={rgba} w={KERNEL as u32} h={KERNEL as u32} display={56}
                    label={format!("Learned filter {}: looks most like a {}", i + 1, look.words())} />
                <figcaption>
                    <strong>{ look.words() }</strong><br />
                    { format!("edge {:.2} · spot {:.2} · cat {:.2}", look.edge, look.spot, look.cat) }
                </figcaption>
            </figure>
        }
    });
    let cut = templates.iter().map(|d| {
        let rgba = Rc::new(to_rgba(
            &d.weights,
            Scale::Diverging,
            Range::symmetric(&d.weights),
        ));
        html! {
            <figure class="learn-filter">
                <Pixels rgba={rgba} w={d.k as u32} h={d.k as u32} display={56}
                    label={format!("Hand-cut {} template", d.name)} />
                <figcaption><strong>{ d.name }</strong><br />{ "cut by hand" }</figcaption>
            </figure>
        }
    });
    html! {
        <div class="learn-filters">
            <h4>{ format!("What it learned: the {} first-layer filters ({KERNEL}×{KERNEL})", l.looks.len()) }</h4>
            <div class="learn-filter-row">{ for learned }</div>
            <h4>{ "The hand-cut templates above, for comparison (7×7, full-size cat)" }</h4>
            <div class="learn-filter-row">{ for cut }</div>
            <p class="learn-said">{ l.summary.clone() }</p>
            <p class="muted">{ "Each number is a correlation (−1 to 1) with an ideal edge, a spot, or the closest patch of the cat at training size. " }{ Scale::Diverging.describe() }</p>
        </div>
    }
}
