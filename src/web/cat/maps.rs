//! Each part detector next to its live feature map over the scene.
//!
//! The filter is drawn as its 7x7 weights (diverging colours: it is a
//! zero-mean template cut from the sprite). The map is drawn from 0 to its
//! peak (sequential colours), and a ring marks its strongest response, so
//! the hot spot can be seen moving with the cat.

use crate::panels::cat::{Detector, DetectorMap};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use crate::web::widgets::Pixels;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MapsProps {
    pub detectors: Rc<Vec<Detector>>,
    pub maps: Rc<Vec<DetectorMap>>,
}

/// The detectors' panel: what they are, then each next to its map.
#[component]
pub fn DetectorMaps(p: &MapsProps) -> Html {
    let items = p.detectors.iter().zip(p.maps.iter()).map(|(d, m)| {
        let filter = Rc::new(to_rgba(&d.weights, Scale::Diverging, Range::symmetric(&d.weights)));
        // Negative responses (anti-matches) are shown as 0, as a ReLU would,
        // so the colour range is spent on where the part is.
        let relu: Vec<f32> = m.values.iter().map(|v| v.max(0.0)).collect();
        let range = Range { lo: 0.0, hi: m.peak.max(1e-6) };
        let map = Rc::new(to_rgba(&relu, Scale::Sequential, range));
        // Map unit (mx, my) is centred on scene pixel (mx + k/2, my + k/2).
        let (mx, my) = (m.hot.0 - d.k / 2, m.hot.1 - d.k / 2);
        let ring = format!(
            "left:{:.3}%;top:{:.3}%",
            100.0 * (mx as f64 + 0.5) / m.w as f64,
            100.0 * (my as f64 + 0.5) / m.h as f64
        );
        html! {
            <figure class="cat-map">
                <div class="cat-map-pair">
                    <Pixels rgba={filter} w={d.k as u32} h={d.k as u32} display={56}
                        label={format!("The {} detector: {k} by {k} weights cut from the sprite", d.name, k = d.k)} />
                    <div class="cat-map-frame">
                        <Pixels rgba={map} w={m.w as u32} h={m.h as u32} display={180} class={classes!("cat-map-img")}
                            label={format!("Feature map of the {} detector; strongest response {:.2} at scene x {}, y {}",
                                d.name, m.peak, m.hot.0, m.hot.1)} />
                        <div class="cat-map-ring" style={ring} aria-hidden="true"></div>
                    </div>
                </div>
                <figcaption data-testid={format!("cat-map-{}", d.name)} data-x={m.hot.0.to_string()}
                    data-y={m.hot.1.to_string()} data-score={format!("{:.4}", m.score)}>
                    <strong>{ d.name }</strong>
                    { format!(": peak at ({}, {}), score {:.2}", m.hot.0, m.hot.1, m.score) }
                </figcaption>
            </figure>
        }
    });
    let k = p.detectors.first().map(|d| d.k).unwrap_or(7);
    html! {
        <div class="panel">
            <h3>{ "Part detectors and their feature maps" }</h3>
            <p>{ format!("The three detectors are not learned: each is a {k}×{k} patch cut from the cat sprite itself (an ear, an eye, the nose), made zero-mean, and used as a filter — a filter is a template. They run through the same core convolution code as the digit network, as one conv layer with three filters followed by a global max pool.") }</p>
            <div class="cat-maps">
                { for items }
                <p class="muted cat-map-key">
                    { "Filters: " }{ Scale::Diverging.describe() }
                    { " Maps: negative responses shown as 0; " }{ Scale::Sequential.describe() }
                    { " The ring marks each map's maximum: that is what global max pooling keeps." }
                </p>
            </div>
        </div>
    }
}
