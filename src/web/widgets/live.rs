//! Panels that follow training only where they can be seen.
//!
//! While the network trains, every report of new weights would re-render
//! every look-inside panel on the page: a forward pass, hundreds of heat-map
//! tiles, then layout and paint of the whole page, even for panels a screen
//! or more away. [`Live`] hands its panel a copy of the shared [`Lab`] that
//! stops following training while the panel is off the screen. The
//! panel keeps what it last showed and catches up in one render when it
//! reaches the viewport or when training stops, so a paused page is always
//! current everywhere. No margin: while training, a panel on screen shows
//! new weights a few times a second anyway, so catching up in the frame it
//! appears in is as fresh as following all along, and a panel just off the
//! screen (the feature maps above the pad) costs nothing.
//!
//! The wrapper is `display: contents`: it adds no box, so layouts that place
//! panels in a grid are unchanged. It watches its panel's own element,
//! through the page's one observer mechanism (`hooks::near`).

use crate::session::Status;
use crate::web::hooks::lab::{use_lab, Lab};
use crate::web::hooks::near::{use_near, Margin, Watched};
use yew::prelude::*;

/// How far outside the viewport a panel still counts as seen: not at all.
const MARGIN: Margin = Margin(0.0);

#[derive(Properties, PartialEq)]
pub struct LiveProps {
    pub children: Html,
}

/// Wraps a panel that reads the shared session: while training runs and the
/// panel is off the screen, it is not re-rendered for new weights.
#[component]
pub fn Live(props: &LiveProps) -> Html {
    let lab = use_lab();
    let node = use_node_ref();
    let near = use_near(node.clone(), Watched::FirstChild, MARGIN, true);
    let shown = use_mut_ref(|| lab.clone());
    let training = matches!(lab.read().status, Status::Training);
    if near || !training {
        *shown.borrow_mut() = lab.clone();
    }
    let context: Lab = shown.borrow().clone();
    html! {
        <div class="live" ref={node}>
            <ContextProvider<Lab> {context}>{ props.children.clone() }</ContextProvider<Lab>>
        </div>
    }
}
