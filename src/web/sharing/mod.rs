//! Weight sharing, shown: one first-layer filter slides over the input,
//! position by position, while its output map fills in. Play/pause, step
//! buttons and a slider (all keyboard operable) drive a pure `Player`.

mod controls;
mod player;
mod stage;
mod window;

use crate::panels::sharing::{apply, counts, revealed, Slide};
use crate::web::hooks::seen::use_seen;
use controls::ShareControls;
use player::use_player;
use stage::ShareStage;
use std::rc::Rc;
use window::Counts as CountsView;
use yew::prelude::*;

#[component]
pub fn SharingPanel() -> Html {
    let seen = use_seen();
    let filter = use_state(|| 0usize);
    let speed = use_state(|| 1usize);
    let player = use_player(*speed);
    let seen = match seen {
        Ok(s) => s,
        Err(msg) => {
            return html! { <div class="panel sharing-panel"><p class="muted" role="status">{ msg }</p></div> }
        }
    };
    let Some((li, info)) = seen
        .info
        .iter()
        .enumerate()
        .find(|(_, i)| Slide::of(i).is_some())
    else {
        return html! { <div class="panel sharing-panel"><p>{ "This network has no convolution layer to animate." }</p></div> };
    };
    let slide = Slide::of(info).expect("found as a conv layer");
    let p = player.resize(slide.steps());
    if p != *player {
        player.set(p);
    }
    let f = (*filter).min(info.output.c - 1);
    let (weights, biases) = &seen.params[li];
    let (k, c_in) = (slide.kernel, slide.input.c);
    let w = &weights[f * c_in * k * k..(f + 1) * c_in * k * k];
    let img = &seen.maps[li].images[f];
    let step = p.step;
    let patch = slide.patch(&seen.input, step);
    let value = apply(&patch, w, biases[f]);
    let c = counts(info).expect("conv layer");
    html! {
        <div class="panel sharing-panel" data-testid="sharing" data-step={step.to_string()}
            data-steps={slide.steps().to_string()}>
            <h3>{ format!("One filter of {}, sliding over {}", info.name, seen.input_name) }</h3>
            <ShareControls filters={info.output.c} filter={f} speed={*speed} row={slide.out_w}
                player={p} unit={slide.unit(step)} onfilter={filter.setter().to_callback()}
                onspeed={speed.setter().to_callback()} onplayer={player.setter().to_callback()} />
            <ShareStage input={seen.input.clone()} input_hw={(slide.input.h, slide.input.w)}
                input_name={seen.input_name.clone()} window={(slide.window(step), info.name.clone())}
                patch={patch} weights={w.to_vec()} bias={biases[f]} {value} kernel={k} channels={c_in}
                partial={Rc::new(revealed(&img.rgba, step))} out_hw={(img.h, img.w)} filter={f}
                unit={slide.unit(step)} />
            <p class="share-claim"><strong>{ format!(
                "The same {} numbers ({k}x{k}x{c_in} weights and 1 bias) are used at every one of the {} positions.",
                c.one_filter, slide.steps()) }</strong>
                { " Only the pixels under the window change; the filter does not." }</p>
            <CountsView counts={c} name={info.name.clone()} filters={info.output.c}
                input={format!("{}x{}x{}", slide.input.h, slide.input.w, c_in)} />
        </div>
    }
}
