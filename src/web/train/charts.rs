//! The two live charts: smoothed training loss, and training vs held-out
//! accuracy, both against images seen. Drawn with plotters on a canvas.
//!
//! The component only redraws when its series change (its props are
//! compared), and the app re-renders at most five times a second while
//! training, so drawing never competes with training for long.

use crate::panels::train::chart::{describe, short_count, Series};
use crate::web::widgets::chart::{paint, DrawResult, Frame, Layout};
use plotters::prelude::*;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// CSS height of each chart.
const HEIGHT_PX: f64 = 230.0;
/// Line colours: blue and orange stay distinct for the common colour
/// blindnesses; held-out points also have circle markers and a legend.
const TRAIN: RGBColor = RGBColor(0x0b, 0x57, 0xd0);
const HELD_OUT: RGBColor = RGBColor(0xd9, 0x5f, 0x02);

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub series: Rc<Series>,
}

#[component]
pub fn Charts(p: &ChartsProps) -> Html {
    let loss_ref = use_node_ref();
    let acc_ref = use_node_ref();
    {
        let (loss_ref, acc_ref) = (loss_ref.clone(), acc_ref.clone());
        use_effect_with(p.series.clone(), move |s| {
            let t0 = crate::web::platform::clock::now_ms();
            if let Some(c) = loss_ref.cast::<HtmlCanvasElement>() {
                paint(&c, HEIGHT_PX, |f| draw_loss(f, s));
            }
            if let Some(c) = acc_ref.cast::<HtmlCanvasElement>() {
                paint(&c, HEIGHT_PX, |f| draw_accuracy(f, s));
                // Drawing cost, for the end-to-end test's report.
                let _ = c.set_attribute(
                    "data-draw-ms",
                    &format!("{:.1}", crate::web::platform::clock::now_ms() - t0),
                );
            }
        });
    }
    let (loss_text, acc_text) = describe(&p.series);
    html! {
        <div class="grid-2 train-charts">
            <figure class="chart">
                <canvas ref={loss_ref} role="img" aria-label={loss_text.clone()} data-testid="chart-loss" />
                <figcaption>{ "Training loss (smoothed) against images seen" }</figcaption>
            </figure>
            <figure class="chart">
                <canvas ref={acc_ref} role="img" aria-label={acc_text.clone()} data-testid="chart-accuracy" />
                <figcaption>
                    <span class="key key-train">{ "━ training (smoothed)" }</span>
                    <span class="key key-test">{ "●━ held-out test" }</span>
                </figcaption>
            </figure>
        </div>
    }
}

/// Room for the labels: counts below, two-digit values on the left.
const LAYOUT: Layout = Layout::new(40.0, 58.0);

fn draw_loss(f: &Frame, s: &Series) -> DrawResult {
    let mut chart = f.plot(LAYOUT, 0f64..s.x_max, 0f64..s.loss_max)?;
    f.mesh(&mut chart)
        .x_desc("images seen")
        .y_desc("loss")
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| short_count(*v))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()?;
    chart.draw_series(LineSeries::new(
        s.loss.iter().copied(),
        TRAIN.stroke_width(f.size(2.0)),
    ))?;
    Ok(())
}

fn draw_accuracy(f: &Frame, s: &Series) -> DrawResult {
    let mut chart = f.plot(LAYOUT, 0f64..s.x_max, 0f64..1f64)?;
    f.mesh(&mut chart)
        .x_desc("images seen")
        .y_desc("accuracy")
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&|v| short_count(*v))
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()?;
    chart.draw_series(LineSeries::new(
        s.train_acc.iter().copied(),
        TRAIN.stroke_width(f.size(2.0)),
    ))?;
    chart.draw_series(LineSeries::new(
        s.test_acc.iter().copied(),
        HELD_OUT.stroke_width(f.size(2.0)),
    ))?;
    // Markers only while they stay apart; a long run is a line.
    if s.test_acc.len() <= 80 {
        chart.draw_series(
            s.test_acc
                .iter()
                .map(|&p| Circle::new(p, f.size(3.5), HELD_OUT.filled())),
        )?;
    }
    Ok(())
}
