//! Text being typed into a field that mirrors a value kept elsewhere.

use yew::prelude::*;

/// Local text for a field, reset whenever the session's value changes to
/// one the text does not already say (so a half-typed "0." stays as typed).
#[hook]
pub fn use_synced_text<T: PartialEq + Clone + ToString + 'static>(
    value: T,
    parse: fn(&str) -> Option<T>,
) -> UseStateHandle<String> {
    let text = use_state(|| value.to_string());
    {
        let text = text.clone();
        use_effect_with(value, move |v| {
            if parse(&text).as_ref() != Some(v) {
                text.set(v.to_string());
            }
        });
    }
    text
}
