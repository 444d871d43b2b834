//! The race's two charts: accuracy against epochs (both networks, training
//! dashed, held-out solid) and held-out accuracy against shift.

use crate::panels::race::{EpochPoint, NAMES};
use crate::web::widgets::chart::{use_chart, DrawResult, Frame, Layout};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use yew::prelude::*;

const HEIGHT_PX: f64 = 250.0;
/// The note on the empty shift chart, in CSS pixels.
const NOTE_PX: f64 = 15.0;
/// MLP orange, CNN blue (apart for the common colour blindnesses); the
/// networks also differ in marker shape (triangle, circle) and the legend.
const COLORS: [RGBColor; 2] = [RGBColor(0xd9, 0x5f, 0x02), RGBColor(0x0b, 0x57, 0xd0)];

/// What the charts draw: per network, its curve and its shift accuracies.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChartData {
    pub curves: Vec<Vec<EpochPoint>>,
    pub shifts: Vec<Vec<f32>>,
    pub epochs: usize,
    pub params: Vec<u64>,
}

#[derive(Properties, PartialEq)]
pub struct RaceChartsProps {
    pub data: Rc<ChartData>,
    pub curves_label: AttrValue,
    pub shift_label: AttrValue,
}

#[component]
pub fn RaceCharts(p: &RaceChartsProps) -> Html {
    let acc = use_chart(p.data.clone(), HEIGHT_PX, draw_curves);
    let shift = use_chart(p.data.clone(), HEIGHT_PX, draw_shift);
    let key = |i: usize, what: &str| {
        let shape = if i == 0 { "sym-tri" } else { "sym-dot" };
        html! { <span class={format!("key race-key-{}", NAMES[i].to_ascii_lowercase())}><span class={shape} aria-hidden="true"></span>{ format!("{} {what}", NAMES[i]) }</span> }
    };
    html! {
        <div class="grid-2 race-charts">
            <figure class="chart">
                <canvas ref={acc} role="img" aria-label={p.curves_label.clone()} data-testid="race-chart-accuracy" />
                <figcaption>
                    { key(0, "") }{ key(1, "") }
                    <span class="muted">{ "solid: held-out digits; dashed: training subset" }</span>
                </figcaption>
            </figure>
            <figure class="chart">
                <canvas ref={shift} role="img" aria-label={p.shift_label.clone()} data-testid="race-chart-shift" />
                <figcaption>
                    { key(0, "") }{ key(1, "") }
                    <span class="muted">{ "held-out accuracy with digits moved by 0…N pixels (left, right, up and down, averaged)" }</span>
                </figcaption>
            </figure>
        </div>
    }
}

/// Axis label for whole numbers only (epochs and pixels have no halves).
fn whole(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

fn marker(i: usize, at: (f64, f64), r: i32) -> DynElement<'static, CanvasBackend, (f64, f64)> {
    if i == 0 {
        TriangleMarker::new(at, r, COLORS[i].filled()).into_dyn()
    } else {
        Circle::new(at, r, COLORS[i].filled()).into_dyn()
    }
}

/// Room for the labels: percentages on the left.
const LAYOUT: Layout = Layout::new(40.0, 48.0);

fn draw_curves(f: &Frame, d: &Rc<ChartData>) -> DrawResult {
    let mut chart = f.plot(LAYOUT, 0f64..d.epochs.max(1) as f64, 0f64..1.02f64)?;
    f.mesh(&mut chart)
        .x_desc("epoch")
        .y_desc("accuracy")
        .x_labels(d.epochs.clamp(2, 10) + 1)
        .y_labels(6)
        .x_label_formatter(&whole)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()?;
    for (i, curve) in d.curves.iter().enumerate() {
        let c = COLORS[i % 2];
        let train = curve.iter().map(|p| (p.epoch as f64, p.train_acc as f64));
        chart.draw_series(DashedLineSeries::new(
            train,
            f.px(6.0),
            f.px(4.0),
            c.stroke_width(f.size(2.0)),
        ))?;
        let test: Vec<(f64, f64)> = curve
            .iter()
            .map(|p| (p.epoch as f64, p.test_acc as f64))
            .collect();
        chart.draw_series(LineSeries::new(
            test.iter().copied(),
            c.stroke_width(f.size(2.5)),
        ))?;
        chart.draw_series(test.iter().map(|&pt| marker(i, pt, f.px(3.5))))?;
    }
    Ok(())
}

fn draw_shift(f: &Frame, d: &Rc<ChartData>) -> DrawResult {
    let max_shift = d
        .shifts
        .iter()
        .map(|s| s.len())
        .max()
        .unwrap_or(0)
        .saturating_sub(1)
        .max(1);
    let mut chart = f.plot(LAYOUT, 0f64..max_shift as f64, 0f64..1.02f64)?;
    f.mesh(&mut chart)
        .x_desc("shift (pixels)")
        .y_desc("held-out accuracy")
        .x_labels(max_shift + 1)
        .y_labels(6)
        .x_label_formatter(&whole)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()?;
    if d.shifts.iter().all(|s| s.is_empty()) {
        f.root.draw(&Text::new(
            "runs when training has finished",
            (f.px(70.0), f.px(100.0)),
            f.font(NOTE_PX)
                .into_font()
                .color(&RGBColor(0x4a, 0x4f, 0x5c)),
        ))?;
    }
    for (i, s) in d.shifts.iter().enumerate() {
        let pts: Vec<(f64, f64)> = s
            .iter()
            .enumerate()
            .map(|(x, a)| (x as f64, *a as f64))
            .collect();
        chart.draw_series(LineSeries::new(
            pts.iter().copied(),
            COLORS[i % 2].stroke_width(f.size(2.5)),
        ))?;
        chart.draw_series(pts.iter().map(|&pt| marker(i, pt, f.px(4.0))))?;
    }
    Ok(())
}
