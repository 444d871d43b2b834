//! The learned-filters panel: every first-layer filter as a heatmap with its
//! weight count, updating while training; deeper layers' filters on demand.

use super::canvas::MapCanvas;
use super::trace::MIN_GAP_MS;
use crate::panels::heatmap::Scale;
use crate::panels::inspect::filters::{conv_layers, filter_set, FilterSet};
use crate::panels::inspect::short;
use crate::web::hooks::lab::use_lab;
use crate::web::platform::clock::now_ms;
use crate::web::widgets::legend::Legend;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The filters of one layer, swapped for new ones at most every
/// `MIN_GAP_MS` while training (always at once when idle).
#[hook]
fn use_filters(layer: Option<usize>) -> Option<Rc<FilterSet>> {
    let lab = use_lab();
    let cache = use_mut_ref(|| None::<(f64, Rc<FilterSet>)>);
    let (fresh, busy) = {
        let s = lab.read();
        let idx = layer.or_else(|| conv_layers(s.model()).first().map(|c| c.0));
        (idx.and_then(|i| filter_set(s.model(), i)), s.busy())
    };
    let fresh = fresh?;
    let mut c = cache.borrow_mut();
    let now = now_ms();
    let keep = c.as_ref().is_some_and(|(at, old)| {
        old.hash == fresh.hash
            || (busy
                && old.layer == fresh.layer
                && old.filters.len() == fresh.filters.len()
                && now - at < MIN_GAP_MS)
    });
    if !keep {
        *c = Some((now, Rc::new(fresh)));
    }
    c.as_ref().map(|(_, f)| f.clone())
}

fn grid(set: &FilterSet, testid: Option<&'static str>, deep: bool) -> Html {
    let items = set.filters.iter().map(|f| {
        html! {
            <li class="filter" key={f.index} data-filter={f.index.to_string()}>
                <MapCanvas rgba={f.rgba.clone()} w={f.w} h={f.h} label={f.alt.clone()}
                    class={classes!(deep.then_some("deep"))} />
                <span class="filter-name">{ format!("Filter {}", f.index + 1) }</span>
                <span class="filter-count num">{ &f.count }</span>
                <span class="filter-bias num muted">{ format!("bias {}", short(f.bias)) }</span>
            </li>
        }
    });
    html! {
        <ul class={classes!("filter-grid", deep.then_some("deep"))} data-testid={testid}
            data-layer={set.name.clone()} data-count={set.filters.len().to_string()}
            data-hash={format!("{:016x}", set.hash)} aria-label={format!("Filters of {}", set.name)}>
            { for items }
        </ul>
    }
}

#[component]
pub fn FiltersPanel() -> Html {
    let lab = use_lab();
    let deeper: Vec<(usize, String)> = conv_layers(lab.read().model())
        .into_iter()
        .skip(1)
        .collect();
    let chosen = use_state(|| None::<usize>);
    let first = use_filters(None);
    let pick = (*chosen)
        .filter(|c| deeper.iter().any(|d| d.0 == *c))
        .or(deeper.first().map(|d| d.0));
    let deep = use_filters(pick);
    let Some(first) = first else {
        return html! {
            <div class="panel filters-panel"><h3>{ "Learned filters" }</h3>
            <p class="muted">{ "This network has no convolution layer, so it has no filters to show." }</p></div>
        };
    };
    let onselect = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(sel.value().parse().ok());
            }
        })
    };
    html! {
        <div class="panel filters-panel">
            <h3>{ format!("Learned filters of {}", first.name) }</h3>
            <p class="intro-text">{ format!(
                "Each square is one {k}x{k} filter: the weights it multiplies the pixels under it by. \
                 Red weights reward ink, blue weights punish it. Small filters change less in training than \
                 you might expect, so after Reset they can look much the same; what each one picks out \
                 shows better in its feature map below.", k = first.kernel) }</p>
            <Legend scale={Scale::Diverging} range={first.range} what="weights" explain=true />
            { grid(&first, Some("filters"), false) }
            if !deeper.is_empty() {
                <details class="deeper-filters">
                    <summary>{ "Deeper layers: filters per input channel" }</summary>
                    <div class="field">
                        <label for="deep-filter-layer">{ "Layer" }</label>
                        <select id="deep-filter-layer" onchange={onselect} data-testid="deep-filter-layer">
                            { for deeper.iter().map(|(i, name)| html! {
                                <option value={i.to_string()} selected={Some(*i) == pick}>{ name }</option>
                            }) }
                        </select>
                    </div>
                    if let Some(d) = deep {
                        <p class="muted">{ format!(
                            "Each row is one filter of {}: one {k}x{k} slice for each of its {c} input channels, \
                             added together. Own colour scale:", d.name, k = d.kernel, c = d.in_channels) }</p>
                        <Legend scale={Scale::Diverging} range={d.range} what={format!("{} weights", d.name)} />
                        { grid(&d, None, true) }
                    }
                </details>
            }
        </div>
    }
}
