//! The versioned, checksummed weights file (spec + weights).
#[derive(Clone, Debug, PartialEq)]
pub enum WeightsError {
    Todo,
}
