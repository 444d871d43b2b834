//! Counting: parameters and multiply-adds of conv and dense layers.
//!
//! One set of formulas serves the spec tables, the dense-vs-conv calculator
//! and the cat demo's comparison. Counts are `u128`, so even absurd inputs
//! (a 100,000 x 100,000 photo into a million neurons) never overflow.

/// Weights + biases of a conv layer: `filters` filters of `k x k x in_c`, one bias each.
pub fn conv_params(in_c: u128, k: u128, filters: u128) -> u128 {
    in_c * k * k * filters + filters
}

/// Forward multiply-adds of a conv layer for one image: each output value
/// costs one `k x k x in_c` dot product.
pub fn conv_macs(in_c: u128, k: u128, filters: u128, out_h: u128, out_w: u128) -> u128 {
    in_c * k * k * filters * out_h * out_w
}

/// Weights + biases of a dense layer from `n_in` inputs to `units` neurons.
pub fn dense_params(n_in: u128, units: u128) -> u128 {
    n_in * units + units
}

/// Forward multiply-adds of a dense layer for one input.
pub fn dense_macs(n_in: u128, units: u128) -> u128 {
    n_in * units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lecture_photo_dense_layer_is_ten_to_the_eight_per_channel() {
        // 1000 x 1000 grey pixels into 100 neurons: 10^8 weights + 100 biases.
        assert_eq!(dense_params(1_000_000, 100), 100_000_100);
        // In colour: 1000 x 1000 x 3 x 100 + 100.
        assert_eq!(dense_params(3_000_000, 100), 300_000_100);
    }

    #[test]
    fn lecture_filters_are_about_three_thousand() {
        // 100 filters of 3 x 3 over RGB: 2,700 weights + 100 biases.
        assert_eq!(conv_params(3, 3, 100), 2_800);
    }

    #[test]
    fn reference_net_conv1_by_hand() {
        // 8 filters of 5x5x1 on 28x28 (valid) -> 8 x 24 x 24.
        assert_eq!(conv_params(1, 5, 8), 208);
        assert_eq!(conv_macs(1, 5, 8, 24, 24), 115_200);
    }

    #[test]
    fn huge_inputs_do_not_overflow() {
        let px: u128 = 100_000 * 100_000 * 3;
        assert_eq!(
            dense_params(px, 1_000_000),
            30_000_000_000_000_000 + 1_000_000
        );
    }
}
