//! The trained digit network's feature extractor run on an input of another
//! size, such as the cat scene.
//!
//! Convolution and pooling do not care how big their input is, because the
//! same filters slide everywhere; only the classifier at the end (flatten +
//! dense) is tied to 28x28. So the conv/ReLU/pool layers before the first
//! flat layer are rebuilt for the new size with the very same weights, and a
//! global max pool closes the spec so the validator accepts it as a network.

use crate::core::{LayerSpec, Model, ModelSpec, Rng, Shape};

/// Builds `model`'s convolutional front end for `input`, weights copied.
/// The last layer of the result is a [`LayerSpec::GlobalMaxPool`] added only
/// to make the spec complete; callers show the layers before it.
pub fn front_end(model: &Model, input: Shape) -> Result<Model, String> {
    let spec = model.spec();
    if input.c != spec.input.c {
        return Err(format!(
            "the network reads {} channel(s); this input has {}",
            spec.input.c, input.c
        ));
    }
    let keep = spec
        .layers
        .iter()
        .take_while(|l| {
            matches!(
                l,
                LayerSpec::Conv { .. } | LayerSpec::Relu | LayerSpec::MaxPool { .. }
            )
        })
        .count();
    if keep == 0 {
        return Err("this network has no convolution layers to slide over a larger image".into());
    }
    let mut layers = spec.layers[..keep].to_vec();
    layers.push(LayerSpec::GlobalMaxPool);
    let front = ModelSpec::new(input, layers);
    // Weights are overwritten below; the seed only fills them meanwhile.
    // Run forward in pieces (`Model::trace_step`), so a scene many times a
    // digit's size is checked against the budget for sliced passes.
    let mut out = Model::new_sliced(&front, &mut Rng::new(0)).map_err(|e| e.to_string())?;
    for (i, layer) in model.layers().iter().enumerate().take(keep) {
        if let Some((w, b)) = layer.params() {
            out.set_layer_params(i, w, b)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_end_maps_match_the_digit_net_on_a_28x28_input() {
        let mut net = Model::new(&ModelSpec::reference(), &mut Rng::new(5)).unwrap();
        let img: Vec<f32> = (0..784).map(|i| ((i * 37) % 101) as f32 / 100.0).collect();
        let mut front = front_end(&net, Shape::new(1, 28, 28)).unwrap();
        let a = net.trace(&img);
        let b = front.trace(&img);
        // conv1, relu1, pool1, conv2, relu2, pool2 are identical.
        for l in 0..6 {
            assert_eq!(a.outputs[l], b.outputs[l], "layer {l}");
        }
    }

    #[test]
    fn a_larger_scene_gives_larger_maps() {
        let net = Model::new(&ModelSpec::reference(), &mut Rng::new(5)).unwrap();
        let mut front = front_end(&net, Shape::new(1, 128, 128)).unwrap();
        let t = front.trace(&vec![0.5; 128 * 128]);
        assert_eq!(t.outputs[0].shape(), &[8, 124, 124]);
        assert_eq!(t.outputs[5].shape(), &[16, 29, 29]);
    }

    #[test]
    fn a_scene_too_small_for_the_filters_is_refused() {
        let net = Model::new(&ModelSpec::reference(), &mut Rng::new(5)).unwrap();
        let err = front_end(&net, Shape::new(1, 6, 6)).unwrap_err();
        assert!(err.contains("does not fit"), "{err}");
    }
}
