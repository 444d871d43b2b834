//! A link in the text to another section: it keeps the teacher link's
//! settings (`hide` among them), leaves a way back, and when the link hides
//! its target it is plain text instead of a link to nowhere.

use super::nav::{is_hidden, jump_to, section_href};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SectionLinkProps {
    /// The target section's id.
    pub to: AttrValue,
    pub children: Html,
}

#[component]
pub fn SectionLink(p: &SectionLinkProps) -> Html {
    if is_hidden(&p.to) {
        return html! { <span class="hidden-link">{ p.children.clone() }</span> };
    }
    let to = p.to.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        jump_to(&to);
    });
    html! { <a href={section_href(&p.to)} {onclick}>{ p.children.clone() }</a> }
}
