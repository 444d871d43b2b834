//! One block's fields: convolutions, kernel, filters per convolution and
//! padding, the remove button, and the block's layer table.

use super::layers::PartFooter;
use super::{edit_if, whole, Edit};
use crate::core::spec::{MAX_CHANNELS, MAX_KERNEL};
use crate::panels::train::arch::{Arch, Block, PartRows, MAX_CONVS};
use crate::web::widgets::NumberField;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BlockFieldsProps {
    pub index: usize,
    pub block: Block,
    /// Why Apply would be refused, when it is this block's fault.
    pub error: Option<String>,
    pub rows: Option<PartRows>,
    pub onedit: Callback<Edit>,
}

#[component]
pub fn BlockFields(p: &BlockFieldsProps) -> Html {
    let (i, b) = (p.index, &p.block);
    // A field's whole number in `lo..=hi` goes into this block; the draft's
    // check then says whether the network is possible.
    let set = |f: fn(&mut Block, usize, usize), j: usize, lo: usize, hi: usize| {
        edit_if(&p.onedit, move |t: String| {
            let v = whole(&t, lo, hi)?;
            Some(Rc::new(move |a: &mut Arch| f(&mut a.blocks[i], j, v)) as Edit)
        })
    };
    let filter_fields = b.filters.iter().enumerate().map(|(j, f)| html! {
        <NumberField label={format!("Filters {}", j + 1)} value={f.to_string()} min={Some(1.0)} max={Some(MAX_CHANNELS as f64)}
            testid={Some(AttrValue::from(format!("arch-filters-{i}-{j}")))}
            onchange={set(|b, j, v| b.filters[j] = v, j, 0, 100_000)} />
    });
    let on_same = edit_if(&p.onedit, move |e: Event| {
        let same = e.target_dyn_into::<web_sys::HtmlSelectElement>()?.value() == "same";
        Some(Rc::new(move |a: &mut Arch| a.blocks[i].same = same) as Edit)
    });
    let remove = p
        .onedit
        .reform(move |_: MouseEvent| Rc::new(move |a: &mut Arch| a.remove_block(i)) as Edit);
    let pad_id = format!("arch-pad-{i}");
    html! {
        <fieldset class="arch-block" data-testid={format!("arch-block-{i}")}>
            <legend>{ format!("Block {}: ", i + 1) }<span class="muted">{ format!("{}× (conv + ReLU), then 2×2 max-pool", b.convs()) }</span></legend>
            <div class="row">
                <NumberField label="Convs" value={b.convs().to_string()} min={Some(1.0)} max={Some(MAX_CONVS as f64)}
                    testid={Some(AttrValue::from(format!("arch-convs-{i}")))} onchange={set(|b, _, v| b.set_convs(v), 0, 1, MAX_CONVS)} />
                <NumberField label="Kernel" value={b.kernel.to_string()} min={Some(1.0)} max={Some(MAX_KERNEL as f64)}
                    testid={Some(AttrValue::from(format!("arch-kernel-{i}")))} onchange={set(|b, _, v| b.kernel = v, 0, 0, 1000)} />
                { for filter_fields }
                <div class="field">
                    <label for={pad_id.clone()}>{ "Padding" }</label>
                    <select id={pad_id} onchange={on_same}>
                        <option value="same" selected={b.same}>{ "same (keeps size)" }</option>
                        <option value="valid" selected={!b.same}>{ "valid (none)" }</option>
                    </select>
                </div>
                <button class="remove" onclick={remove} aria-label={format!("Remove block {}", i + 1)}
                    data-testid={format!("arch-remove-{i}")}>{ "Remove" }</button>
            </div>
            <PartFooter error={p.error.clone()} rows={p.rows.clone()} />
        </fieldset>
    }
}
