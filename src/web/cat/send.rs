//! "Send scene to feature maps": hands the scene to the shared session as
//! the feature-map view's input. The only part of the cat panel that uses
//! the session, so training elsewhere does not re-render the whole panel.

use crate::session::{Action, Input};
use crate::web::hooks::lab::use_lab;
use crate::web::shell::nav::scroll_to_feature_maps;
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
