//! The classifier's fields: an optional hidden dense layer, then one score
//! per class, and the classifier's layer table.

use super::layers::PartFooter;
use super::{edit_if, whole, Edit};
use crate::core::spec::MAX_UNITS;
use crate::panels::train::arch::{Arch, PartRows};
use crate::web::widgets::NumberField;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClassifierFieldsProps {
    pub hidden: usize,
    pub classes: usize,
    /// Why Apply would be refused, when it is the classifier's fault.
    pub error: Option<String>,
    pub rows: Option<PartRows>,
    pub onedit: Callback<Edit>,
}

#[component]
pub fn ClassifierFields(p: &ClassifierFieldsProps) -> Html {
    let on_hidden = edit_if(&p.onedit, |t: String| {
        let v = whole(&t, 0, 100_000)?;
        Some(Rc::new(move |a: &mut Arch| a.hidden = v) as Edit)
    });
    html! {
        <fieldset class="arch-block classifier">
            <legend>{ "Classifier: " }<span class="muted">{ "flatten, optional hidden dense layer, then one score per class" }</span></legend>
            <div class="row">
                <NumberField label="Hidden units (0 = none)" value={p.hidden.to_string()} min={Some(0.0)} max={Some(MAX_UNITS as f64)}
                    testid={Some(AttrValue::from("arch-hidden"))} onchange={on_hidden} />
                <p class="muted">{ format!("Outputs: {} classes", p.classes) }</p>
            </div>
            <PartFooter error={p.error.clone()} rows={p.rows.clone()} />
        </fieldset>
    }
}
