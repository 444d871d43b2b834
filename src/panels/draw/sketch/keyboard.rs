//! The keyboard pen: which key does what on the pad, and a cursor that
//! draws on a [`Sketch`] while it is down.

use super::Sketch;

/// How far one arrow-key press moves the keyboard pen, in pad pixels.
pub const KEY_STEP: f32 = 14.0;

/// What a key does on the pad when drawing with the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// Move the pen by `(dx, dy)` steps.
    Move(i32, i32),
    /// Put the pen down (starting a stroke) or lift it.
    TogglePen,
    Undo,
    Clear,
}

/// The key binding of the keyboard pen: arrows move, Space or Enter puts the
/// pen down or lifts it, Escape lifts a pen that is down, Backspace undoes,
/// Delete clears. `None` for keys the pad leaves alone (Tab keeps moving
/// focus, and Escape with the pen up is not swallowed).
pub fn key_action(key: &str, pen_down: bool) -> Option<KeyAction> {
    Some(match key {
        "ArrowLeft" => KeyAction::Move(-1, 0),
        "ArrowRight" => KeyAction::Move(1, 0),
        "ArrowUp" => KeyAction::Move(0, -1),
        "ArrowDown" => KeyAction::Move(0, 1),
        " " | "Enter" => KeyAction::TogglePen,
        "Escape" if pen_down => KeyAction::TogglePen,
        "Backspace" => KeyAction::Undo,
        "Delete" => KeyAction::Clear,
        _ => return None,
    })
}

/// The keyboard pen: a cursor on the pad that draws while it is down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyPen {
    pub x: f32,
    pub y: f32,
    pub down: bool,
}

impl KeyPen {
    /// A pen lifted at the centre of a `side` pad.
    pub fn centred(side: usize) -> KeyPen {
        let c = side as f32 / 2.0;
        KeyPen {
            x: c,
            y: c,
            down: false,
        }
    }

    /// Applies `action` to the pen and `sketch`. Returns true when the
    /// drawing changed.
    pub fn apply(&mut self, action: KeyAction, sketch: &mut Sketch) -> bool {
        let side = sketch.side() as f32;
        match action {
            KeyAction::Move(dx, dy) => {
                self.x = (self.x + dx as f32 * KEY_STEP).clamp(0.0, side);
                self.y = (self.y + dy as f32 * KEY_STEP).clamp(0.0, side);
                self.down && sketch.extend(self.x, self.y)
            }
            KeyAction::TogglePen => {
                self.down = !self.down;
                if self.down {
                    sketch.begin(self.x, self.y);
                    true
                } else {
                    sketch.end();
                    false
                }
            }
            KeyAction::Undo => {
                self.down = false;
                sketch.undo()
            }
            KeyAction::Clear => {
                self.down = false;
                let had = !sketch.is_empty();
                sketch.clear();
                had
            }
        }
    }
}
