//! Results of the last held-out evaluation: a gallery of predictions, the
//! confusion matrix, and the most confidently wrong digits. Clicking a digit
//! makes it the input the feature-map view shows.
//!
//! Everything shown is prepared once per evaluation ([`ResultsData`], built
//! by the panel in a memo); this component re-renders only when that or the
//! selection changes.

use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::panels::train::gallery::{
    cell_tone, confused_pairs, most_confused, row_shares, sample, Item,
};
use crate::session::Session;
use std::rc::Rc;
use yew::prelude::*;

/// Digits in the prediction gallery and in the most-confused gallery.
const SAMPLE: usize = 16;
const CONFUSED: usize = 8;

/// One gallery digit with its greyscale pixels.
#[derive(Clone, Debug)]
pub struct Shown {
    pub item: Item,
    pub rgba: Rc<Vec<u8>>,
}

/// What one evaluation gives the results views.
#[derive(Debug, Default)]
pub struct ResultsData {
    /// `Session::eval_version` it was built from (the identity for props).
    pub version: u64,
    pub evaluated: usize,
    pub accuracy: f32,
    pub sample: Vec<Shown>,
    pub confused: Vec<Shown>,
    pub confusion: Vec<Vec<u32>>,
    pub shares: Vec<Vec<f32>>,
    pub pairs: Vec<(usize, usize, u32)>,
}

impl PartialEq for ResultsData {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// What the results views show for the current evaluation.
pub fn results_data(s: &Session, version: u64) -> ResultsData {
    let (Some(eval), Some(test)) = (s.eval.as_ref(), s.test.as_ref()) else {
        return ResultsData {
            version,
            ..ResultsData::default()
        };
    };
    let shown = |items: Vec<Item>| {
        items
            .into_iter()
            .filter(|it| it.index < test.len())
            .map(|item| Shown {
                rgba: Rc::new(to_rgba(
                    test.image(item.index),
                    Scale::Gray,
                    Range { lo: 0.0, hi: 1.0 },
                )),
                item,
            })
            .collect::<Vec<_>>()
    };
    ResultsData {
        version,
        evaluated: eval.predictions.len(),
        accuracy: eval.accuracy,
        sample: shown(sample(eval, &test.labels, SAMPLE)),
        confused: shown(most_confused(eval, &test.labels, CONFUSED)),
        shares: row_shares(&eval.confusion),
        pairs: confused_pairs(&eval.confusion, 3),
        confusion: eval.confusion.clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub data: Rc<ResultsData>,
    pub selected: Option<usize>,
    pub onselect: Callback<usize>,
}

#[component]
pub fn Results(p: &ResultsProps) -> Html {
    let d = &p.data;
    if d.evaluated == 0 {
        return html! {
            <div class="train-results panel" data-testid="train-results" data-evaluated="0">
                <h3>{ "Results on the held-out digits" }</h3>
                <p class="muted">{ "Waiting for the first evaluation of the held-out set…" }</p>
            </div>
        };
    }
    let wrong = d
        .confusion
        .iter()
        .enumerate()
        .map(|(t, r)| r.iter().sum::<u32>() - r[t])
        .sum::<u32>();
    html! {
        <div class="train-results panel" data-testid="train-results" data-evaluated={d.evaluated.to_string()}>
            <h3>{ format!("Results on {} held-out digits", d.evaluated) }</h3>
            <p class="muted">{ "Click or tap a digit to look inside the network with it (feature maps below). ✓ = right, ✗ = wrong; the bars are the top three probabilities." }</p>
            <h4>{ "A sample of predictions" }</h4>
            { gallery(&d.sample, p, "gallery-sample") }
            <div class="grid-2">
                <div>
                    <h4>{ "Confusion matrix" }</h4>
                    { matrix(d) }
                </div>
                <div>
                    <h4>{ format!("Most confused: {wrong} mistakes in all") }</h4>
                    if d.pairs.is_empty() {
                        <p>{ "No mistakes on the held-out set." }</p>
                    } else {
                        <ul class="pairs" data-testid="confused-pairs">
                            { for d.pairs.iter().map(|(t, pr, c)| html! {
                                <li>{ format!("a {t} read as {pr}: {c} time{}", if *c == 1 { "" } else { "s" }) }</li>
                            }) }
                        </ul>
                    }
                    <p class="muted">{ "The digits it got wrong most confidently:" }</p>
                    { gallery(&d.confused, p, "gallery-confused") }
                </div>
            </div>
        </div>
    }
}

fn gallery(items: &[Shown], p: &ResultsProps, testid: &'static str) -> Html {
    html! {
        <ul class="gallery" data-testid={testid}>
            { for items.iter().map(|s| {
                let it = &s.item;
                let index = it.index;
                let onclick = p.onselect.reform(move |_: MouseEvent| index);
                let verdict = if it.correct { "correct" } else { "wrong" };
                let label = format!(
                    "Test digit {index}: a {}, predicted {} ({verdict}, {:.0}% sure)",
                    it.label, it.predicted, it.top.first().map(|t| t.1 * 100.0).unwrap_or(0.0)
                );
                let selected = p.selected == Some(index);
                html! {
                    <li>
                        <button class={classes!("digit", if it.correct { "good" } else { "bad" }, selected.then_some("selected"))}
                            {onclick} aria-pressed={selected.to_string()}
                            data-testid="gallery-item" data-index={index.to_string()} data-correct={it.correct.to_string()}>
                            <crate::web::widgets::Pixels rgba={s.rgba.clone()} w={28} h={28} display={56}
                                label={AttrValue::from(format!("handwritten {}", it.label))} />
                            <span class="sr-only">{ label }</span>
                            <span class="verdict" aria-hidden="true">
                                { if it.correct { "✓ " } else { "✗ " } }{ it.predicted }
                                if !it.correct { <span class="truth">{ format!(" (is {})", it.label) }</span> }
                            </span>
                            <span class="top3" aria-hidden="true">
                                { for it.top.iter().map(|(c, pr)| html! {
                                    <span class="prob">
                                        <span class="prob-class">{ c }</span>
                                        <span class="prob-bar"><span style={format!("width:{:.0}%", pr * 100.0)}></span></span>
                                        <span class="prob-val">{ format!("{:.0}%", pr * 100.0) }</span>
                                    </span>
                                }) }
                            </span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

fn matrix(d: &ResultsData) -> Html {
    let range = Range { lo: -1.0, hi: 1.0 };
    let k = d.confusion.len();
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Confusion matrix, scrollable">
            <table class="confusion" data-testid="confusion-matrix">
                <caption class="muted">{ "Rows: the true digit. Columns: what the network said. The diagonal (blue) is right; red cells are mistakes." }</caption>
                <thead>
                    <tr><th scope="col" class="corner"><span class="sr-only">{ "true digit, then what it was read as" }</span></th>
                        { for (0..k).map(|c| html! { <th scope="col">{ c }</th> }) }</tr>
                </thead>
                <tbody>
                    { for d.confusion.iter().enumerate().map(|(t, row)| html! {
                        <tr>
                            <th scope="row">{ t }</th>
                            { for row.iter().enumerate().map(|(pr, &c)| {
                                let tone = cell_tone(d.shares[t][pr], t == pr);
                                let [r, g, b, _] = Scale::Diverging.color(tone, range);
                                let ink = if tone.abs() > 0.6 { "#fff" } else { "#16181d" };
                                html! {
                                    <td style={format!("background:rgb({r},{g},{b});color:{ink}")}
                                        class={classes!((t == pr).then_some("diag"))}
                                        title={format!("true {t}, said {pr}: {c}")}>{ c }</td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
