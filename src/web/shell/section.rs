//! One numbered section of the lesson: heading, explanation, interactive and
//! "Try this" prompts.

use super::nav::SECTIONS;
use yew::prelude::*;

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
    let (num, title) = SECTIONS
        .iter()
        .enumerate()
        .find(|(_, s)| s.0 == props.id.as_str())
        .map(|(i, s)| (i + 1, s.1))
        .unwrap_or((0, ""));
    let heading = format!("{}-title", props.id);
    html! {
        <section id={props.id.clone()} class="lesson-section" data-testid="section" data-section={props.id.clone()} aria-labelledby={heading.clone()} tabindex="-1">
            <h2 id={heading}><span class="section-num">{ num }</span>{ title }</h2>
            <div class="intro">{ props.intro.clone() }</div>
            <div class="interactive">{ props.children.clone() }</div>
            if !props.tries.is_empty() {
                <aside class="try" aria-label={format!("Try this: {title}")}>
                    <strong>{ "Try this" }</strong>
                    <ul>{ for props.tries.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
                </aside>
            }
        </section>
    }
}
