//! The training panel: the block architecture editor ([`arch`]), the data
//! behind its charts ([`chart`]), the curves of past runs kept for comparison
//! ([`runs`]), the results gallery ([`gallery`]), the divergence demo's
//! trials on copies of the model ([`diverge`]), the sentences about the
//! model's origin and accuracy ([`status`]), and what the workers control
//! says about the cores ([`workers`]).

pub mod arch;
pub mod chart;
pub mod diverge;
pub mod gallery;
pub mod runs;
pub mod status;
pub mod workers;
