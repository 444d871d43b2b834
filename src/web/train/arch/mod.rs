//! The architecture editor: blocks of convolutions + a 2x2 max-pool, then a
//! classifier, with each layer's output shape, parameters and multiply-adds
//! from the core's counting code.
//!
//! Edits go to a local draft, checked live; "Apply" proposes it to the
//! session, which refuses an invalid one (the running model stays) and asks
//! before throwing away trained weights.

mod apply;
mod block;
mod classifier;
mod footer;
mod layers;

use crate::core::numfmt::sentence;
use crate::core::ModelSpec;
use crate::panels::train::arch::{Arch, Part, PartRows, MAX_BLOCKS};
use crate::session::Action;
use apply::ApplyBar;
use block::BlockFields;
use classifier::ClassifierFields;
use std::rc::Rc;
use yew::prelude::*;

/// One change to the draft.
pub type Edit = Rc<dyn Fn(&mut Arch)>;

/// Reads a whole number in `lo..=hi` typed into a field.
fn whole(text: &str, lo: usize, hi: usize) -> Option<usize> {
    text.trim().parse().ok().filter(|v| (lo..=hi).contains(v))
}

/// A callback that sends the edit `f` makes of its event, if it makes one.
fn edit_if<T: 'static>(
    onedit: &Callback<Edit>,
    f: impl Fn(T) -> Option<Edit> + 'static,
) -> Callback<T> {
    let onedit = onedit.clone();
    Callback::from(move |t: T| {
        if let Some(edit) = f(t) {
            onedit.emit(edit);
        }
    })
}

/// What the live check says about a draft.
struct Verdict {
    valid: bool,
    /// Every part checks out, so the totals can be shown (even over budget).
    complete: bool,
    /// Why Apply would be refused, and the part at fault (none: the whole).
    error: Option<String>,
    at: Option<Part>,
    /// Layer rows of the parts that check out.
    rows: Vec<PartRows>,
}

/// Checks `arch`; the session's `refused` message, when it refused this very
/// draft, speaks instead of the live check.
fn verdict(arch: &Arch, refused: Option<String>) -> Verdict {
    match arch.check() {
        // A draft that validates can still be over the core's budget: say so
        // before Apply, with the same figure and limit Apply would give.
        Ok(rows) => match crate::core::budget::check(&arch.to_spec(), 1) {
            Ok(_) => Verdict {
                valid: true,
                complete: true,
                error: None,
                at: None,
                rows,
            },
            Err(e) => Verdict {
                valid: false,
                complete: true,
                error: Some(refused.unwrap_or_else(|| {
                    format!(
                        "{}. Apply would be refused; the running model is kept.",
                        sentence(&e.to_string())
                    )
                })),
                at: None,
                rows,
            },
        },
        Err((e, at)) => Verdict {
            valid: false,
            complete: false,
            error: Some(refused.unwrap_or_else(|| {
                format!(
                    "{}. Apply would be refused; the running model is kept.",
                    sentence(&e.to_string())
                )
            })),
            at,
            // The blocks before the refused one still show their rows.
            rows: match at {
                Some(Part::Block(i)) => arch.rows_before(i),
                Some(Part::Classifier) => arch.rows_before(usize::MAX),
                None => Vec::new(),
            },
        },
    }
}

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
        return not_in_blocks(&p.spec, draft.setter());
    };
    let onedit = {
        let (draft, arch) = (draft.clone(), arch.clone());
        Callback::from(move |f: Edit| {
            let mut next = arch.clone();
            f(&mut next);
            draft.set(Some(next));
        })
    };
    let draft_spec = arch.to_spec();
    let changed = draft_spec != p.spec;
    let onapply = {
        let (dispatch, proposed, spec) = (p.dispatch.clone(), proposed.clone(), draft_spec.clone());
        Callback::from(move |_| {
            proposed.set(Some(spec.clone()));
            dispatch.emit(Action::ProposeSpec(spec.clone()));
        })
    };
    let onrevert = {
        let (draft, spec) = (draft.clone(), p.spec.clone());
        Callback::from(move |_| draft.set(Arch::from_spec(&spec)))
    };
    // The session's refusal is shown while the draft is what was refused.
    let refused = (proposed.as_ref() == Some(&draft_spec)).then(|| p.arch_error.clone());
    let Verdict {
        valid,
        complete,
        error,
        at,
        rows,
    } = verdict(&arch, refused.flatten());
    let rows_of = |part: Part| rows.iter().find(|r| r.part == part).cloned();
    let error_at = |part: Part| error.clone().filter(|_| at == Some(part));
    let totals = complete.then(|| {
        (
            rows.iter().map(|r| r.params).sum(),
            rows.iter().map(|r| r.macs).sum(),
        )
    });
    let add = onedit.reform(|_: MouseEvent| Rc::new(|a: &mut Arch| a.add_block()) as Edit);
    html! {
        <div class="arch-editor panel" data-testid="arch-editor" data-running-spec={p.spec.to_string()}
            data-draft-spec={draft_spec.to_string()} data-draft-valid={valid.to_string()}>
            <h3>{ "Architecture" }</h3>
            <p class="muted">{ format!("Input: {}×{} pixels, {} channel(s).", arch.input.h, arch.input.w, arch.input.c) }</p>
            { for arch.blocks.iter().enumerate().map(|(i, b)| html! {
                <BlockFields index={i} block={b.clone()} error={error_at(Part::Block(i))}
                    rows={rows_of(Part::Block(i))} onedit={onedit.clone()} />
            }) }
            <div class="row">
                <button onclick={add} disabled={arch.blocks.len() >= MAX_BLOCKS} data-testid="arch-add-block">{ "+ Add block" }</button>
            </div>
            <ClassifierFields hidden={arch.hidden} classes={arch.classes} error={error_at(Part::Classifier)}
                rows={rows_of(Part::Classifier)} onedit={onedit.clone()} />
            if let (Some(m), None) = (&error, at) { <p class="error-text" role="alert" data-testid="arch-error"><span class="sym-cross" aria-hidden="true"></span>{ m.clone() }</p> }
            <ApplyBar {totals} {changed} pending={p.pending} {onapply} {onrevert} dispatch={p.dispatch.clone()} />
        </div>
    }
}

/// A running model the block editor cannot show, and a way back to blocks.
fn not_in_blocks(spec: &ModelSpec, draft: UseStateSetter<Option<Arch>>) -> Html {
    let to_default = Callback::from(move |_| draft.set(Arch::from_spec(&ModelSpec::default_cnn())));
    html! {
        <div class="arch-editor panel" data-testid="arch-editor" data-running-spec={spec.to_string()}>
            <h3>{ "Architecture" }</h3>
            <p>{ format!("The running model ({spec}) is not in block form, so the block editor cannot show it.") }</p>
            <button onclick={to_default}>{ "Start from the default blocks" }</button>
        </div>
    }
}
