//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn SharingPanel() -> Html {
    html! {}
}
