//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn CatPanel() -> Html {
    html! {}
}
