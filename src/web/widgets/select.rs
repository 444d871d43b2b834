//! A labelled select whose options stand for whole numbers.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    /// The element id (the label points at it).
    pub id: AttrValue,
    pub label: AttrValue,
    /// The selected option's value.
    pub value: usize,
    /// `(value, text)` of each option, in order.
    pub options: Vec<(usize, String)>,
    /// Called with the newly chosen value.
    pub onchange: Callback<usize>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn Select(p: &SelectProps) -> Html {
    let onchange = {
        let cb = p.onchange.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<web_sys::HtmlSelectElement>();
            if let Some(v) = value.and_then(|s| s.value().parse::<usize>().ok()) {
                cb.emit(v);
            }
        })
    };
    html! {
        <div class="field">
            <label for={p.id.clone()}>{ p.label.clone() }</label>
            <select id={p.id.clone()} data-testid={p.testid.clone()} {onchange} disabled={p.disabled}>
                { for p.options.iter().map(|(v, text)| html! {
                    <option value={v.to_string()} selected={*v == p.value}>{ text.clone() }</option>
                }) }
            </select>
        </div>
    }
}
