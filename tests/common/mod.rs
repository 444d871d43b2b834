//! Code shared by several integration tests (each test file that needs it
//! says `mod common;`).
// Each test file uses only part of this module.
#![allow(dead_code)]

pub mod bundled;
pub mod halves;
pub mod noise;
pub mod pretrained;
pub mod strokes;
