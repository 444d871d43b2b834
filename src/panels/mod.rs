//! The pure logic behind each panel of the page, one folder per panel. Each
//! has its Yew view under `src/web/` with the same name. Nothing here names
//! Yew or the browser, so all of it is tested natively.
//!
//! [`heatmap`] (the colour scales) serves every panel, [`deck`] the lesson
//! as a whole (presenting mode's steps); numbers are written by
//! the one formatter, [`crate::core::numfmt`].

pub mod calc;
pub mod cat;
pub mod deck;
pub mod draw;
pub mod heatmap;
pub mod inspect;
pub mod pooling;
pub mod race;
pub mod sharing;
pub mod train;
