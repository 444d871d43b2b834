//! Custom Yew hooks shared by the views.

pub mod alive;
pub mod kept_height;
pub mod lab;
pub mod near;
pub mod seen;
pub mod synced_text;
