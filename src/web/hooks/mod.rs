//! Custom Yew hooks shared by the views.

pub mod lab;
