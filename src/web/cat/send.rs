//! "Send scene to feature maps": hands the scene to the shared session as
//! the feature-map view's input. The only part of the cat panel that uses
//! the session, so training elsewhere does not re-render the whole panel.

use crate::session::{Action, Input};
use crate::web::hooks::lab::use_lab;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SendProps {
    pub pixels: Rc<Vec<f32>>,
    pub w: usize,
    pub h: usize,
}

#[component]
pub fn SendScene(p: &SendProps) -> Html {
    let lab = use_lab();
    let onclick = {
        let (dispatch, px, w, h) = (lab.dispatch.clone(), p.pixels.clone(), p.w, p.h);
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SelectInput(Input::Scene {
                pixels: (*px).clone(),
                w,
                h,
            }));
            scroll_to_feature_maps();
        })
    };
    html! {
        <button {onclick} data-testid="cat-send">{ "Send scene to feature maps" }</button>
    }
}

/// Brings the feature-map view into sight (it lives in the training section).
fn scroll_to_feature_maps() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    match doc.query_selector("[data-testid=\"feature-maps\"]") {
        Ok(Some(el)) => el.scroll_into_view(),
        _ => crate::web::shell::nav::go_to("train"),
    }
}
