//! The app: one shared session, the cache of its forward pass that the
//! look-inside panels share, the lesson's sections, and the training loop.
//!
//! Training runs in workers (`platform::workers`) and the page only renders
//! what they report. Without workers it runs on the main thread in time
//! slices of a few milliseconds, so the page never freezes: each slice
//! trains as many batches as fit, then yields to the browser. The page re-renders at most five times a
//! second while training, which keeps charts cheap.

use super::lesson::Lesson;
use crate::session::{Action, Session};
use crate::web::hooks::lab::Lab;
use crate::web::inspect::trace::TraceCache;
use crate::web::platform::clock::{after, now_ms};
use crate::web::platform::{startup, workers};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds of work per slice: leaves room for input and painting
/// inside a 16 ms frame, and keeps every task well under 50 ms.
const SLICE_MS: f64 = 10.0;
/// Minimum time between two re-renders while training.
const RENDER_EVERY_MS: f64 = 200.0;
/// How often the page looks at the session while workers train.
const WATCH_MS: i32 = 25;

#[component]
pub fn App() -> Html {
    let session = use_memo((), |_| Rc::new(RefCell::new(startup::initial_session())));
    let session: Rc<RefCell<Session>> = (*session).clone();
    let version = use_memo((), |_| Rc::new(Cell::new(0u64)));
    let version: Rc<Cell<u64>> = (*version).clone();
    let update = use_force_update();
    let trace = (*use_memo((), |_| TraceCache::default())).clone();

    let dispatch = {
        let (session, version, update) = (session.clone(), version.clone(), update.clone());
        Callback::from(move |action: Action| {
            // The data set goes to the workers in tasks of their own, after
            // the page has taken it in and rendered.
            let data = matches!(action, Action::DataLoaded { .. });
            session.borrow_mut().apply(action);
            if data {
                workers::flush_soon(&session);
            } else {
                workers::flush(&session);
            }
            version.set(version.get() + 1);
            update.force_update();
        })
    };

    {
        let (session, version, update, dispatch) = (
            session.clone(),
            version.clone(),
            update.clone(),
            dispatch.clone(),
        );
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            // In a task of its own: starting the workers takes a while, and
            // the first render is already one task's worth of work.
            let running = alive.clone();
            after(0, move || {
                if !running.get() {
                    return;
                }
                workers::start(&session);
                startup::load(dispatch);
                run_loop(session, version, update, running, 0.0);
            });
            move || alive.set(false)
        });
    }

    let lab = Lab {
        session,
        version: version.get(),
        dispatch,
    };
    html! {
        <ContextProvider<Lab> context={lab}>
            <ContextProvider<TraceCache> context={trace}>
                <Lesson />
            </ContextProvider<TraceCache>>
        </ContextProvider<Lab>>
    }
}

/// One slice of work, then schedules the next. Stops when the app unmounts.
fn run_loop(
    session: Rc<RefCell<Session>>,
    version: Rc<Cell<u64>>,
    update: UseForceUpdateHandle,
    alive: Rc<Cell<bool>>,
    last_render: f64,
) {
    if !alive.get() {
        return;
    }
    let (changed, busy, slices) = {
        let mut s = session.borrow_mut();
        let changed = s.tick(SLICE_MS, &mut now_ms);
        (changed, s.busy(), s.needs_slices())
    };
    workers::flush(&session);
    let now = now_ms();
    let mut rendered_at = last_render;
    if changed && (!busy || now - last_render >= RENDER_EVERY_MS) {
        version.set(version.get() + 1);
        // Render in a task of its own, so a training slice and a page
        // update never add up to one long task.
        let update = update.clone();
        after(0, move || update.force_update());
        rendered_at = now;
    }
    // While workers train, the page only looks for their reports.
    let wait = match (slices, busy) {
        (true, _) => 0,
        (false, true) => WATCH_MS,
        (false, false) => 100,
    };
    after(wait, move || {
        run_loop(session, version, update, alive, rendered_at)
    });
}
