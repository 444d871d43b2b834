//! Finite-difference gradient checks: every layer (including stride, padding
//! and overlapping pools) and whole networks.
//!
//! Each check compares backward's gradient with a central difference
//! `(L(t + e) - L(t - e)) / 2e`, where the scalar `L` is accumulated in f64.
//! Layers are checked through `L = sum(y * r)` with a fixed random `r`, so
//! `dL/dy = r`. Inputs are random, so ties (kinks of ReLU and max) are
//! astronomically unlikely to fall within `e` of a value.

use cnn_playground::core::layers::Layer;
use cnn_playground::core::{LayerSpec, Model, ModelSpec, Rng, Shape};

// Natively a plain test; in wasm (`--target wasm32-unknown-unknown`) the same
// test runs in Chromium, in whichever build (simd128, or relaxed SIMD) RUSTFLAGS ask for.
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const EPS: f32 = 1e-3;

fn randn(n: usize, rng: &mut Rng) -> Vec<f32> {
    (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

/// Passes when `|a - b| <= 2e-2 * max(|a|, |b|) + 5e-4`.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 2e-2 * a.abs().max(b.abs()) + 5e-4
}

fn weighted_sum(layer: &mut Layer, x: &[f32], r: &[f32], n: usize) -> f64 {
    let mut y = vec![0.0; r.len()];
    layer.forward(x, &mut y, n);
    y.iter().zip(r).map(|(&a, &b)| a as f64 * b as f64).sum()
}

/// Checks d/dx and d/dparams of one layer built from `spec` on input `shape`.
fn check_layer(spec: LayerSpec, shape: Shape, n: usize) {
    let info = &ModelSpec::new(
        shape,
        vec![spec, LayerSpec::Flatten, LayerSpec::Dense { units: 2 }],
    )
    .validate()
    .expect("valid test spec")[0];
    let mut rng = Rng::new(7);
    let mut layer = Layer::new(info, &mut rng);
    // Random (non-zero) biases too, so their gradient is exercised off zero.
    if let Some((_, b, _, _)) = layer.params_grads_mut() {
        b.iter_mut().for_each(|v| *v = rng.uniform(-0.5, 0.5));
    }
    layer.reserve(n, true);
    let mut x = randn(n * shape.len(), &mut rng);
    let r = randn(n * info.output.len(), &mut rng);

    let mut y = vec![0.0; r.len()];
    layer.forward(&x, &mut y, n);
    layer.zero_grad();
    let mut dx = vec![0.0; x.len()];
    layer.backward(&x, &r, Some(&mut dx), n);
    let (dw, db) = layer
        .grads()
        .map(|(w, b)| (w.to_vec(), b.to_vec()))
        .unwrap_or_default();

    for i in 0..x.len() {
        let keep = x[i];
        x[i] = keep + EPS;
        let up = weighted_sum(&mut layer, &x, &r, n);
        x[i] = keep - EPS;
        let down = weighted_sum(&mut layer, &x, &r, n);
        x[i] = keep;
        let num = (up - down) / (2.0 * EPS as f64);
        assert!(
            close(dx[i] as f64, num),
            "{spec} dx[{i}]: backward {} vs numeric {num}",
            dx[i]
        );
    }
    for (which, analytic) in [(0, dw), (1, db)] {
        for (i, &a) in analytic.iter().enumerate() {
            let nudge = |layer: &mut Layer, d: f32| {
                let (w, b, _, _) = layer.params_grads_mut().expect("has params");
                if which == 0 {
                    w[i] += d
                } else {
                    b[i] += d
                }
            };
            nudge(&mut layer, EPS);
            let up = weighted_sum(&mut layer, &x, &r, n);
            nudge(&mut layer, -2.0 * EPS);
            let down = weighted_sum(&mut layer, &x, &r, n);
            nudge(&mut layer, EPS);
            let num = (up - down) / (2.0 * EPS as f64);
            assert!(
                close(a as f64, num),
                "{spec} param {which}[{i}]: backward {a} vs numeric {num}"
            );
        }
    }
}

fn conv(filters: usize, kernel: usize, stride: usize, padding: usize) -> LayerSpec {
    LayerSpec::Conv {
        filters,
        kernel,
        stride,
        padding,
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_valid() {
    check_layer(conv(3, 3, 1, 0), Shape::new(2, 6, 6), 2);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_padding_same() {
    check_layer(conv(2, 3, 1, 1), Shape::new(2, 5, 5), 2);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_stride_2_with_padding() {
    check_layer(conv(3, 3, 2, 1), Shape::new(2, 7, 7), 2);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_stride_3_kernel_5_padding_2_non_square() {
    check_layer(conv(2, 5, 3, 2), Shape::new(1, 8, 11), 2);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conv_1x1() {
    check_layer(conv(4, 1, 1, 0), Shape::new(3, 4, 4), 3);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn maxpool_2x2() {
    check_layer(LayerSpec::pool(2), Shape::new(2, 6, 6), 2);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn maxpool_overlapping_3_stride_2() {
    check_layer(
        LayerSpec::MaxPool { size: 3, stride: 2 },
        Shape::new(2, 7, 7),
        2,
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn avgpool_2x2_and_overlapping_3_stride_2() {
    check_layer(
        LayerSpec::AvgPool { size: 2, stride: 2 },
        Shape::new(2, 6, 6),
        2,
    );
    check_layer(
        LayerSpec::AvgPool { size: 3, stride: 2 },
        Shape::new(2, 7, 7),
        2,
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn avgpool_text_form_round_trips() {
    let spec: ModelSpec = "6x6x1|c2k3|apool2s2|d2".parse().unwrap();
    assert_eq!(spec.layers[1], LayerSpec::AvgPool { size: 2, stride: 2 });
    assert_eq!(spec.to_string(), "6x6x1|c2k3s1p0|apool2s2|d2");
    let info = spec.validate().unwrap();
    assert_eq!(info[1].name, "avgpool1");
    assert_eq!(info[1].output, Shape::new(2, 2, 2));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn global_pools() {
    check_layer(LayerSpec::GlobalMaxPool, Shape::new(3, 4, 5), 2);
    check_layer(LayerSpec::GlobalAvgPool, Shape::new(3, 4, 5), 2);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn relu_flatten_dense() {
    check_layer(LayerSpec::Relu, Shape::new(2, 3, 3), 2);
    check_layer(LayerSpec::Flatten, Shape::new(2, 3, 3), 2);
    check_layer(LayerSpec::Dense { units: 4 }, Shape::new(2, 3, 3), 3);
}

/// Whole network: mean cross-entropy through every layer vs. the gradient
/// `compute_gradients` leaves in the layers.
fn check_network(spec: ModelSpec, n: usize) {
    let mut rng = Rng::new(11);
    let mut model = Model::new(&spec, &mut rng).expect("valid test spec");
    let mut params = model.params_flat();
    // Non-zero biases, so ReLUs and pools see varied inputs.
    params
        .iter_mut()
        .for_each(|v| *v += rng.uniform(-0.05, 0.05));
    model.set_params_flat(&params).unwrap();
    let images = randn(n * spec.input.len(), &mut rng);
    let k = model.classes();
    let labels: Vec<u8> = (0..n).map(|i| (i % k) as u8).collect();
    model.compute_gradients(&images, &labels);
    let grads = model.grads_flat();
    assert_eq!(grads.len(), params.len());
    // Every parameter of these small nets.
    for i in 0..params.len() {
        let keep = params[i];
        params[i] = keep + EPS;
        model.set_params_flat(&params).unwrap();
        let up = model.batch_loss(&images, &labels);
        params[i] = keep - EPS;
        model.set_params_flat(&params).unwrap();
        let down = model.batch_loss(&images, &labels);
        params[i] = keep;
        let num = (up - down) / (2.0 * EPS as f64);
        assert!(
            close(grads[i] as f64, num),
            "{spec} param {i}: backward {} vs numeric {num}",
            grads[i]
        );
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn network_conv_stride_pad_pool_dense() {
    use LayerSpec::*;
    let spec = ModelSpec::new(
        Shape::new(2, 9, 9),
        vec![
            conv(3, 3, 2, 1),
            Relu,
            conv(4, 3, 1, 1),
            Relu,
            LayerSpec::pool(2),
            Flatten,
            Dense { units: 3 },
        ],
    );
    check_network(spec, 3);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn network_global_pools() {
    use LayerSpec::*;
    let gavg = ModelSpec::new(
        Shape::new(1, 6, 6),
        vec![conv(3, 3, 1, 0), Relu, GlobalAvgPool],
    );
    check_network(gavg, 4);
    let gmax = ModelSpec::new(
        Shape::new(1, 6, 6),
        vec![conv(4, 3, 1, 1), GlobalMaxPool, Dense { units: 3 }],
    );
    check_network(gmax, 4);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn network_mlp() {
    check_network(ModelSpec::mlp(Shape::new(1, 4, 4), &[6, 5], 3), 3);
}
