//! The training panel: the block architecture editor ([`arch`]), the data
//! behind its charts ([`chart`]), the curves of past runs kept for comparison
//! ([`runs`]), the results gallery ([`gallery`]), the divergence demo's
//! trials on copies of the model ([`diverge`]), and the sentences about the
//! model's origin and accuracy ([`status`]).

pub mod arch;
pub mod chart;
pub mod diverge;
pub mod gallery;
pub mod runs;
pub mod status;
