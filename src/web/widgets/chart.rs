//! One frame for every plotters chart on the page.
//!
//! [`paint`] fits the canvas bitmap to its box (device pixel ratio and the
//! page's type size, so presenting mode gets larger text), makes the plotters
//! backend, clears it to white, runs the chart's own drawing and presents
//! it. [`Frame`] gives every chart the same margins, fonts and gridlines,
//! with sizes written in CSS pixels. A chart that cannot draw (no canvas, a
//! plotters error) stays blank: there is nothing better to show.

use super::canvas_fit::{fit_next_frame, use_layout_epoch};
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// What a chart's drawing returns; errors only leave the canvas blank.
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// A plot over two axes, on a canvas.
pub type Plot<'a, X, Y> = ChartContext<
    'a,
    CanvasBackend,
    Cartesian2d<<X as AsRangedCoord>::CoordDescType, <Y as AsRangedCoord>::CoordDescType>,
>;

const FONT: &str = "sans-serif";
/// Tick labels, axis names and values written on a chart, in CSS pixels.
pub const TEXT_PX: f64 = 13.0;
/// Space around the plot, in CSS pixels.
const MARGIN_PX: f64 = 10.0;
/// Minor gridlines: light enough to read the lines over them.
const GRID: RGBColor = RGBColor(235, 237, 242);

/// Room for the axes' labels around the plot, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Below the plot: tick labels and the x axis name.
    pub x_labels: f64,
    /// Left of the plot: tick labels and the y axis name.
    pub y_labels: f64,
    /// Right of the plot (values written past a bar's end need more).
    pub right: f64,
}

impl Layout {
    pub const fn new(x_labels: f64, y_labels: f64) -> Layout {
        Layout {
            x_labels,
            y_labels,
            right: MARGIN_PX,
        }
    }

    pub const fn right(self, right: f64) -> Layout {
        Layout { right, ..self }
    }
}

/// A fitted, white canvas ready for one chart.
pub struct Frame {
    pub root: DrawingArea<CanvasBackend, Shift>,
    /// Bitmap pixels per CSS pixel, type size included.
    scale: f64,
    /// Width of the chart in CSS pixels at the normal type size.
    css_width: f64,
}

impl Frame {
    /// A length in bitmap pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.scale) as i32
    }

    /// A line width or marker radius in bitmap pixels.
    pub fn size(&self, css: f64) -> u32 {
        (css * self.scale) as u32
    }

    /// The chart font at `css` pixels.
    pub fn font(&self, css: f64) -> (&'static str, f64) {
        (FONT, css * self.scale)
    }

    /// The width available, in CSS pixels (to decide how many labels fit).
    pub fn css_width(&self) -> f64 {
        self.css_width
    }

    /// The plot area with the page's margins, over the given axis ranges.
    pub fn plot<X: AsRangedCoord, Y: AsRangedCoord>(
        &self,
        layout: Layout,
        x: X,
        y: Y,
    ) -> Result<Plot<'_, X, Y>, Box<dyn std::error::Error>> {
        Ok(ChartBuilder::on(&self.root)
            .margin(self.px(MARGIN_PX))
            .margin_right(self.px(layout.right))
            .x_label_area_size(self.px(layout.x_labels))
            .y_label_area_size(self.px(layout.y_labels))
            .build_cartesian_2d(x, y)?)
    }

    /// The gridlines and axes in the page's style; the chart adds its own
    /// axis names, label counts and formats, then draws.
    pub fn mesh<'a, 'b, X, Y, XT, YT>(
        &self,
        plot: &'b mut ChartContext<'a, CanvasBackend, Cartesian2d<X, Y>>,
    ) -> MeshStyle<'a, 'b, X, Y, CanvasBackend>
    where
        X: Ranged<ValueType = XT> + ValueFormatter<XT>,
        Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    {
        let mut mesh = plot.configure_mesh();
        mesh.label_style(self.font(TEXT_PX))
            .axis_desc_style(self.font(TEXT_PX))
            .light_line_style(GRID);
        mesh
    }
}

/// In the next frame (with every other chart waiting for it, see
/// `canvas_fit`), fits `canvas` to `height` CSS pixels (grown with the type
/// size), clears it and runs `draw` on it.
pub fn paint(
    canvas: &HtmlCanvasElement,
    height: f64,
    draw: impl FnOnce(&Frame) -> DrawResult + 'static,
) {
    let c = canvas.clone();
    fit_next_frame(canvas, height, move |scale| draw_fitted(&c, scale, draw));
}

/// Clears the fitted `canvas` (bitmap scale `scale`) and runs `draw` on it.
fn draw_fitted(canvas: &HtmlCanvasElement, scale: f64, draw: impl FnOnce(&Frame) -> DrawResult) {
    let run = || -> DrawResult {
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas")?;
        let frame = Frame {
            root: backend.into_drawing_area(),
            scale,
            css_width: canvas.width() as f64 / scale,
        };
        frame.root.fill(&WHITE)?;
        draw(&frame)?;
        frame.root.present()?;
        Ok(())
    };
    // A failed draw leaves the canvas blank; the text alternative still
    // carries the chart's numbers.
    let _ = run();
}

/// A chart canvas redrawn whenever `data` changes and whenever the layout
/// may have resized it. Returns the canvas's ref.
#[hook]
pub fn use_chart<D: PartialEq + Clone + 'static>(
    data: D,
    height: f64,
    draw: fn(&Frame, &D) -> DrawResult,
) -> NodeRef {
    let node = use_node_ref();
    let epoch = use_layout_epoch();
    {
        let node = node.clone();
        use_effect_with((data, epoch), move |(d, _)| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                let d = d.clone();
                paint(&c, height, move |f| draw(f, &d));
            }
        });
    }
    node
}
