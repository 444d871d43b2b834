//! Whether an element is near the viewport: the page's one
//! `IntersectionObserver` mechanism. Sections render their interactive when
//! they come near (`shell::section`), and `widgets::Live` stops a panel from
//! following training while it is far away.
//!
//! [`use_near`] answers for the element of a [`NodeRef`] (or its first child,
//! for a wrapper that is `display: contents` and has no box of its own). The
//! answer is checked as soon as the render that made the element is over,
//! so a block already on the first screen renders before the browser paints
//! it, then kept current by an observer with the given margin. Those first
//! checks are gathered: every element new in one render is measured in one
//! go once all its effects have run, so the page is laid out once for all of
//! them rather than once per element between other effects' changes.

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

/// Whether `el` is within `margin` of the viewport now, for a viewport
/// `height` CSS pixels tall (forces a layout if the page changed).
fn near_now(el: &Element, margin: Margin, height: f64) -> bool {
    let r = el.get_bounding_client_rect();
    r.top() < height * (1.0 + margin.0) && r.bottom() > -height * margin.0
}

/// A first check waiting for the render to end.
struct Check {
    el: Element,
    margin: Margin,
    near: UseStateSetter<bool>,
}

thread_local! {
    static CHECKS: RefCell<Vec<Check>> = const { RefCell::new(Vec::new()) };
}

/// Queues the first check of `el`; the first one queued schedules
/// [`check_all`] for when the running render (and its effects) is over.
fn check_soon(el: Element, margin: Margin, near: UseStateSetter<bool>) {
    let first = CHECKS.with(|c| {
        let mut c = c.borrow_mut();
        c.push(Check { el, margin, near });
        c.len() == 1
    });
    if first {
        // A microtask: after the renderer's current run, before the paint.
        wasm_bindgen_futures::spawn_local(async { check_all() });
    }
}

/// Answers every queued check from one layout of the page.
fn check_all() {
    let checks = CHECKS.with(|c| std::mem::take(&mut *c.borrow_mut()));
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    // Every read first, then every answer: an answer re-renders its
    // component, and reads between those changes would each lay out again.
    let answers: Vec<(UseStateSetter<bool>, bool)> = checks
        .into_iter()
        .filter(|c| c.el.is_connected())
        .map(|c| {
            let near = near_now(&c.el, c.margin, height);
            (c.near, near)
        })
        .collect();
    for (setter, near) in answers {
        setter.set(near);
    }
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
        w.observer.observe(&el);
        w.watched = Some(el.clone());
        check_soon(el, margin, near);
    }
}
