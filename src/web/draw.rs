//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn DrawPanel() -> Html {
    html! {}
}
