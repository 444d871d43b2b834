//! The pure logic behind each panel of the page, one folder per panel. Each
//! has its Yew view under `src/web/` with the same name. Nothing here names
//! Yew or the browser, so all of it is tested natively.
//!
//! Two helpers serve every panel: [`numfmt`] (the one number formatter) and
//! [`heatmap`] (the colour scales).

pub mod calc;
pub mod cat;
pub mod draw;
pub mod heatmap;
pub mod inspect;
pub mod numfmt;
pub mod pooling;
pub mod race;
pub mod sharing;
pub mod train;
