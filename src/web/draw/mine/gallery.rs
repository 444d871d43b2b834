//! The person's digits as a gallery of small images, each with its label and
//! a remove button.

use super::{save, SharedMine};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::Pixels;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct GalleryProps {
    pub set: SharedMine,
    pub onchange: Callback<()>,
}

impl PartialEq for GalleryProps {
    fn eq(&self, _: &Self) -> bool {
        // The set changes in place; the parent re-renders on every change.
        false
    }
}

#[component]
pub fn Gallery(p: &GalleryProps) -> Html {
    let set = p.set.borrow();
    let data = set.data();
    let items = (0..data.len()).map(|i| {
        let rgba = Rc::new(to_rgba(data.image(i), Scale::Gray, Range { lo: 0.0, hi: 1.0 }));
        let label = data.labels[i];
        let onclick = {
            let (set, onchange) = (p.set.clone(), p.onchange.clone());
            Callback::from(move |_: MouseEvent| {
                if set.borrow_mut().remove(i) {
                    save(&set.borrow());
                }
                onchange.emit(());
            })
        };
        html! {
            <li class="mine-item" data-index={i.to_string()} data-label={label.to_string()}>
                <Pixels rgba={rgba} w={28} h={28} display={42} label={format!("Your digit {}: a {label}", i + 1)} />
                <span>{ label }</span>
                <button class="mine-remove" {onclick} aria-label={format!("Remove your digit {} (a {label})", i + 1)}>{ "✕" }</button>
            </li>
        }
    });
    html! {
        <ul class="mine-gallery" aria-label="Your digits">{ for items }</ul>
    }
}
