//! Weight sharing in numbers: one filter, the whole conv layer, and the
//! dense layers that would make the same output from the same input.

use crate::core::{count, LayerInfo, LayerSpec};

/// Weight counts side by side (weights plus biases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// One filter: `k*k*c + 1`.
    pub one_filter: u128,
    /// The whole conv layer: every filter.
    pub conv_layer: u128,
    /// A dense layer making one output map (`oh*ow` units) from the same input.
    pub dense_one_map: u128,
    /// A dense layer making the whole output (`f*oh*ow` units) from the same input.
    pub dense_layer: u128,
}

/// Counts for a conv layer, from the core's counting formulas.
pub fn counts(info: &LayerInfo) -> Option<Counts> {
    let LayerSpec::Conv {
        filters, kernel, ..
    } = info.spec
    else {
        return None;
    };
    let (c, k, f) = (info.input.c as u128, kernel as u128, filters as u128);
    let n_in = info.input.len() as u128;
    let plane = (info.output.h * info.output.w) as u128;
    Some(Counts {
        one_filter: count::conv_params(c, k, 1),
        conv_layer: count::conv_params(c, k, f),
        dense_one_map: count::dense_params(n_in, plane),
        dense_layer: count::dense_params(n_in, plane * f),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ModelSpec;

    #[test]
    fn counts_shared_filter_against_dense() {
        let info = ModelSpec::default_cnn().validate().unwrap();
        let c = counts(&info[0]).unwrap();
        assert_eq!(c.one_filter, 10);
        assert_eq!(c.conv_layer, 80);
        assert_eq!(c.dense_one_map, 784 * 784 + 784);
        assert_eq!(c.dense_layer, 784 * 6272 + 6272);
        assert!(counts(&info[1]).is_none());
    }
}
