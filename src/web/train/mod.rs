//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn TrainPanel() -> Html {
    html! {}
}
