//! The live chart: both scores against the cat's horizontal position.
//!
//! Thin lines are a sweep of the cat along its starting row (computed once);
//! the markers are the places the person actually dragged the cat to. The
//! conv score (circles) stays flat; the dense score (crosses) has one spike,
//! at the position its weights were fitted to.

use crate::panels::cat::view::Sample;
use crate::web::widgets::chart::{use_chart, DrawResult, Frame, Layout};
use plotters::prelude::*;
use std::rc::Rc;
use yew::prelude::*;

const HEIGHT_PX: f64 = 240.0;
/// Blue and orange stay apart for the common colour blindnesses; the
/// marker shapes (circle, cross) carry the same meaning without colour.
const CONV: RGBColor = RGBColor(0x0b, 0x57, 0xd0);
const DENSE: RGBColor = RGBColor(0xd9, 0x5f, 0x02);

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// `(x, conv, dense)` along the start row.
    pub sweep: Rc<Vec<(usize, f32, f32)>>,
    pub samples: Rc<Vec<Sample>>,
    /// Largest x a cat can take.
    pub max_x: usize,
    pub label: AttrValue,
}

#[component]
pub fn ScoreChart(p: &ChartProps) -> Html {
    let data = (p.sweep.clone(), p.samples.clone(), p.max_x);
    let node = use_chart(data, HEIGHT_PX, draw);
    html! {
        <figure class="chart cat-chart">
            <canvas ref={node} role="img" aria-label={p.label.clone()} data-testid="cat-chart" />
            <figcaption>
                <span class="key key-conv">{ "● conv score (global max pool)" }</span>
                <span class="key key-dense">{ "✕ dense neuron" }</span>
                <span class="muted">{ " — markers: where you dragged; thin lines: the cat slid along its starting row" }</span>
            </figcaption>
        </figure>
    }
}

/// What the chart draws: the sweep, the dragged-to places, the scene width.
type Data = (Rc<Vec<(usize, f32, f32)>>, Rc<Vec<Sample>>, usize);

fn draw(f: &Frame, (sweep, samples, max_x): &Data) -> DrawResult {
    let lo = sweep
        .iter()
        .map(|s| s.2)
        .chain(samples.iter().map(|s| s.dense))
        .fold(0.0f32, f32::min) as f64
        - 0.05;
    let x_max = (*max_x).max(1) as f64;
    let mut chart = f.plot(Layout::new(40.0, 44.0), 0f64..x_max, lo..1.15f64)?;
    f.mesh(&mut chart)
        .x_desc("cat's x position (scene pixels)")
        .y_desc("score")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()?;
    let thin = |c: RGBColor| c.mix(0.55).stroke_width(f.size(1.5));
    chart.draw_series(LineSeries::new(
        sweep.iter().map(|s| (s.0 as f64, s.1 as f64)),
        thin(CONV),
    ))?;
    chart.draw_series(LineSeries::new(
        sweep.iter().map(|s| (s.0 as f64, s.2 as f64)),
        thin(DENSE),
    ))?;
    let r = f.px(3.5);
    chart.draw_series(
        samples
            .iter()
            .map(|s| Circle::new((s.x as f64, s.conv as f64), r, CONV.filled())),
    )?;
    chart.draw_series(samples.iter().map(|s| {
        Cross::new(
            (s.x as f64, s.dense as f64),
            r,
            DENSE.stroke_width(f.size(2.0)),
        )
    }))?;
    Ok(())
}
