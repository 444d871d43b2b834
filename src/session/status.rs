//! What the session tells the person: the training status (also the
//! `data-state` test hook) and the one notice shown until dismissed.

use super::Session;

/// What training is doing. `as_str` gives the `data-state` test hook value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    Idle,
    Training,
    Paused,
    /// The loss went NaN/inf at this learning rate; last good weights are back.
    Diverged {
        lr: f32,
    },
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Training => "training",
            Status::Paused => "paused",
            Status::Diverged { .. } => "diverged",
        }
    }
}

/// A message for the person, shown until dismissed or replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Session {
    /// Shows `text` as an error notice, replacing any notice shown.
    pub(super) fn error(&mut self, text: String) {
        self.notice = Some(Notice { error: true, text });
    }
}
