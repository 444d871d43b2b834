//! The training panel: the block architecture editor ([`arch`]), the data
//! behind its charts ([`chart`]) and the results gallery ([`gallery`]).

pub mod arch;
pub mod chart;
pub mod gallery;
