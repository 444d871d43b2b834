//! A flag for work that runs on timers after a render: it turns false when
//! the component goes away, so the next slice of work does not start.

use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// `true` while the component is mounted.
#[hook]
pub fn use_alive() -> Rc<Cell<bool>> {
    let alive = (*use_memo((), |_| Rc::new(Cell::new(true)))).clone();
    {
        let alive = alive.clone();
        use_effect_with((), move |_| move || alive.set(false));
    }
    alive
}
