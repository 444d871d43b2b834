//! The calculator's four counts on a log-scale bar chart (plotters): each
//! step up the axis is ten times more, so 2,800 and 300 million fit on one
//! chart. Bars carry their names and values as text, not only colour.

use crate::calc::{compact, CalcOutput};
use crate::calcform::{axis_top, bars, power_label};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

const W: u32 = 640;
const H: u32 = 300;
const DENSE: RGBColor = RGBColor(0xb3, 0x26, 0x1e);
const CONV: RGBColor = RGBColor(0x0b, 0x57, 0xd0);

#[derive(Properties, PartialEq)]
pub struct LogChartProps {
    pub output: CalcOutput,
}

fn draw(canvas: HtmlCanvasElement, out: &CalcOutput) -> Option<()> {
    let bars = bars(out);
    let top = axis_top(&bars);
    let root = CanvasBackend::with_canvas_object(canvas)?.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let n = bars.len() as u32;
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(84)
        .build_cartesian_2d((0u32..n - 1).into_segmented(), 0f64..top as f64 + 0.7)
        .ok()?;
    let names: Vec<&str> = bars.iter().map(|b| b.label).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(top as usize + 1)
        .y_label_formatter(&|v| {
            // Only whole powers of ten get a label.
            if (v - v.round()).abs() < 1e-6 && *v <= top as f64 {
                power_label(v.round().max(0.0) as u32)
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i as usize).copied().unwrap_or("").into(),
            _ => String::new(),
        })
        .label_style(("sans-serif", 15))
        .draw()
        .ok()?;
    for (i, b) in bars.iter().enumerate() {
        let colour = if b.dense { DENSE } else { CONV };
        let i = i as u32;
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(colour.mix(0.85).filled())
                    .margin(18)
                    .data(std::iter::once((i, b.log10))),
            )
            .ok()?;
        chart
            .draw_series(std::iter::once(Text::new(
                compact(b.value),
                (SegmentValue::CenterOf(i), b.log10 + top as f64 * 0.01),
                ("sans-serif", 15)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )))
            .ok()?;
    }
    root.present().ok()
}

/// The four counts on a log scale.
#[component]
pub fn LogChart(p: &LogChartProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.output.clone(), move |out| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                draw(c, out);
            }
        });
    }
    let label = format!(
        "Log-scale bar chart: dense weights {}, conv weights {}, dense multiply-adds {}, conv multiply-adds {}. Each step up the axis is ten times more.",
        compact(p.output.dense.params),
        compact(p.output.conv.params),
        compact(p.output.dense.macs),
        compact(p.output.conv.macs)
    );
    html! {
        <figure class="calc-chart">
            <canvas ref={node} width={W.to_string()} height={H.to_string()} role="img"
                aria-label={label} data-testid="calc-chart" />
            <figcaption class="muted small">
                { "Log scale: every gridline is ten times the one below it. Red: dense; blue: convolution." }
            </figcaption>
        </figure>
    }
}
