//! Custom Yew hooks shared by the views.

pub mod alive;
pub mod lab;
pub mod seen;
pub mod synced_text;
