//! Panels (being written).
use yew::prelude::*;

#[component]
pub fn FiltersPanel() -> Html {
    html! {}
}

#[component]
pub fn FeatureMapsPanel() -> Html {
    html! {}
}
