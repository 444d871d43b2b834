//! Under a part's fields: why Apply would be refused there, then the part's
//! layer table.

use super::layers::LayerRows;
use crate::panels::train::arch::PartRows;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartFooterProps {
    /// Why Apply would be refused, when it is this part's fault.
    pub error: Option<String>,
    pub rows: Option<PartRows>,
}

/// Under a part's fields: its error, then its layer table.
#[component]
pub fn PartFooter(p: &PartFooterProps) -> Html {
    html! {
        <>
            if let Some(m) = &p.error {
                <p class="error-text arch-error" role="alert" data-testid="arch-error">{ "✗ " }{ m.clone() }</p>
            }
            if let Some(rows) = &p.rows {
                <LayerRows rows={rows.clone()} />
            }
        </>
    }
}
