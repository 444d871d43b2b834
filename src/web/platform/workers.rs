//! Training workers, from the page's side: starts `train-worker.js` (a
//! module worker of our own origin, loading the same wasm) and
//! `eval-worker.js` (held-out evaluations), posts the session's queued
//! commands, and applies the reports and evaluations that come back.
//!
//! Where workers are unavailable (no `Worker`, a page opened from
//! `file://`, a worker script that fails to load or run) the session keeps
//! or goes back to training and evaluating in the page, in time slices.

use super::build;
use super::clock::after;
use crate::session::evaluator::EvalCommand;
use crate::session::remote::{Command, MAX_WORKERS};
use crate::session::{wire, Session};
use js_sys::{Array, ArrayBuffer, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The training worker's script, beside `index.html`.
const SCRIPT: &str = "train-worker.js";
/// The evaluation worker's script, beside `index.html`.
const EVAL_SCRIPT: &str = "eval-worker.js";
/// The first message a worker gets: `{ init: { glue, wasm } }`.
fn init_message() -> JsValue {
    let (glue, wasm) = build::urls();
    let build = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&build, &"glue".into(), &glue.into());
    let _ = js_sys::Reflect::set(&build, &"wasm".into(), &wasm.into());
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"init".into(), &build);
    msg.into()
}

struct Link {
    worker: Worker,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(Event)>,
}

thread_local! {
    static LINK: RefCell<Option<Link>> = const { RefCell::new(None) };
    static EVAL_LINK: RefCell<Option<Link>> = const { RefCell::new(None) };
}

/// Cores the browser reports (`navigator.hardwareConcurrency`), at least 1.
pub fn reported_cores() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|c| c.is_finite() && *c >= 1.0)
        .map_or(1, |c| (c as usize).min(1024))
}

/// Starts a module worker running `script`: `on_bytes` gets each
/// `ArrayBuffer` it posts, `on_fail` why it failed (a message
/// `{ error }`, or an error event). `None` when the browser cannot start it.
fn spawn(
    script: &str,
    on_bytes: impl Fn(Vec<u8>) + 'static,
    on_fail: impl Fn(&str) + 'static,
) -> Option<Link> {
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(script, &opts).ok()?;
    let on_fail = Rc::new(on_fail);
    let onmessage = {
        let on_fail = on_fail.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if let Some(buf) = data.dyn_ref::<ArrayBuffer>() {
                on_bytes(Uint8Array::new(buf).to_vec());
                return;
            }
            let msg = js_sys::Reflect::get(&data, &"error".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| "an unreadable message".into());
            on_fail(&msg);
        })
    };
    // A script that fails to load fires a plain `Event`, an error inside
    // the worker an `ErrorEvent` with a message.
    let onerror = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        e.prevent_default();
        let msg = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "it did not load".into());
        on_fail(&msg);
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    if worker.post_message(&init_message()).is_err() {
        worker.terminate();
        return None;
    }
    Some(Link {
        worker,
        _onmessage: onmessage,
        _onerror: onerror,
    })
}

/// Ends a worker's link. Its closures are kept alive: the one that called
/// this (on a failure) is still running.
fn end(link: Option<Link>) {
    if let Some(link) = link {
        link.worker.terminate();
        std::mem::forget(link._onmessage);
        std::mem::forget(link._onerror);
    }
}

/// Starts the training worker and hands training to it, then the
/// evaluation worker. Returns false (and leaves training in the page) when
/// the browser cannot start the training worker.
pub fn start(session: &Rc<RefCell<Session>>) -> bool {
    let link = {
        let (s1, s2) = (session.clone(), session.clone());
        spawn(
            SCRIPT,
            move |bytes| {
                if let Ok(report) = wire::decode_report(&bytes) {
                    s1.borrow_mut().receive(report);
                    // An evaluation that came due goes out now, not at the
                    // next look at the session.
                    flush(&s1);
                }
            },
            move |why| give_up(&s2, why),
        )
    };
    let Some(link) = link else {
        return false;
    };
    LINK.with(|l| *l.borrow_mut() = Some(link));
    session.borrow_mut().use_workers(reported_cores());
    start_evaluator(session);
    flush(session);
    true
}

/// Starts the evaluation worker; without it evaluations run in the page.
fn start_evaluator(session: &Rc<RefCell<Session>>) {
    let (s1, s2) = (session.clone(), session.clone());
    let link = spawn(
        EVAL_SCRIPT,
        move |bytes| {
            if let Ok(result) = wire::decode_eval_result(&bytes) {
                s1.borrow_mut().receive_eval(result);
                // The core lent to it goes back to training now.
                flush(&s1);
            }
        },
        move |why| {
            end(EVAL_LINK.with(|l| l.borrow_mut().take()));
            web_sys::console::warn_1(
                &format!("The evaluation worker stopped ({why}); evaluations run in the page.")
                    .into(),
            );
            if let Ok(mut s) = s2.try_borrow_mut() {
                s.drop_eval_worker();
            }
        },
    );
    if let Some(link) = link {
        EVAL_LINK.with(|l| *l.borrow_mut() = Some(link));
        session.borrow_mut().use_eval_worker();
    }
}

/// Workers failed: training continues in the page from the last report.
fn give_up(session: &Rc<RefCell<Session>>, why: &str) {
    end(LINK.with(|l| l.borrow_mut().take()));
    web_sys::console::warn_1(
        &format!("Training workers stopped ({why}); training runs in the page.").into(),
    );
    if let Ok(mut s) = session.try_borrow_mut() {
        s.drop_workers();
    }
}

/// Posts the session's queued commands to the training and evaluation
/// workers. When the training worker's include the data set, the
/// evaluation worker's (which then hold the held-out set) go in a task of
/// their own: encoding both sets in one task held the page for a long one.
pub fn flush(session: &Rc<RefCell<Session>>) {
    if flush_training(session) {
        let s = session.clone();
        after(0, move || flush_evaluation(&s));
    } else {
        flush_evaluation(session);
    }
}

/// [`flush`] in a task after the current one: when the data arrive, the
/// task that takes them in and renders them is long enough already.
pub fn flush_soon(session: &Rc<RefCell<Session>>) {
    let s = session.clone();
    after(0, move || flush(&s));
}

/// Posts the queued commands of the training worker. Returns whether they
/// included the data set.
fn flush_training(session: &Rc<RefCell<Session>>) -> bool {
    let Ok(mut s) = session.try_borrow_mut() else {
        return false;
    };
    let commands = s.take_commands();
    let data = commands.iter().any(|c| matches!(c, Command::Data));
    if !commands.is_empty() {
        LINK.with(|l| {
            let Some(link) = l.borrow().as_ref().map(|k| k.worker.clone()) else {
                return;
            };
            for c in commands {
                let bytes = match (&c, s.train.as_ref()) {
                    (Command::Data, Some(train)) => wire::encode_data(train),
                    (Command::Data, None) => continue,
                    _ => wire::encode_command(&c),
                };
                post(&link, &bytes);
            }
        });
    }
    data
}

/// Posts the queued commands of the evaluation worker.
fn flush_evaluation(session: &Rc<RefCell<Session>>) {
    let Ok(mut s) = session.try_borrow_mut() else {
        return;
    };
    let evals = s.take_eval_commands();
    if !evals.is_empty() {
        EVAL_LINK.with(|l| {
            let Some(link) = l.borrow().as_ref().map(|k| k.worker.clone()) else {
                return;
            };
            for c in evals {
                let bytes = match (&c, s.test.as_ref()) {
                    (EvalCommand::Test, Some(test)) => wire::encode_data(test),
                    (EvalCommand::Test, None) => continue,
                    (EvalCommand::Evaluate(q), _) => wire::encode_eval_request(q),
                };
                post(&link, &bytes);
            }
        });
    }
}

/// Posts bytes as a transferred buffer (nothing is copied on the way).
fn post(worker: &Worker, bytes: &[u8]) {
    let buf = Uint8Array::from(bytes).buffer();
    let _ = worker.post_message_with_transfer(&buf, &Array::of1(&buf));
}

/// The choices the workers control offers.
pub fn choices() -> std::ops::RangeInclusive<usize> {
    1..=MAX_WORKERS
}
