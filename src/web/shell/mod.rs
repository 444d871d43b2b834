//! The page around the panels: the app root, the lesson's sections and the
//! navigation (table of contents, links between sections with a way back,
//! presenting mode as a slide deck).

pub mod app;
pub mod back;
pub mod data_wait;
pub mod idle;
pub mod lesson;
pub mod link;
pub mod nav;
pub mod present;
pub mod section;
pub mod sections;
pub mod status;
