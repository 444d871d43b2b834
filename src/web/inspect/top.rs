//! "What excites this channel?": the held-out digits with the largest value
//! in one channel of one layer, each beside the channel's map for it.
//!
//! The search (`crate::panels::inspect::top`) runs on a copy of the model,
//! a batch of images per timer tick, each tick stopping after [`SLICE_MS`].

use super::canvas::MapCanvas;
use crate::core::Model;
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::panels::inspect::short;
use crate::panels::inspect::top::{choices, TopImage, TopImages, TOP};
use crate::web::hooks::lab::{use_lab, Lab};
use crate::web::platform::clock::{after, now_ms};
use crate::web::widgets::select::Select;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Longest stretch of work per timer tick, in milliseconds.
const SLICE_MS: f64 = 8.0;

enum Job {
    Running {
        top: TopImages,
        model: Model,
        batch: usize,
    },
    /// The layer's name, the channel, and what was found.
    Done(String, usize, Vec<TopImage>),
    Failed(String),
}

type Shared = Rc<RefCell<Option<(u64, Job)>>>;

#[component]
pub fn TopImagesView() -> Html {
    let lab = use_lab();
    let layer = use_state(|| 0usize);
    let channel = use_state(|| 0usize);
    let job: Shared = use_mut_ref(|| None);
    let generation = use_mut_ref(|| 0u64);
    let update = use_force_update();
    let layers = choices(lab.read().model());
    let l = (*layer).min(layers.len().saturating_sub(1));
    let channels = layers.get(l).map_or(1, |c| c.channels);
    let c = (*channel).min(channels.saturating_sub(1));

    let onlayer = {
        let (layer, channel) = (layer.clone(), channel.clone());
        Callback::from(move |v: usize| {
            layer.set(v);
            channel.set(0);
        })
    };
    let onchannel = {
        let channel = channel.clone();
        Callback::from(move |v: usize| channel.set(v))
    };
    let onfind = {
        let (lab, job, generation, update) =
            (lab.clone(), job.clone(), generation.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            *generation.borrow_mut() += 1;
            let g = *generation.borrow();
            let made = {
                let s = lab.read();
                match &s.test {
                    Some(test) => {
                        TopImages::new(s.model(), test, l, c).map(|top| (top, s.model().clone()))
                    }
                    None => Err("the held-out digits are not loaded yet".into()),
                }
            };
            let ok = made.is_ok();
            *job.borrow_mut() = Some((
                g,
                match made {
                    Ok((top, model)) => Job::Running {
                        top,
                        model,
                        batch: 8,
                    },
                    Err(e) => Job::Failed(e),
                },
            ));
            update.force_update();
            if ok {
                let (lab, job, update) = (lab.clone(), job.clone(), update.clone());
                after(0, move || run(lab, job, g, update));
            }
        })
    };
    let layer_options: Vec<(usize, String)> = layers
        .iter()
        .map(|x| {
            (
                x.index,
                format!(
                    "{} ({} channel{})",
                    x.name,
                    x.channels,
                    if x.channels == 1 { "" } else { "s" }
                ),
            )
        })
        .collect();
    let channel_options: Vec<(usize, String)> = (0..channels).map(|i| (i, i.to_string())).collect();
    let guard = job.borrow();
    let running = matches!(guard.as_ref(), Some((_, Job::Running { .. })));
    let body = match guard.as_ref() {
        Some((_, Job::Running { top, .. })) => html! {
            <p class="muted" aria-live="polite">{ format!("Scoring held-out digits: {} of {}.", top.scored(), top.total) }</p>
        },
        Some((_, Job::Failed(e))) => html! { <p class="error-text" role="alert">{ e.clone() }</p> },
        Some((_, Job::Done(name, c, found))) => {
            let session = lab.read();
            let items = found.iter().map(|t| {
                let digit = session.test.as_ref().filter(|d| t.index < d.len()).map(|d| {
                    Rc::new(to_rgba(d.image(t.index), Scale::Gray, Range { lo: 0.0, hi: 1.0 }))
                });
                html! {
                    <figure class="top-item" data-index={t.index.to_string()} data-value={format!("{:.4}", t.value)}>
                        <div class="top-pair">
                            if let Some(rgba) = digit {
                                <MapCanvas rgba={rgba} w={28} h={28} label={format!("Held-out digit #{}", t.index)} class="top-digit" />
                            }
                            if let Some(m) = &t.map {
                                <MapCanvas rgba={m.rgba.clone()} w={m.w} h={m.h} class="top-map"
                                    label={format!("{name} channel {c} for digit #{}, largest value {}", t.index, short(t.value))} />
                            }
                        </div>
                        <figcaption>{ format!("#{}: {}", t.index, short(t.value)) }</figcaption>
                    </figure>
                }
            });
            html! { <div class="top-grid">{ for items }</div> }
        }
        None => html! {},
    };
    let found_for = match guard.as_ref() {
        Some((_, Job::Done(name, c, _))) => Some((name.clone(), c.to_string())),
        _ => None,
    };
    html! {
        <section class="top-images-panel">
            <h4>{ "What excites one channel?" }</h4>
            <p class="muted">{ format!("Pick a layer and a channel: every held-out digit goes through the network, and the {TOP} with the largest value anywhere in that channel are shown, each beside the channel's map for it (one colour scale for all {TOP}).") }</p>
            <div class="row">
                <Select id="top-layer" label="Layer" value={l} options={layer_options} onchange={onlayer} disabled={running} />
                <Select id="top-channel" label="Channel" value={c} options={channel_options} onchange={onchannel} disabled={running} />
                <button data-testid="top-images-find" onclick={onfind} disabled={running}>{ "Find the top digits" }</button>
            </div>
            <div data-testid="top-images" class="top-images"
                data-layer={found_for.as_ref().map(|f| f.0.clone())} data-channel={found_for.map(|f| f.1)}>
                { body }
            </div>
        </section>
    }
}

/// One slice: batches of images until [`SLICE_MS`] have passed; the batch
/// size follows the measured cost, so a slice stays short on any layer.
fn run(lab: Lab, job: Shared, generation: u64, update: UseForceUpdateHandle) {
    let more = {
        let Ok(s) = lab.session.try_borrow() else {
            after(10, move || run(lab, job, generation, update));
            return;
        };
        let Some(test) = s.test.as_ref() else { return };
        let mut guard = job.borrow_mut();
        let Some((g, state)) = guard.as_mut() else {
            return;
        };
        if *g != generation {
            return;
        }
        let Job::Running { top, model, batch } = state else {
            return;
        };
        let t0 = now_ms();
        loop {
            let b0 = now_ms();
            let more = top.advance(model, test, *batch);
            let took = (now_ms() - b0).max(0.01);
            // Aim for batches of about a quarter of the slice.
            let per = took / *batch as f64;
            *batch = ((SLICE_MS / 4.0 / per) as usize).clamp(1, 256);
            if !more || now_ms() - t0 >= SLICE_MS {
                break;
            }
        }
        if top.is_done() {
            let name = model
                .info()
                .get(top.layer)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            let found = top.images(model, test);
            *state = Job::Done(name, top.channel, found);
            false
        } else {
            true
        }
    };
    update.force_update();
    if more {
        after(0, move || run(lab, job, generation, update));
    }
}
