//! The forward pass every look-inside panel shows, from the app's shared
//! [`TraceCache`]: computed once per change of weights or input, whichever
//! panel asks first. A scene's pass runs a piece per render; while one is
//! under way, the panel renders again at the next turn of the event loop.

use super::lab::use_lab;
use crate::web::inspect::trace::{current, Seen, TraceCache};
use crate::web::platform::clock::after;
use std::rc::Rc;
use yew::prelude::*;

/// The current [`Seen`], or why there is none. Panics only if a panel is
/// rendered outside the app, which is a programming error.
#[hook]
pub fn use_seen() -> Result<Rc<Seen>, String> {
    let lab = use_lab();
    let cache = use_context::<TraceCache>().expect("panels are rendered inside the app");
    let again = use_state(|| 0u32);
    let seen = current(&lab, &cache);
    let pending = cache.pending();
    {
        let again = again.clone();
        use_effect_with((pending, *again), move |(pending, n)| {
            if *pending {
                let n = *n;
                after(0, move || again.set(n.wrapping_add(1)));
            }
        });
    }
    seen
}
