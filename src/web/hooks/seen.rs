//! The forward pass every look-inside panel shows, from the app's shared
//! [`TraceCache`]: computed once per change of weights or input, whichever
//! panel asks first.

use super::lab::use_lab;
use crate::web::inspect::trace::{current, Seen, TraceCache};
use std::rc::Rc;
use yew::prelude::*;

/// The current [`Seen`], or why there is none. Panics only if a panel is
/// rendered outside the app, which is a programming error.
#[hook]
pub fn use_seen() -> Result<Rc<Seen>, String> {
    let lab = use_lab();
    let cache = use_context::<TraceCache>().expect("panels are rendered inside the app");
    current(&lab, &cache)
}
