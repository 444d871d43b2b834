//! The live chart: both scores against the cat's horizontal position.
//!
//! Thin lines are a sweep of the cat along its starting row (computed once);
//! the markers are the places the person actually dragged the cat to. The
//! conv score (circles) stays flat; the dense score (crosses) has one spike,
//! at the position its weights were fitted to.

use crate::panels::cat::view::Sample;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
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
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(
            (p.sweep.clone(), p.samples.clone(), p.max_x),
            move |(sweep, samples, max_x)| {
                if let Some(c) = node.cast::<HtmlCanvasElement>() {
                    let _ = draw(&c, sweep, samples, *max_x);
                }
            },
        );
    }
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

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(
    canvas: &HtmlCanvasElement,
    sweep: &[(usize, f32, f32)],
    samples: &[Sample],
    max_x: usize,
) -> DrawResult {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0);
    let css_w = (canvas.client_width() as f64).max(240.0);
    let (cw, ch) = ((css_w * dpr) as u32, (HEIGHT_PX * dpr) as u32);
    if canvas.width() != cw {
        canvas.set_width(cw);
    }
    if canvas.height() != ch {
        canvas.set_height(ch);
    }
    let px = |v: f64| (v * dpr) as i32;
    let lo = sweep
        .iter()
        .map(|s| s.2)
        .chain(samples.iter().map(|s| s.dense))
        .fold(0.0f32, f32::min) as f64
        - 0.05;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let font = ("sans-serif", 13.0 * dpr);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(0f64..max_x.max(1) as f64, lo..1.15f64)?;
    chart
        .configure_mesh()
        .x_desc("cat's x position (scene pixels)")
        .y_desc("score")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .label_style(font)
        .axis_desc_style(font)
        .light_line_style(RGBColor(235, 237, 242))
        .draw()?;
    let thin = |c: RGBColor| c.mix(0.55).stroke_width(px(1.5) as u32);
    chart.draw_series(LineSeries::new(
        sweep.iter().map(|s| (s.0 as f64, s.1 as f64)),
        thin(CONV),
    ))?;
    chart.draw_series(LineSeries::new(
        sweep.iter().map(|s| (s.0 as f64, s.2 as f64)),
        thin(DENSE),
    ))?;
    let r = px(3.5);
    chart.draw_series(
        samples
            .iter()
            .map(|s| Circle::new((s.x as f64, s.conv as f64), r, CONV.filled())),
    )?;
    chart.draw_series(samples.iter().map(|s| {
        Cross::new(
            (s.x as f64, s.dense as f64),
            r,
            DENSE.stroke_width(px(2.0) as u32),
        )
    }))?;
    root.present()?;
    Ok(())
}
