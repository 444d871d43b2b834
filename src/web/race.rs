//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn RacePanel() -> Html {
    html! {}
}
