//! Where the model on the page came from, as the Train section opens: read
//! from the session and worded by `crate::panels::train::status`.

use crate::panels::train::status::{counts, origin_sentence, Origin};
use crate::web::hooks::kept_height::use_kept_height;
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[component]
pub fn ModelOrigin() -> Html {
    let lab = use_lab();
    let node = use_node_ref();
    let s = lab.read();
    let total = s.test.as_ref().map(|t| t.len() as u64).unwrap_or(0);
    // The first held-out check of these weights, before any training here:
    // the current evaluation while nothing has trained, else the history's
    // point at 0 images (its ratio times the count gives back the count).
    let first_check = if s.images_seen() == 0 {
        s.eval.as_ref().map(|e| counts(&e.confusion))
    } else {
        s.history
            .test
            .first()
            .filter(|p| p.images_seen == 0 && total > 0)
            .map(|p| (((p.accuracy as f64) * total as f64).round() as u64, total))
    };
    let origin = Origin {
        loaded_from: s.loaded_from.as_deref(),
        seed: s.seed(),
        images_seen: s.images_seen(),
        first_check,
    };
    let sentence = origin_sentence(&origin);
    // After Reset the sentence gets shorter; its room stays, so the Train
    // controls below it do not jump up under the reader's finger.
    use_kept_height(node.clone(), sentence.clone());
    html! {
        <p ref={node} data-testid="model-origin" data-loaded={s.loaded_from.is_some().to_string()}>
            { sentence }
        </p>
    }
}
