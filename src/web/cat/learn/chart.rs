//! Score against the cat's shift: one line per pooling tried, and the dense
//! net. The cat slides along a row of six fixed backdrops; each point is the
//! mean probability of "cat". The shaded half was never seen in training.

use crate::panels::cat::learn::drag::first_unseen_x;
use crate::panels::cat::learn::{PoolResult, Pooling};
use crate::web::widgets::fit_canvas;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

const HEIGHT_PX: f64 = 260.0;
/// Colour-blind-safe set; each line also has its own marker.
fn colour(p: Option<Pooling>) -> RGBColor {
    match p {
        Some(Pooling::GlobalMax) => RGBColor(0x0b, 0x57, 0xd0),
        Some(Pooling::Max2) => RGBColor(0x00, 0x9e, 0x73),
        Some(Pooling::Avg2) => RGBColor(0xcc, 0x79, 0xa7),
        Some(Pooling::Flatten) => RGBColor(0x56, 0x3d, 0x00),
        None => RGBColor(0xd9, 0x5f, 0x02),
    }
}

fn name(p: Option<Pooling>) -> String {
    match p {
        Some(p) => format!("conv, {}", p.label()),
        None => "dense net".into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ShiftChartProps {
    pub results: Rc<Vec<PoolResult>>,
    pub dense: Option<PoolResult>,
}

#[component]
pub fn ShiftChart(p: &ShiftChartProps) -> Html {
    let node = use_node_ref();
    let lines: Rc<Vec<PoolResult>> =
        Rc::new(p.results.iter().cloned().chain(p.dense.clone()).collect());
    {
        let (node, lines) = (node.clone(), lines.clone());
        use_effect_with(lines, move |lines| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                let _ = draw(&c, lines);
            }
        });
    }
    let keys = lines.iter().map(|r| {
        let c = colour(r.pooling);
        html! { <span class="key" style={format!("color:rgb({},{},{})", c.0, c.1, c.2)}>{ format!("■ {}", name(r.pooling)) }</span> }
    });
    let label = lines
        .iter()
        .map(|r| {
            let mean = |f: &dyn Fn(usize) -> bool| {
                let v: Vec<f32> = r.curve.iter().filter(|p| f(p.0)).map(|p| p.1).collect();
                v.iter().sum::<f32>() / v.len().max(1) as f32
            };
            format!(
                "{}: mean {:.2} on the left, {:.2} on the right",
                name(r.pooling),
                mean(&|x| x < first_unseen_x()),
                mean(&|x| x >= first_unseen_x())
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart learn-chart">
            <canvas ref={node} role="img" aria-label={format!("Probability of cat against the cat's x position. {label}")} />
            <figcaption>{ for keys }<span class="muted">{ " — each point: the mean over six scenes; shaded: positions never seen in training" }</span></figcaption>
        </figure>
    }
}

fn draw(
    canvas: &HtmlCanvasElement,
    lines: &[PoolResult],
) -> Result<(), Box<dyn std::error::Error>> {
    let scale = fit_canvas(canvas, HEIGHT_PX);
    let px = |v: f64| (v * scale) as i32;
    let max_x = lines
        .iter()
        .flat_map(|r| r.curve.iter().map(|p| p.0))
        .max()
        .unwrap_or(1) as f64;
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("no canvas")?
        .into_drawing_area();
    root.fill(&WHITE)?;
    let font = ("sans-serif", 13.0 * scale);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(0f64..max_x, 0f64..1.02f64)?;
    chart
        .configure_mesh()
        .x_desc("cat's left edge x (scene pixels)")
        .y_desc("P(cat)")
        .label_style(font)
        .axis_desc_style(font)
        .light_line_style(RGBColor(235, 237, 242))
        .draw()?;
    let first_unseen = first_unseen_x() as f64;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(first_unseen - 0.5, 0.0), (max_x, 1.02)],
        RGBColor(0, 0, 0).mix(0.07).filled(),
    )))?;
    for r in lines {
        let c = colour(r.pooling);
        chart.draw_series(LineSeries::new(
            r.curve.iter().map(|p| (p.0 as f64, p.1 as f64)),
            c.stroke_width(px(2.0) as u32),
        ))?;
        chart.draw_series(
            r.curve
                .iter()
                .map(|p| Circle::new((p.0 as f64, p.1 as f64), px(2.5), c.filled())),
        )?;
    }
    root.present()?;
    Ok(())
}
