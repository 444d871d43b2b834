//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn PoolingPanel() -> Html {
    html! {}
}
