//! The training panel: the block architecture editor ([`arch`]), the data
//! behind its charts ([`chart`]), the curves of past runs kept for comparison
//! ([`runs`]), the results gallery ([`gallery`]) and the sentences about the
//! model's origin and accuracy ([`status`]).

pub mod arch;
pub mod chart;
pub mod gallery;
pub mod runs;
pub mod status;
