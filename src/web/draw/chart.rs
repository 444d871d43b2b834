//! The ten class probabilities as a bar chart (plotters on a canvas).
//! The predicted class gets a darker, outlined bar, and the text alternative
//! lists every probability, so colour is never the only carrier.

use crate::panels::draw::sketch::Reading;
use crate::web::widgets::fit_canvas;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Displayed height in CSS pixels.
const HEIGHT: f64 = 230.0;
const BAR: RGBColor = RGBColor(0x8a, 0xb4, 0xf8);
const TOP: RGBColor = RGBColor(0x0b, 0x57, 0xd0);

#[derive(Properties, PartialEq)]
pub struct ProbChartProps {
    pub reading: Option<Reading>,
}

fn draw(canvas: HtmlCanvasElement, probs: &[f32], top: Option<usize>) -> Option<()> {
    let k = fit_canvas(&canvas, HEIGHT);
    let px = |v: f64| (v * k) as u32;
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let mut chart = ChartBuilder::on(&root)
        .margin(px(8.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(52.0))
        .build_cartesian_2d((0u32..9u32).into_segmented(), 0f32..1f32)
        .ok()?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(5)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(d) => d.to_string(),
            _ => String::new(),
        })
        .x_desc("digit")
        .label_style(("sans-serif", 15.0 * k))
        .axis_desc_style(("sans-serif", 14.0 * k))
        .draw()
        .ok()?;
    let bars = |pick: bool| {
        probs
            .iter()
            .enumerate()
            .filter(move |(i, _)| (Some(*i) == top) == pick)
            .map(|(i, p)| (i as u32, *p))
    };
    chart
        .draw_series(
            Histogram::vertical(&chart)
                .style(BAR.filled())
                .margin(px(6.0))
                .data(bars(false)),
        )
        .ok()?;
    chart
        .draw_series(
            Histogram::vertical(&chart)
                .style(TOP.filled())
                .margin(px(6.0))
                .data(bars(true)),
        )
        .ok()?;
    root.present().ok()
}

/// Bar chart of the reading's probabilities (all zero before a drawing).
#[component]
pub fn ProbChart(p: &ProbChartProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.reading.clone(), move |r| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                let zeros = vec![0.0; 10];
                let probs = r.as_ref().map(|r| &r.probs[..]).unwrap_or(&zeros);
                draw(c, probs, r.as_ref().map(|r| r.digit));
            }
        });
    }
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
