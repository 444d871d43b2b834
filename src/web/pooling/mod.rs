//! Pooling, shown: one max-pool window up close (which value survives, where
//! the gradient goes), the compute pooling saves the next layer, and the
//! receptive-field table. The numbers come from `crate::panels::pooling`.

mod cells;
mod savings;
mod zoom;

use crate::core::receptive::table_from_info;
use crate::panels::pooling::pool_layers;
use crate::web::hooks::seen::use_seen;
use crate::web::inspect::rf::RfTable;
use savings::PoolSavings;
use std::rc::Rc;
use yew::prelude::*;
use zoom::PoolZoom;

#[component]
pub fn PoolingPanel() -> Html {
    let seen = use_seen();
    let seen = match seen {
        Ok(s) => s,
        Err(msg) => {
            return html! { <div class="panel pooling-panel"><p class="muted" role="status">{ msg }</p></div> }
        }
    };
    let table = Rc::new(table_from_info(seen.spec.input, &seen.info));
    let pools = pool_layers(&seen.info);
    html! {
        <div class="panel pooling-panel">
            <h3>{ "One max-pool window, up close" }</h3>
            if pools.is_empty() {
                <p>{ "This network has no max-pooling layer." }</p>
            } else {
                <PoolZoom seen={seen.clone()} {pools} />
            }
            <h3>{ "The compute pooling saves" }</h3>
            <PoolSavings spec={seen.spec.clone()} />
            <h3>{ "Receptive field per layer" }</h3>
            <p>{ "Field: the width of the input patch one unit depends on. Step: how far apart, in input pixels, two neighbouring units look. Every pool doubles the step, so the next convolution's field grows twice as fast." }</p>
            <RfTable table={table} />
        </div>
    }
}
