//! The architecture editor: blocks of convolutions + a 2x2 max-pool, then a
//! classifier, with each layer's output shape, parameters and multiply-adds
//! from the core's counting code.
//!
//! Edits go to a local draft, checked live; "Apply" proposes it to the
//! session, which refuses an invalid one (the running model stays) and asks
//! before throwing away trained weights.

use crate::core::numfmt::thousands;
use crate::core::{LayerSpec, ModelSpec};
use crate::panels::train::arch::{Arch, Block, Part, PartRows, MAX_BLOCKS, MAX_CONVS};
use crate::session::Action;
use crate::web::widgets::NumberField;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArchEditorProps {
    /// The running model's architecture.
    pub spec: ModelSpec,
    /// The session's refusal of the last proposal.
    pub arch_error: Option<String>,
    /// A proposal waits for confirmation.
    pub pending: bool,
    pub dispatch: Callback<Action>,
}

/// Reads a whole number in `lo..=hi` typed into a field.
fn whole(text: &str, lo: usize, hi: usize) -> Option<usize> {
    text.trim().parse().ok().filter(|v| (lo..=hi).contains(v))
}

#[component]
pub fn ArchEditor(p: &ArchEditorProps) -> Html {
    let draft = use_state(|| Arch::from_spec(&p.spec));
    let proposed = use_state(|| None::<ModelSpec>);
    {
        // A new running model (applied, loaded, reset) replaces the draft.
        let draft = draft.clone();
        use_effect_with(p.spec.clone(), move |spec| draft.set(Arch::from_spec(spec)));
    }
    let Some(arch) = (*draft).clone() else {
        let to_default = {
            let draft = draft.clone();
            Callback::from(move |_| draft.set(Arch::from_spec(&ModelSpec::default_cnn())))
        };
        return html! {
            <div class="arch-editor panel" data-testid="arch-editor" data-running-spec={p.spec.to_string()}>
                <h3>{ "Architecture" }</h3>
                <p>{ format!("The running model ({}) is not in block form, so the block editor cannot show it.", p.spec) }</p>
                <button onclick={to_default}>{ "Start from the default blocks" }</button>
            </div>
        };
    };
    let edit = {
        let (draft, arch) = (draft.clone(), arch.clone());
        move |f: Box<dyn Fn(&mut Arch)>| {
            let draft = draft.clone();
            let arch = arch.clone();
            move || {
                let mut next = arch.clone();
                f(&mut next);
                draft.set(Some(next));
            }
        }
    };
    let checked = arch.check();
    let draft_spec = arch.to_spec();
    let changed = draft_spec != p.spec;
    let apply = {
        let (dispatch, proposed, spec) = (p.dispatch.clone(), proposed.clone(), draft_spec.clone());
        Callback::from(move |_| {
            proposed.set(Some(spec.clone()));
            dispatch.emit(Action::ProposeSpec(spec.clone()));
        })
    };
    let revert = {
        let (draft, spec) = (draft.clone(), p.spec.clone());
        Callback::from(move |_| draft.set(Arch::from_spec(&spec)))
    };
    // The session's refusal is shown while the draft is what was refused;
    // otherwise the live check speaks.
    let error: Option<(String, Option<Part>)> = match &checked {
        Err((e, part)) => Some((
            p.arch_error
                .clone()
                .filter(|_| proposed.as_ref() == Some(&draft_spec))
                .unwrap_or_else(|| {
                    format!("{e}. Apply would be refused; the running model is kept.")
                }),
            *part,
        )),
        Ok(_) => None,
    };
    // When refused, the blocks before the refused one still show their rows.
    let rows: Vec<PartRows> = match &checked {
        Ok(rows) => rows.clone(),
        Err((_, Some(Part::Block(i)))) => arch.rows_before(*i),
        Err((_, Some(Part::Classifier))) => arch.rows_before(usize::MAX),
        Err(_) => Vec::new(),
    };
    let rows_of = |part: Part| rows.iter().find(|r| r.part == part).cloned();
    let error_at = |part: Part| {
        error
            .as_ref()
            .filter(|(_, at)| *at == Some(part))
            .map(|(m, _)| html! { <p class="error-text arch-error" role="alert" data-testid="arch-error">{ "✗ " }{ m.clone() }</p> })
    };

    let blocks = arch.blocks.iter().enumerate().map(|(i, b)| {
        let set = |f: Rc<dyn Fn(&mut Block, usize)>, lo: usize, hi: usize| {
            let edit = edit.clone();
            Callback::from(move |t: String| {
                if let Some(v) = whole(&t, lo, hi) {
                    let f = f.clone();
                    edit(Box::new(move |a: &mut Arch| f(&mut a.blocks[i], v)))();
                }
            })
        };
        let filter_fields = b.filters.iter().enumerate().map(|(j, f)| html! {
            <NumberField label={format!("Filters {}", j + 1)} value={f.to_string()} min={Some(1.0)} max={Some(512.0)}
                testid={Some(AttrValue::from(format!("arch-filters-{i}-{j}")))}
                onchange={set(Rc::new(move |b, v| b.filters[j] = v), 0, 100_000)} />
        });
        let on_same = {
            let edit = edit.clone();
            Callback::from(move |e: Event| {
                if let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                    let same = sel.value() == "same";
                    edit(Box::new(move |a: &mut Arch| a.blocks[i].same = same))();
                }
            })
        };
        let remove = {
            let edit = edit.clone();
            Callback::from(move |_| edit(Box::new(move |a: &mut Arch| a.remove_block(i)))())
        };
        let pad_id = format!("arch-pad-{i}");
        html! {
            <fieldset class="arch-block" data-testid={format!("arch-block-{i}")}>
                <legend>{ format!("Block {}: ", i + 1) }<span class="muted">{ format!("{}× (conv + ReLU), then 2×2 max-pool", b.convs()) }</span></legend>
                <div class="row">
                    <NumberField label="Convs" value={b.convs().to_string()} min={Some(1.0)} max={Some(MAX_CONVS as f64)}
                        testid={Some(AttrValue::from(format!("arch-convs-{i}")))} onchange={set(Rc::new(|b, v| b.set_convs(v)), 1, MAX_CONVS)} />
                    <NumberField label="Kernel" value={b.kernel.to_string()} min={Some(1.0)} max={Some(15.0)}
                        testid={Some(AttrValue::from(format!("arch-kernel-{i}")))} onchange={set(Rc::new(|b, v| b.kernel = v), 0, 1000)} />
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
                { error_at(Part::Block(i)).unwrap_or_default() }
                { rows_of(Part::Block(i)).map(|r| layer_table(&r)).unwrap_or_default() }
            </fieldset>
        }
    });
    let on_hidden = {
        let edit = edit.clone();
        Callback::from(move |t: String| {
            if let Some(v) = whole(&t, 0, 100_000) {
                edit(Box::new(move |a: &mut Arch| a.hidden = v))();
            }
        })
    };
    let add = {
        let edit = edit.clone();
        Callback::from(move |_| edit(Box::new(|a: &mut Arch| a.add_block()))())
    };
    let total_params: u64 = rows.iter().map(|r| r.params).sum();
    let total_macs: u64 = rows.iter().map(|r| r.macs).sum();
    html! {
        <div class="arch-editor panel" data-testid="arch-editor" data-running-spec={p.spec.to_string()}
            data-draft-spec={draft_spec.to_string()} data-draft-valid={checked.is_ok().to_string()}>
            <h3>{ "Architecture" }</h3>
            <p class="muted">{ format!("Input: {}×{} pixels, {} channel(s).", arch.input.h, arch.input.w, arch.input.c) }</p>
            { for blocks }
            <div class="row">
                <button onclick={add} disabled={arch.blocks.len() >= MAX_BLOCKS} data-testid="arch-add-block">{ "+ Add block" }</button>
            </div>
            <fieldset class="arch-block classifier">
                <legend>{ "Classifier: " }<span class="muted">{ "flatten, optional hidden dense layer, then one score per class" }</span></legend>
                <div class="row">
                    <NumberField label="Hidden units (0 = none)" value={arch.hidden.to_string()} min={Some(0.0)} max={Some(8192.0)}
                        testid={Some(AttrValue::from("arch-hidden"))} onchange={on_hidden} />
                    <p class="muted">{ format!("Outputs: {} classes", arch.classes) }</p>
                </div>
                { error_at(Part::Classifier).unwrap_or_default() }
                { rows_of(Part::Classifier).map(|r| layer_table(&r)).unwrap_or_default() }
            </fieldset>
            if let Some((m, None)) = &error { <p class="error-text" role="alert" data-testid="arch-error">{ "✗ " }{ m.clone() }</p> }
            if checked.is_ok() {
                <p class="arch-totals" data-testid="arch-totals" data-params={total_params.to_string()} data-macs={total_macs.to_string()}>
                    <strong>{ "Total: " }</strong>{ format!("{} parameters, {} multiply-adds per image", thousands(total_params as u128), thousands(total_macs as u128)) }
                </p>
            }
            <div class="row">
                <button class="primary" onclick={apply} disabled={!changed || p.pending} data-testid="arch-apply">{ "Apply architecture" }</button>
                <button onclick={revert} disabled={!changed} data-testid="arch-revert">{ "Undo edits" }</button>
                if changed { <span class="muted">{ "Applying starts training again from new random weights." }</span> }
            </div>
            if p.pending {
                <div class="confirm" role="alertdialog" aria-labelledby="arch-confirm-text" data-testid="arch-confirm">
                    <p id="arch-confirm-text">{ "The new architecture needs new weights: the trained model will be lost (download it first to keep it)." }</p>
                    <div class="row">
                        <button class="primary" onclick={p.dispatch.reform(|_| Action::ConfirmSpec)} data-testid="arch-confirm-yes">{ "Switch and start over" }</button>
                        <button onclick={p.dispatch.reform(|_| Action::CancelSpec)} data-testid="arch-confirm-no">{ "Keep the trained model" }</button>
                    </div>
                </div>
            }
        </div>
    }
}

/// Rows of one part: layer, output shape, parameters, multiply-adds.
fn layer_table(r: &PartRows) -> Html {
    let region = match r.part {
        Part::Block(i) => format!("Block {} layer sizes", i + 1),
        Part::Classifier => "Classifier layer sizes".to_string(),
    };
    let name = |l: &LayerSpec| match *l {
        LayerSpec::Conv {
            filters,
            kernel,
            padding,
            ..
        } => {
            format!("conv {kernel}×{kernel}, {filters} filters, pad {padding}")
        }
        LayerSpec::MaxPool { size, .. } => format!("max-pool {size}×{size}"),
        LayerSpec::AvgPool { size, .. } => format!("average-pool {size}×{size}"),
        LayerSpec::Dense { units } => format!("dense, {units} units"),
        other => other.kind().stem().to_string(),
    };
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label={region}>
            <table class="layer-table">
                <thead><tr><th scope="col">{ "Layer" }</th><th scope="col">{ "Output" }</th><th scope="col">{ "Params" }</th><th scope="col">{ "Mult-adds" }</th></tr></thead>
                <tbody>
                    { for r.layers.iter().filter(|l| !matches!(l.spec, LayerSpec::Relu)).map(|l| html! {
                        <tr data-layer={l.name.clone()} data-shape={l.output.to_string()}>
                            <td>{ format!("{} · {}", l.name, name(&l.spec)) }</td>
                            <td>{ format!("{}×{}×{}", l.output.c, l.output.h, l.output.w) }</td>
                            <td>{ thousands(l.params as u128) }</td>
                            <td>{ thousands(l.macs as u128) }</td>
                        </tr>
                    }) }
                    <tr class="subtotal"><td>{ "subtotal" }</td><td></td>
                        <td>{ thousands(r.params as u128) }</td><td>{ thousands(r.macs as u128) }</td></tr>
                </tbody>
            </table>
        </div>
    }
}
