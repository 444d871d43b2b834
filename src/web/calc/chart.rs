//! The calculator's four counts on a log-scale bar chart (plotters): each
//! step along the axis is ten times more, so 2,800 and 300 million fit on one
//! chart. Bars carry their names and values as text, not only colour.

use crate::panels::calc::form::{axis_top, bars, power_label};
use crate::panels::calc::{compact, CalcOutput};
use crate::web::widgets::chart::{use_chart, DrawResult, Frame, Layout, TEXT_PX};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use yew::prelude::*;

/// Displayed height in CSS pixels.
const HEIGHT: f64 = 230.0;
const DENSE: RGBColor = RGBColor(0xb3, 0x26, 0x1e);
const CONV: RGBColor = RGBColor(0x0b, 0x57, 0xd0);

#[derive(Properties, PartialEq)]
pub struct LogChartProps {
    pub output: CalcOutput,
}

fn draw(f: &Frame, out: &CalcOutput) -> DrawResult {
    let bars = bars(out);
    let top = axis_top(&bars);
    // Label every power of ten when there is room, else every 2nd or 3rd.
    let every = ((top as f64 + 1.0) / ((f.css_width() - 150.0) / 72.0).max(1.0))
        .ceil()
        .max(1.0) as u32;
    let n = bars.len() as u32;
    let layout = Layout::new(30.0, 118.0).right(22.0);
    let mut chart = f.plot(layout, 0f64..top as f64, (0u32..n - 1).into_segmented())?;
    let names: Vec<&str> = bars.iter().map(|b| b.label).collect();
    f.mesh(&mut chart)
        .disable_y_mesh()
        // No minor lines: on a log axis they would look like even steps.
        .light_line_style(TRANSPARENT)
        .bold_line_style(BLACK.mix(0.18))
        .x_labels(top as usize + 1)
        .x_label_formatter(&|v| {
            // Only whole powers of ten get a label.
            let p = v.round();
            if (v - p).abs() < 1e-6 && p >= 0.0 && (p as u32).is_multiple_of(every) {
                power_label(p as u32)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i as usize).copied().unwrap_or("").into(),
            _ => String::new(),
        })
        .draw()?;
    for (i, b) in bars.iter().enumerate() {
        let colour = if b.dense { DENSE } else { CONV };
        let i = i as u32;
        chart.draw_series(
            Histogram::horizontal(&chart)
                .style(colour.filled())
                .margin(f.size(9.0))
                .data(std::iter::once((i, b.log10))),
        )?;
        // Long bars carry their value inside, in white; short ones beside.
        let inside = b.log10 > top as f64 * 0.55;
        let (x, anchor, ink) = if inside {
            (b.log10 - top as f64 * 0.015, HPos::Right, WHITE)
        } else {
            (b.log10 + top as f64 * 0.015, HPos::Left, BLACK)
        };
        chart.draw_series(std::iter::once(Text::new(
            compact(b.value),
            (x, SegmentValue::CenterOf(i)),
            f.font(TEXT_PX)
                .into_font()
                .color(&ink)
                .pos(Pos::new(anchor, VPos::Center)),
        )))?;
    }
    Ok(())
}

/// The four counts on a log scale.
#[component]
pub fn LogChart(p: &LogChartProps) -> Html {
    let node = use_chart(p.output.clone(), HEIGHT, draw);
    let label = format!(
        "Log-scale bar chart: dense weights {}, conv weights {}, dense multiply-adds {}, conv multiply-adds {}. Each step along the axis is ten times more.",
        compact(p.output.dense.params),
        compact(p.output.conv.params),
        compact(p.output.dense.macs),
        compact(p.output.conv.macs)
    );
    html! {
        <figure class="calc-chart">
            <canvas ref={node} role="img"
                aria-label={label} data-testid="calc-chart" />
            <figcaption class="muted small">
                { "Log scale: every gridline is ten times the one before it. Red: dense; blue: convolution." }
            </figcaption>
        </figure>
    }
}
