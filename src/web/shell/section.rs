//! One numbered section of the lesson: heading, explanation, interactive and
//! "Try this" prompts. The heading, words and prompts are always in the
//! page; the interactive renders when the section comes near the screen
//! (`hooks::near`), or at the latest when the page is idle (`idle`; not a
//! section above the screen, which waits for the reader), so the first
//! render builds only what is on the first screen. The section a link opens
//! at, and the ones above it, render at once. A section built while the page
//! is idle builds one of its panels per idle moment.

use super::idle::when_idle;
use super::nav::SECTIONS;
use crate::session::hash;
use crate::web::hooks::near::{use_near, Margin, Watched};
use crate::web::platform::address::location_hash;
use yew::prelude::*;

/// A section within one screen of the viewport renders its interactive.
const NEAR: Margin = Margin(1.0);

#[derive(Properties, PartialEq)]
pub struct SectionProps {
    pub id: AttrValue,
    pub children: Html,
    /// The "try this" prompts.
    pub tries: Vec<&'static str>,
    pub intro: Html,
}

/// One numbered section of the lesson.
#[component]
pub fn Section(props: &SectionProps) -> Html {
    let node = use_node_ref();
    let (num, title) = SECTIONS
        .iter()
        .enumerate()
        .find(|(_, s)| s.0 == props.id.as_str())
        .map(|(i, s)| (i + 1, s.1))
        .unwrap_or((0, ""));
    // A link that opens at a later section builds it and every section above
    // it at once: they are laid out before the page jumps there, so nothing
    // above the reader changes height afterwards.
    let linked = *use_memo(num, |&num| {
        let target = hash::parse(&location_hash()).0.section;
        let at = target.and_then(|t| SECTIONS.iter().position(|s| s.0 == t));
        at.is_some_and(|at| num >= 1 && num - 1 <= at)
    });
    let near = use_near(node.clone(), Watched::Itself, NEAR, false);
    let woken = use_state_eq(|| false);
    // Woken while the page is idle, a section of several panels builds one
    // more per idle moment, so no one task builds them all; near or linked,
    // it builds them all at once.
    let grown = use_state_eq(|| 1usize);
    let parts = parts(&props.children);
    let want = if linked || near {
        parts.len()
    } else if *woken {
        *grown
    } else {
        0
    };
    // Once built, a panel stays (it keeps its state when scrolled away).
    let built = use_mut_ref(|| 0usize);
    let count = want.max(*built.borrow()).min(parts.len());
    *built.borrow_mut() = count;
    let open = count > 0;
    let complete = count == parts.len();
    {
        let grown = grown.setter();
        use_effect_with((open, complete, count), move |&(open, complete, count)| {
            if open && !complete {
                when_idle(move || grown.set(count + 1));
            }
        });
    }
    {
        // A section above the screen (the page opened at a later one) waits
        // until the reader scrolls up to it: built now, it would move what
        // the reader looks at.
        let (woken, node) = (woken.setter(), node.clone());
        use_effect_with(open, move |&open| {
            if !open {
                when_idle(move || {
                    let above = node
                        .cast::<web_sys::Element>()
                        .is_some_and(|el| el.get_bounding_client_rect().bottom() < 0.0);
                    if !above {
                        woken.set(true);
                    }
                });
            }
        });
    }
    let heading = format!("{}-title", props.id);
    html! {
        <section ref={node} id={props.id.clone()} class="lesson-section" data-testid="section" data-section={props.id.clone()}
            data-pending={(!complete).to_string()} aria-labelledby={heading.clone()} tabindex="-1">
            <h2 id={heading}><span class="section-num">{ num }</span>{ title }</h2>
            <div class="intro">{ props.intro.clone() }</div>
            if open {
                // Part built, it keeps the room of the whole until complete.
                <div class={classes!("interactive", (!complete).then(|| format!("pending-{}", props.id)))}>
                    { for parts.into_iter().enumerate().map(|(i, part)| if i < count { part } else { Html::default() }) }
                </div>
            } else {
                <div class={classes!("interactive", "pending", format!("pending-{}", props.id))} aria-busy="true"></div>
            }
            if !props.tries.is_empty() {
                <aside class="try" aria-label={format!("Try this: {title}")}>
                    <strong>{ "Try this" }</strong>
                    <ul>{ for props.tries.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
                </aside>
            }
        </section>
    }
}

/// The interactive's panels: the section's children, one by one. The list
/// always has all of them, those not built yet empty: Yew pairs an unkeyed
/// list's old and new children from the end, so a list that grew by one
/// would hand each built panel its neighbour's place and build it anew
/// (Train's controls, state and all, when its filters arrived).
fn parts(children: &Html) -> Vec<Html> {
    match children {
        Html::VList(list) if list.len() > 1 => list.iter().cloned().collect(),
        other => vec![other.clone()],
    }
}
