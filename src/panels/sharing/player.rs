//! The play / pause / scrub state of the sliding-window animation, as a
//! value: every control returns the next state.

/// Play / pause / scrub state of the sliding animation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Player {
    pub step: usize,
    pub steps: usize,
    pub playing: bool,
}

impl Player {
    pub fn new(steps: usize) -> Player {
        Player {
            step: 0,
            steps,
            playing: false,
        }
    }

    /// Play, or pause. Playing from the last step starts over.
    pub fn toggle(self) -> Player {
        if self.playing {
            return Player {
                playing: false,
                ..self
            };
        }
        let step = if self.step + 1 >= self.steps {
            0
        } else {
            self.step
        };
        Player {
            step,
            playing: self.steps > 0,
            ..self
        }
    }

    /// Moves `n` steps on while playing; stops at the last step.
    pub fn tick(self, n: usize) -> Player {
        if !self.playing {
            return self;
        }
        let last = self.steps.saturating_sub(1);
        let step = (self.step + n).min(last);
        Player {
            step,
            playing: step < last,
            ..self
        }
    }

    /// Jumps to `step` (clamped) and pauses: scrubbing takes over from play.
    pub fn seek(self, step: usize) -> Player {
        Player {
            step: step.min(self.steps.saturating_sub(1)),
            playing: false,
            ..self
        }
    }

    /// A player for a new number of steps, keeping the position if it fits.
    pub fn resize(self, steps: usize) -> Player {
        if steps == self.steps {
            return self;
        }
        Player::new(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn player_plays_stops_at_the_end_and_scrubs() {
        let p = Player::new(5).toggle();
        assert!(p.playing);
        let p = p.tick(3);
        assert_eq!((p.step, p.playing), (3, true));
        let p = p.tick(3);
        assert_eq!((p.step, p.playing), (4, false), "stops at the last step");
        let p = p.toggle();
        assert_eq!((p.step, p.playing), (0, true), "play again starts over");
        let p = p.seek(99);
        assert_eq!((p.step, p.playing), (4, false));
        assert_eq!(p.tick(1), p, "paused players do not move");
        assert!(!Player::new(0).toggle().playing);
        assert_eq!(p.resize(5), p);
        assert_eq!(p.resize(7), Player::new(7));
    }
}
