//! The two live charts: smoothed training loss, and training vs held-out
//! accuracy, both against images seen. Drawn with plotters on a canvas.
//!
//! The component only redraws when its series change (its props are
//! compared), and the app re-renders at most five times a second while
//! training, so drawing never competes with training for long.

use crate::core::numfmt::loss as loss_text;
use crate::panels::train::chart::{describe, short_count, Series};
use crate::panels::train::diverge::Run;
use crate::web::platform::clock::now_ms;
use crate::web::widgets::chart::{paint, DrawResult, Frame, Layout, Plot};
use crate::web::widgets::use_layout_epoch;
use plotters::prelude::*;
use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// CSS height of each chart.
const HEIGHT_PX: f64 = 230.0;
/// Line colours: blue and orange stay distinct for the common colour
/// blindnesses; held-out points also have circle markers and a legend.
const TRAIN: RGBColor = RGBColor(0x0b, 0x57, 0xd0);
const HELD_OUT: RGBColor = RGBColor(0xd9, 0x5f, 0x02);
/// The replay of a rate that diverged.
const SPIKE: RGBColor = RGBColor(0xb3, 0x26, 0x1e);

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub series: Rc<Series>,
    /// After a divergence: the diverged rate replayed on a copy of the
    /// model, drawn after the last point as the spike that stopped training.
    #[prop_or_default]
    pub spike: Option<Rc<Run>>,
    /// Images per step, to place the replay's steps on the x axis.
    #[prop_or(32)]
    pub batch: usize,
}

#[component]
pub fn Charts(p: &ChartsProps) -> Html {
    let loss_ref = use_node_ref();
    let acc_ref = use_node_ref();
    let epoch = use_layout_epoch();
    {
        let (loss_ref, acc_ref) = (loss_ref.clone(), acc_ref.clone());
        let key = (p.series.clone(), p.spike.clone(), p.batch, epoch);
        use_effect_with(key, move |(s, spike, batch, _)| {
            // Both charts draw in the next frame, the loss first; their
            // drawing cost adds up here for the end-to-end test's report.
            let spent = Rc::new(Cell::new(0.0));
            if let Some(c) = loss_ref.cast::<HtmlCanvasElement>() {
                let (s, spike, batch, spent) = (s.clone(), spike.clone(), *batch, spent.clone());
                paint(&c, HEIGHT_PX, move |f| {
                    let t0 = now_ms();
                    let r = draw_loss(f, &s, spike.as_deref(), batch);
                    spent.set(now_ms() - t0);
                    r
                });
            }
            if let Some(c) = acc_ref.cast::<HtmlCanvasElement>() {
                let (s, canvas) = (s.clone(), c.clone());
                paint(&c, HEIGHT_PX, move |f| {
                    let t0 = now_ms();
                    let r = draw_accuracy(f, &s);
                    let _ = canvas.set_attribute(
                        "data-draw-ms",
                        &format!("{:.1}", spent.get() + now_ms() - t0),
                    );
                    r
                });
            }
        });
    }
    let (mut loss_desc, acc_text) = describe(&p.series);
    if let Some(r) = &p.spike {
        loss_desc.push_str(&format!(
            " Replayed at learning rate {} on a copy of the model, the loss went {}.",
            r.lr,
            r.losses
                .iter()
                .map(|v| loss_text(*v))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    html! {
        <div class="grid-2 train-charts">
            <figure class="chart">
                <canvas ref={loss_ref} role="img" aria-label={loss_desc} data-testid="chart-loss"
                    data-spike={p.spike.as_ref().map(|r| loss_text(r.peak())).unwrap_or_default()} />
                <figcaption>
                    { "Training loss (smoothed) against images seen" }
                    <span class={classes!("key", "key-spike", p.spike.is_none().then_some("is-idle"))}>
                        { " · red: the diverged rate, replayed" }
                    </span>
                </figcaption>
            </figure>
            <figure class="chart">
                <canvas ref={acc_ref} role="img" aria-label={acc_text.clone()} data-testid="chart-accuracy" />
                <figcaption>
                    <span class="key key-train"><span class="sym-line" aria-hidden="true"></span>{ "training (smoothed)" }</span>
                    <span class="key key-test"><span class="sym-dot on-line" aria-hidden="true"></span><span class="sym-line" aria-hidden="true"></span>{ "held-out test" }</span>
                </figcaption>
            </figure>
        </div>
    }
}

/// Room for the labels: counts below, two-digit values on the left.
const LAYOUT: Layout = Layout::new(40.0, 58.0);

/// A loss plot over images seen, its axes drawn: the training chart's and
/// the compared runs' (`runs.rs`) are the same frame.
pub(super) fn loss_axes(
    f: &Frame,
    x_max: f64,
    loss_max: f64,
) -> Result<Plot<'_, Range<f64>, Range<f64>>, Box<dyn std::error::Error>> {
    let mut chart = f.plot(LAYOUT, 0f64..x_max, 0f64..loss_max)?;
    f.mesh(&mut chart)
        .x_desc("images seen")
        .y_desc("loss")
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| short_count(*v))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()?;
    Ok(chart)
}

fn draw_loss(f: &Frame, s: &Series, spike: Option<&Run>, batch: usize) -> DrawResult {
    // The replay continues from the last point, one batch per step; points
    // above the axis are drawn at its top and labelled with their value.
    let x0 = s.loss.last().map_or(0.0, |p| p.0);
    let replay: Vec<(f64, f64)> = spike
        .map(|r| {
            r.losses
                .iter()
                .enumerate()
                .map(|(i, &v)| (x0 + (i * batch) as f64, v))
                .collect()
        })
        .unwrap_or_default();
    let x_max = replay.last().map_or(s.x_max, |p| s.x_max.max(p.0 * 1.05));
    let first = replay.first().map_or(0.0, |p| p.1);
    let top = s
        .loss_max
        .max(if first.is_finite() { first * 2.0 } else { 0.0 });
    let mut chart = loss_axes(f, x_max, top)?;
    chart.draw_series(LineSeries::new(
        s.loss.iter().copied(),
        TRAIN.stroke_width(f.size(2.0)),
    ))?;
    if replay.is_empty() {
        return Ok(());
    }
    let clip = |v: f64| if v.is_finite() { v.min(top) } else { top };
    let pts: Vec<(f64, f64)> = replay.iter().map(|&(x, v)| (x, clip(v))).collect();
    chart.draw_series(LineSeries::new(
        pts.iter().copied(),
        SPIKE.stroke_width(f.size(3.0)),
    ))?;
    chart.draw_series(
        pts.iter()
            .map(|&p| Circle::new(p, f.size(4.0), SPIKE.filled())),
    )?;
    if let Some(&(x, v)) = replay.last() {
        let label = format!("loss {}", loss_text(v));
        let style = TextStyle::from(f.font(crate::web::widgets::chart::TEXT_PX))
            .color(&SPIKE)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Top,
            ));
        chart.draw_series(std::iter::once(Text::new(label, (x, top * 0.97), style)))?;
    }
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
