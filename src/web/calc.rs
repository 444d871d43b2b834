//! Panel (being written).
use yew::prelude::*;

#[component]
pub fn CalcPanel() -> Html {
    html! {}
}
