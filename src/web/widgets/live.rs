//! Panels that follow training only where they can be seen.
//!
//! While the network trains, every report of new weights would re-render
//! every look-inside panel on the page: a forward pass, hundreds of heat-map
//! tiles, then layout and paint of the whole page, even for panels a screen
//! or more away. [`Live`] hands its panel a copy of the shared [`Lab`] that
//! stops following training while the panel is far from the viewport. The
//! panel keeps what it last showed and catches up in one render when it
//! comes near (a margin of half a screen, so it is fresh before it is seen)
//! or when training stops, so a paused page is always current everywhere.
//!
//! The wrapper is `display: contents`: it adds no box, so layouts that place
//! panels in a grid are unchanged. It watches its panel's own element.

use crate::session::Status;
use crate::web::hooks::lab::{use_lab, Lab};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

/// How far outside the viewport a panel still counts as seen.
const MARGIN: &str = "50% 0px 50% 0px";

#[derive(Properties, PartialEq)]
pub struct LiveProps {
    pub children: Html,
}

/// The observer, its callback, and the element it watches.
struct Watch {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
    watched: Option<Element>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Wraps a panel that reads the shared session: while training runs and the
/// panel is far from the viewport, it is not re-rendered for new weights.
#[component]
pub fn Live(props: &LiveProps) -> Html {
    let lab = use_lab();
    let node = use_node_ref();
    let near = use_state_eq(|| true);
    let shown = use_mut_ref(|| lab.clone());
    let training = matches!(lab.read().status, Status::Training);
    if *near || !training {
        *shown.borrow_mut() = lab.clone();
    }
    let watch = use_mut_ref(|| None::<Watch>);
    {
        // After every render: watch the panel's current root element (a
        // panel may swap its root, say from a loading line to its content).
        let (node, near, watch) = (node.clone(), near.setter(), watch.clone());
        use_effect(move || {
            follow(&node, near, &watch);
        });
    }
    {
        let watch = watch.clone();
        use_effect_with((), move |_| move || drop(watch.borrow_mut().take()));
    }
    let context: Lab = shown.borrow().clone();
    html! {
        <div class="live" ref={node}>
            <ContextProvider<Lab> {context}>{ props.children.clone() }</ContextProvider<Lab>>
        </div>
    }
}

/// Makes `watch` observe the first element inside `node`, creating the
/// observer on first use. Without `IntersectionObserver` the panel stays live.
fn follow(node: &NodeRef, near: UseStateSetter<bool>, watch: &Rc<RefCell<Option<Watch>>>) {
    let Some(el) = node.cast::<Element>().and_then(|w| w.first_element_child()) else {
        return;
    };
    let mut slot = watch.borrow_mut();
    if slot.is_none() {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // The newest entry is the element's current state.
            if let Some(e) = entries.iter().last() {
                let e: IntersectionObserverEntry = e.unchecked_into();
                near.set(e.is_intersecting());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(MARGIN);
        let Ok(observer) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        else {
            return;
        };
        *slot = Some(Watch {
            observer,
            _callback: callback,
            watched: None,
        });
    }
    let w = slot.as_mut().expect("created above");
    if w.watched.as_ref() != Some(&el) {
        if let Some(old) = w.watched.take() {
            w.observer.unobserve(&old);
        }
        w.observer.observe(&el);
        w.watched = Some(el);
    }
}
