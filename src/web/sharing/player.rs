//! The animation's clock: while playing, each frame schedules the next; a
//! change of step or a pause cancels the pending frame (the effect's cleanup).

use crate::panels::sharing::Player;
use crate::web::platform::clock::after;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Milliseconds between two animation frames while playing.
const FRAME_MS: i32 = 90;

/// The player state, advanced by `speed` positions a frame while playing.
#[hook]
pub fn use_player(speed: usize) -> UseStateHandle<Player> {
    let player = use_state(|| Player::new(0));
    {
        let player = player.clone();
        use_effect_with(*player, move |p| {
            let alive = Rc::new(Cell::new(true));
            if p.playing {
                let (alive, p) = (alive.clone(), *p);
                after(FRAME_MS, move || {
                    if alive.get() {
                        player.set(p.tick(speed));
                    }
                });
            }
            move || alive.set(false)
        });
    }
    player
}
