//! The start button: the only part of the race panel that reads the shared
//! session (for the digits), so only it re-renders when training elsewhere
//! changes the session, not the charts.

use crate::panels::race::{Race, RaceConfig};
use crate::web::hooks::lab::use_lab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StartButtonProps {
    pub subset: usize,
    pub epochs: usize,
    pub disabled: bool,
    pub label: AttrValue,
    /// A new race, ready to run, or why there is none.
    pub onstart: Callback<Result<Race, String>>,
}

#[component]
pub fn StartButton(p: &StartButtonProps) -> Html {
    let lab = use_lab();
    let onclick = {
        let (onstart, subset, epochs) = (p.onstart.clone(), p.subset, p.epochs);
        Callback::from(move |_: MouseEvent| {
            let made = {
                let s = lab.read();
                match (s.train.as_ref(), s.test.as_ref()) {
                    (Some(train), Some(test)) => {
                        let cfg = RaceConfig {
                            epochs,
                            ..RaceConfig::for_subset(subset)
                        };
                        Race::new(train, test, cfg)
                    }
                    _ => Err("the digits have not loaded yet; try again in a moment".into()),
                }
            };
            onstart.emit(made);
        })
    };
    html! {
        <button class="primary" data-testid="race-start" {onclick} disabled={p.disabled}>{ p.label.clone() }</button>
    }
}
