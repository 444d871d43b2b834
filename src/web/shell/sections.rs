//! The seven sections' words and which interactive each one holds.
//! The explanations are our own summary of the lecture's argument.

use super::data_wait::DataWait;
use super::nav::{hidden_sections, SECTIONS};
use super::section::Section;
use crate::web::calc::CalcPanel;
use crate::web::cat::CatPanel;
use crate::web::draw::DrawPanel;
use crate::web::inspect::{FeatureMapsPanel, FiltersPanel};
use crate::web::pooling::PoolingPanel;
use crate::web::race::RacePanel;
use crate::web::sharing::SharingPanel;
use crate::web::train::origin::ModelOrigin;
use crate::web::train::TrainPanel;
use crate::web::widgets::Live;
use yew::prelude::*;

/// All sections the link does not hide, in order.
pub fn sections() -> Html {
    let hidden = hidden_sections();
    SECTIONS
        .iter()
        .map(|s| s.0)
        .filter(|id| !hidden.iter().any(|h| h == id))
        .map(section)
        .collect()
}

/// One section, by its id in [`SECTIONS`].
fn section(id: &str) -> Html {
    match id {
        "why" => why(),
        "filters" => filters(),
        "cat" => cat(),
        "pooling" => pooling(),
        "train" => train(),
        "draw" => draw(),
        "race" => race(),
        _ => Html::default(),
    }
}

/// 1. Why not a dense network? The parameter calculator.
fn why() -> Html {
    html! {
        <Section id="why" tries={vec![
            "Pick the “Lecture photo” preset, then set channels to 1: the dense layer needs 10⁸ weights.",
            "Double the image width. Which count doubles, and which one does not move at all?",
        ]} intro={html! {
            <>
            <p>{ "To a computer an image is just a grid of numbers. A dense (fully connected) layer gives every neuron its own weight for every one of those numbers." }</p>
            <p>{ "For a small 28×28 digit that is fine. For a one-megapixel photo, a hundred neurons already need a hundred million weights in the first layer alone: memory and compute go up in smoke, and with that many free knobs the network can simply memorise its training pictures instead of learning what they have in common. That is overfitting." }</p>
            </>
        }}>
            <CalcPanel />
        </Section>
    }
}

/// 2. Filters and weight sharing: one filter sliding over the input.
fn filters() -> Html {
    html! {
        <Section id="filters" tries={vec![
            "Drag the slider slowly: the same nine weights are used at every position.",
            "Compare the two counts under the animation: shared filter against a dense layer that makes the same map.",
        ]} intro={html! {
            <>
            <p>{ "A convolution layer learns a few small filters instead, say 3×3 numbers each. A filter is slid across the whole image; at every position it multiplies the pixels under it by its weights and adds them up. The result is a feature map: a picture of where the filter's pattern appears." }</p>
            <p>{ "The key idea is weight sharing: the same few weights are reused at every position. So the number of weights depends on the filter size, the number of input channels and the number of filters, never on the size of the image. A hundred 3×3 colour filters need about three thousand weights, for any photo." }</p>
            </>
        }}>
            <Live><SharingPanel /></Live>
        </Section>
    }
}

/// 3. Translation invariance: drag the cat.
fn cat() -> Html {
    html! {
        <Section id="cat" tries={vec![
            "Drag the cat into a corner and watch the ear map: the hot spot follows it.",
            "Watch the two scores while you drag: the pooled conv score holds steady, the dense neuron’s score collapses.",
        ]} intro={html! {
            <>
            <p>{ "A cat is a cat wherever it sits in the picture. A filter that has learned to find an ear fires on an ear in the top-left corner just as well as in the middle, because it is the same filter sliding everywhere. Move the cat and its feature map moves with it: that is equivariance." }</p>
            <p>{ "Take the strongest response over the whole map (a global max pool) and you get a score that does not care where the cat is at all: translation invariance. A dense neuron has one weight per pixel, so it only knows the cat at the place it was fitted." }</p>
            </>
        }}>
            <CatPanel />
        </Section>
    }
}

/// 4. Pooling and the typical architecture.
fn pooling() -> Html {
    html! {
        <Section id="pooling" tries={vec![
            "Hover a unit in the pooled map: only the largest value of its window survives, and only it receives a gradient.",
            "Read the receptive-field table: how much of the digit does one unit of the last pool see?",
        ]} intro={html! {
            <>
            <p>{ "Most CNNs follow one pattern: a convolution, another convolution, then a pooling step, repeated a few times, and finally a small classifier. Max pooling keeps the largest value in each small window, usually 2×2, so each map shrinks by half in both directions." }</p>
            <p>{ "That has two pay-offs. The next layer has a quarter of the positions to process, which saves compute. And each unit of a deeper layer now looks at a wider patch of the original image, so later layers can combine strokes into whole shapes." }</p>
            </>
        }}>
            <Live><PoolingPanel /></Live>
        </Section>
    }
}

/// 5. Train it yourself: the training panel, its filters and feature maps.
fn train() -> Html {
    html! {
        <Section id="train" tries={vec![
            "Press Reset, then Train: held-out accuracy climbs from chance (about 10%), yet the 3×3 filters below change only subtly; their effect shows better in the feature maps.",
            "Set the learning rate to 10 and train: see what divergence looks like, and how the app recovers.",
        ]} intro={html! {
            <>
            <p>{ "Now train a real CNN on real handwritten digits, right here. Every step shows it a small batch of images, measures how wrong it was, and nudges every weight downhill." }</p>
            <ModelOrigin />
            <DataWait />
            <p>{ "Below the curves you can see inside: the learned filters of the first layer, and the feature maps that every layer produces for one input." }</p>
            </>
        }}>
            <TrainPanel />
            <Live><FiltersPanel /></Live>
            <Live><FeatureMapsPanel /></Live>
        </Section>
    }
}

/// 6. Draw a digit.
fn draw() -> Html {
    html! {
        <Section id="draw" tries={vec![
            "Draw a 7 in the middle, then the same 7 squeezed into a corner with recentring switched off.",
            "Send your drawing to the feature maps and find the map that lights up on your horizontal stroke.",
        ]} intro={html! {
            <p>{ "Draw a digit with your finger, pen or mouse. It is cropped, scaled and centred the way the MNIST digits were prepared, then classified by the very model you are training above." }</p>
        }}>
            <Live><DrawPanel /></Live>
        </Section>
    }
}

/// 7. Dense against conv: the race.
fn race() -> Html {
    html! {
        <Section id="race" tries={vec![
            "Race on 500 images: the dense network fits its training set, but how does it do on digits it has never seen?",
            "Move the shift slider: which network still reads a digit moved a few pixels to the side?",
        ]} intro={html! {
            <p>{ "Finally, the claim itself. A dense network with far more weights and a small CNN train side by side on the same few images. Watch the gap between training and held-out accuracy, and then test both on digits shifted sideways." }</p>
        }}>
            <RacePanel />
        </Section>
    }
}
