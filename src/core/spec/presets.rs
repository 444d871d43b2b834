//! Ready-made specs: the MNIST input shape, the app's default CNN, the
//! reference net of the classic browser demos, and plain MLPs.

use super::layer::{LayerSpec, ModelSpec};
use super::shape::Shape;

/// MNIST's input: one channel of 28x28.
pub const MNIST_INPUT: Shape = Shape::new(1, 28, 28);

impl ModelSpec {
    /// The benchmark net of the ConvNetJS and TensorFlow.js MNIST demos:
    /// conv 5x5x8 valid + ReLU, maxpool 2, conv 5x5x16 + ReLU, maxpool 2, dense 10.
    pub fn reference() -> Self {
        use LayerSpec::*;
        ModelSpec::new(
            MNIST_INPUT,
            vec![
                LayerSpec::conv(8, 5),
                Relu,
                LayerSpec::pool(2),
                LayerSpec::conv(16, 5),
                Relu,
                LayerSpec::pool(2),
                Flatten,
                Dense { units: 10 },
            ],
        )
    }

    /// The app's default CNN, in the typical shape: (conv, conv, pool) twice,
    /// then a classifier. Small enough to train in seconds in a browser; the
    /// second block widens to 32 maps because the classifier needs them to pass
    /// 97% on MNIST within two epochs of 8,000 images.
    pub fn default_cnn() -> Self {
        use LayerSpec::*;
        ModelSpec::new(
            MNIST_INPUT,
            vec![
                LayerSpec::conv_same(8, 3),
                Relu,
                LayerSpec::conv_same(8, 3),
                Relu,
                LayerSpec::pool(2),
                LayerSpec::conv_same(16, 3),
                Relu,
                LayerSpec::conv_same(32, 3),
                Relu,
                LayerSpec::pool(2),
                Flatten,
                Dense { units: 10 },
            ],
        )
    }

    /// A plain multi-layer perceptron: dense + ReLU for each hidden size, then
    /// dense to `classes`. Used for the dense-vs-conv comparisons.
    pub fn mlp(input: Shape, hidden: &[usize], classes: usize) -> Self {
        let mut layers = vec![LayerSpec::Flatten];
        for &units in hidden {
            layers.push(LayerSpec::Dense { units });
            layers.push(LayerSpec::Relu);
        }
        layers.push(LayerSpec::Dense { units: classes });
        ModelSpec::new(input, layers)
    }
}
