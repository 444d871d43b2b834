//! The training panel: the block architecture editor ([`arch`]), the data
//! behind its charts ([`chart`]), the results gallery ([`gallery`]) and the
//! divergence demo's trials on copies of the model ([`diverge`]).

pub mod arch;
pub mod chart;
pub mod diverge;
pub mod gallery;
