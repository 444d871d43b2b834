//! Whether an element is near the viewport: the page's one
//! `IntersectionObserver` mechanism. Sections render their interactive when
//! they come near (`shell::section`), and `widgets::Live` stops a panel from
//! following training while it is far away.
//!
//! [`use_near`] answers for the element of a [`NodeRef`] (or its first child,
//! for a wrapper that is `display: contents` and has no box of its own). The
//! answer is checked at once after the first render, so a block already on
//! the first screen renders before the browser paints it, then kept current
//! by an observer with the given margin.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

/// Which element [`use_near`] watches.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Watched {
    /// The node's own element.
    Itself,
    /// The node's first child element (the node has no box).
    FirstChild,
}

/// How far outside the viewport an element still counts as near, as a
/// fraction of the viewport's height above and below it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Margin(pub f64);

impl Margin {
    /// The observer's `rootMargin`: the same fraction above and below.
    fn css(self) -> String {
        let pct = (self.0 * 100.0).round();
        format!("{pct}% 0px {pct}% 0px")
    }
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

/// True while the watched element is within `margin` of the viewport.
/// `initial` is the answer before the first check (and where the browser
/// has no `IntersectionObserver`, the answer for good).
#[hook]
pub fn use_near(node: NodeRef, watched: Watched, margin: Margin, initial: bool) -> bool {
    let near = use_state_eq(|| initial);
    let watch = use_mut_ref(|| None::<Watch>);
    {
        // After every render: watch the current element (a panel may swap
        // its root, say from a loading line to its content).
        let (near, watch) = (near.setter(), watch.clone());
        use_effect(move || follow(&node, watched, margin, near, &watch));
    }
    {
        let watch = watch.clone();
        use_effect_with((), move |_| move || drop(watch.borrow_mut().take()));
    }
    *near
}

/// The element `node` stands for, if it is in the page.
fn element(node: &NodeRef, watched: Watched) -> Option<Element> {
    let el = node.cast::<Element>()?;
    match watched {
        Watched::Itself => Some(el),
        Watched::FirstChild => el.first_element_child(),
    }
}

/// Whether `el` is within `margin` of the viewport now (forces a layout).
fn near_now(el: &Element, margin: Margin) -> bool {
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let r = el.get_bounding_client_rect();
    r.top() < height * (1.0 + margin.0) && r.bottom() > -height * margin.0
}

/// Observes `node`'s element, creating the observer on first use; on a new
/// element, answers at once from its position.
fn follow(
    node: &NodeRef,
    watched: Watched,
    margin: Margin,
    near: UseStateSetter<bool>,
    watch: &Rc<RefCell<Option<Watch>>>,
) {
    let Some(el) = element(node, watched) else {
        return;
    };
    let mut slot = watch.borrow_mut();
    if slot.is_none() {
        let setter = near.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // The newest entry is the element's current state.
            if let Some(e) = entries.iter().last() {
                let e: IntersectionObserverEntry = e.unchecked_into();
                setter.set(e.is_intersecting());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(&margin.css());
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
        near.set(near_now(&el, margin));
        w.observer.observe(&el);
        w.watched = Some(el);
    }
}
