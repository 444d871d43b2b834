//! The shared session, handed to every panel through a Yew context.
//!
//! The heavy state (model, data, history) lives once in an
//! `Rc<RefCell<Session>>`; the context value carries a version number that
//! changes whenever the session does, so components re-render on change and
//! compare cheaply otherwise.

use crate::session::{Action, Session};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What every panel gets from [`use_lab`].
#[derive(Clone)]
pub struct Lab {
    pub session: Rc<RefCell<Session>>,
    /// Changes on every visible change of the session.
    pub version: u64,
    /// Applies an action to the session, then re-renders.
    pub dispatch: Callback<Action>,
}

impl PartialEq for Lab {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Lab {
    /// Borrows the session for reading.
    pub fn read(&self) -> std::cell::Ref<'_, Session> {
        self.session.borrow()
    }

    /// A callback that sends one fixed action.
    pub fn send(&self, action: Action) -> Callback<MouseEvent> {
        let dispatch = self.dispatch.clone();
        Callback::from(move |_| dispatch.emit(action.clone()))
    }
}

/// The shared session. Panics only if a panel is rendered outside the app,
/// which is a programming error.
#[hook]
pub fn use_lab() -> Lab {
    use_context::<Lab>().expect("panels are rendered inside the app's LabProvider")
}
