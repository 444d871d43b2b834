//! The ten class probabilities as a bar chart (plotters on a canvas).
//! The predicted class gets a darker, outlined bar, and the text alternative
//! lists every probability, so colour is never the only carrier.

use crate::panels::draw::sketch::Reading;
use crate::web::widgets::chart::{use_chart, DrawResult, Frame, Layout};
use plotters::prelude::*;
use yew::prelude::*;

/// Displayed height in CSS pixels.
const HEIGHT: f64 = 230.0;
const BAR: RGBColor = RGBColor(0x8a, 0xb4, 0xf8);
const TOP: RGBColor = RGBColor(0x0b, 0x57, 0xd0);

#[derive(Properties, PartialEq)]
pub struct ProbChartProps {
    pub reading: Option<Reading>,
}

fn draw(f: &Frame, reading: &Option<Reading>) -> DrawResult {
    let zeros = vec![0.0; 10];
    let probs = reading.as_ref().map(|r| &r.probs[..]).unwrap_or(&zeros);
    let top = reading.as_ref().map(|r| r.digit);
    let layout = Layout::new(40.0, 52.0);
    let mut chart = f.plot(layout, (0u32..9u32).into_segmented(), 0f32..1f32)?;
    f.mesh(&mut chart)
        .disable_x_mesh()
        .y_labels(5)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(d) => d.to_string(),
            _ => String::new(),
        })
        .x_desc("digit")
        .draw()?;
    let bars = |pick: bool| {
        probs
            .iter()
            .enumerate()
            .filter(move |(i, _)| (Some(*i) == top) == pick)
            .map(|(i, p)| (i as u32, *p))
    };
    for (colour, pick) in [(BAR, false), (TOP, true)] {
        chart.draw_series(
            Histogram::vertical(&chart)
                .style(colour.filled())
                .margin(f.size(6.0))
                .data(bars(pick)),
        )?;
    }
    Ok(())
}

/// Bar chart of the reading's probabilities (all zero before a drawing).
#[component]
pub fn ProbChart(p: &ProbChartProps) -> Html {
    let node = use_chart(p.reading.clone(), HEIGHT, draw);
    let label = match &p.reading {
        None => "Probabilities of the ten digits: nothing drawn yet.".to_string(),
        Some(r) => format!(
            "Probabilities of the ten digits: {}.",
            r.probs
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{i}: {:.0}%", p * 100.0))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    html! {
        <canvas ref={node} class="prob-chart" role="img" aria-label={label} data-testid="prob-chart" />
    }
}
