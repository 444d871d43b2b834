//! The page around the panels: the app root, the lesson's sections and the
//! navigation (table of contents, links, presenting mode).

pub mod app;
pub mod lesson;
pub mod nav;
pub mod present;
pub mod section;
pub mod sections;
