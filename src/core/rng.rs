//! The seeded random number generator passed through the core (never global).
pub struct Rng {
    _todo: (),
}
