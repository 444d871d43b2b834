//! Native tests of the dense-vs-conv calculator, its number formatting and
//! the per-layer comparison, against hand-computed counts.

use cnn_playground::core::numfmt::times;
use cnn_playground::core::spec::MNIST_INPUT;
use cnn_playground::core::{LayerKind, ModelSpec};
use cnn_playground::panels::calc::{
    compact, format_bytes, layer_comparison, thousands, CalcInput, Field, PRESETS,
};

fn input(
    width: u64,
    height: u64,
    channels: u64,
    neurons: u64,
    kernel: u64,
    filters: u64,
) -> CalcInput {
    CalcInput {
        width,
        height,
        channels,
        neurons,
        kernel,
        filters,
    }
}

#[test]
fn lecture_photo_by_hand() {
    let out = input(1000, 1000, 3, 100, 3, 100).compute().unwrap();
    assert_eq!(out.dense.params, 300_000_100);
    assert_eq!(
        out.dense.formula,
        "1000 x 1000 x 3 x 100 + 100 = 300,000,100"
    );
    assert_eq!(out.conv.params, 2_800);
    assert_eq!(out.conv.formula, "3 x 3 x 3 x 100 + 100 = 2,800");
    // 4 bytes a parameter: 1,200,000,400 bytes = 1200.0004 MB.
    assert!((out.dense.memory_mb - 1200.0004).abs() < 0.01);
    assert!((out.conv.memory_mb - 0.0112).abs() < 1e-6);
    // Dense: one multiply-add per weight. Conv ('same'): 27 per output value,
    // 100 maps of 1000 x 1000 values -- more compute than the dense layer.
    assert_eq!(out.dense.macs, 300_000_000);
    assert_eq!(out.conv.macs, 2_700_000_000);
    assert!((out.param_ratio - 300_000_100.0 / 2_800.0).abs() < 1e-6);
    assert!((out.mac_ratio - 1.0 / 9.0).abs() < 1e-9);
}

#[test]
fn lecture_ten_to_the_eight_in_gray() {
    let out = input(1000, 1000, 1, 100, 3, 100).compute().unwrap();
    assert_eq!(out.dense.params, 100_000_000 + 100);
    assert_eq!(compact(out.dense.params), "100 million");
}

#[test]
fn mnist_preset_by_hand() {
    let p = PRESETS.iter().find(|p| p.input.width == 28).unwrap();
    let out = p.input.compute().unwrap();
    assert_eq!(out.dense.params, 28 * 28 * 100 + 100); // 78,500
    assert_eq!(out.conv.params, 5 * 5 * 8 + 8); // 208
    assert_eq!(out.dense.macs, 78_400);
    assert_eq!(out.conv.macs, 25 * 8 * 784); // 156,800
                                             // The phone photo: 4000 x 3000 x 3 x 100 + 100.
    let phone = PRESETS.iter().find(|p| p.input.width == 4000).unwrap();
    let out = phone.input.compute().unwrap();
    assert_eq!(out.dense.params, 3_600_000_100);
    assert_eq!(
        out.dense.formula,
        "4000 x 3000 x 3 x 100 + 100 = 3,600,000,100"
    );
    assert_eq!(compact(out.dense.params), "3.6 billion");
}

#[test]
fn huge_images_are_exact() {
    let out = input(100_000, 100_000, 3, 1_000_000, 3, 100)
        .compute()
        .unwrap();
    assert_eq!(out.dense.params, 30_000_000_000_000_000 + 1_000_000);
    assert_eq!(
        out.dense.formula,
        "100000 x 100000 x 3 x 1000000 + 1000000 = 30,000,000,001,000,000"
    );
    assert_eq!(compact(out.dense.params), "3.0e16");
    assert!((out.dense.memory_mb / 1.2e11 - 1.0).abs() < 1e-6);
    // The largest accepted inputs still fit comfortably.
    let max = input(1_000_000, 1_000_000, 3, 1_000_000, 15, 4096)
        .compute()
        .unwrap();
    assert_eq!(max.dense.params, 3_000_000_000_000_000_000 + 1_000_000);
    assert_eq!(max.conv.macs, 15 * 15 * 3 * 4096 * 1_000_000_000_000u128);
}

#[test]
fn bad_inputs_get_one_message_each() {
    let errs = input(0, 10, 2, 0, 16, 5000).check();
    let fields: Vec<Field> = errs.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            Field::Width,
            Field::Neurons,
            Field::Kernel,
            Field::Filters,
            Field::Channels
        ]
    );
    assert!(errs[0].message.contains("1,000,000"), "{}", errs[0].message);
    assert!(
        errs[4].message.contains("1 (gray) or 3"),
        "{}",
        errs[4].message
    );
    // A filter larger than the image.
    let errs = input(4, 30, 1, 10, 5, 8).compute().unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].field, Field::Kernel);
    assert_eq!(errs[0].message, "a 5x5 filter does not fit a 4x30 image");
    let errs = input(8, 30, 1, 10, 11, 8).compute().unwrap_err();
    assert_eq!(
        errs[0].message,
        "an 11x11 filter does not fit an 8x30 image"
    );
    assert!(input(2_000_000, 10, 1, 1, 1, 1).compute().is_err());
    assert!(input(1, 1, 1, 1, 1, 1).compute().is_ok());
}

#[test]
fn number_formatting() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(300_000_100), "300,000,100");
    assert_eq!(compact(2_800), "2,800");
    assert_eq!(compact(1_500_000), "1.5 million");
    assert_eq!(compact(12_345_678), "12.3 million");
    assert_eq!(compact(300_000_100), "300 million");
    assert_eq!(compact(999_999_999), "1 billion");
    assert_eq!(compact(3_000_000_000_000), "3.0e12");
    assert_eq!(compact(u128::MAX), "3.4e38");
    assert_eq!(format_bytes(832), "832 B");
    assert_eq!(format_bytes(11_200), "11.2 KB");
    assert_eq!(format_bytes(999_999), "1 MB");
    assert_eq!(format_bytes(1_200_000_400), "1.2 GB");
    assert_eq!(format_bytes(10u128.pow(21) * 4), "4.0e21 B");
    assert_eq!(times(3.64), "3.6x");
    assert_eq!(times(107_142.9), "107,143x");
    assert_eq!(times(3e16), "3.0e16x");
    assert_eq!(times(f64::NAN), "-");
}

#[test]
fn reference_net_layer_by_layer() {
    let c = layer_comparison(&ModelSpec::reference()).unwrap();
    let weighted: Vec<(&str, u128, Option<u128>)> = c
        .rows
        .iter()
        .filter(|r| r.dense_params.is_some())
        .map(|r| (r.name.as_str(), r.params, r.dense_params))
        .collect();
    // conv1: 1x28x28 -> 8x24x24: 784 * 4608 + 4608.
    // conv2: 8x12x12 -> 16x8x8: 1152 * 1024 + 1024.
    // dense1: 256 -> 10, the same either way.
    assert_eq!(
        weighted,
        [
            ("conv1", 208, Some(3_617_280)),
            ("conv2", 3_216, Some(1_180_672)),
            ("dense1", 2_570, Some(2_570)),
        ]
    );
    let pool = c
        .rows
        .iter()
        .find(|r| r.kind == LayerKind::MaxPool)
        .unwrap();
    assert_eq!((pool.params, pool.dense_params), (0, None));
    assert_eq!(c.total_params, 5_994);
    assert_eq!(c.total_dense, 4_800_522);
    assert!((c.ratio() - 4_800_522.0 / 5_994.0).abs() < 1e-9);
    // An MLP is already dense: ratio 1.
    let mlp = layer_comparison(&ModelSpec::mlp(MNIST_INPUT, &[100], 10)).unwrap();
    assert_eq!(mlp.total_params, mlp.total_dense);
    assert_eq!(mlp.total_params, 78_500 + 1_010);
}

/// The comparison sentence for one set of inputs, bold part and rest joined.
fn said(i: CalcInput) -> String {
    let (w, rest) = cnn_playground::panels::calc::compare::sentence(&i.compute().unwrap());
    format!("{w}, {rest}")
}

#[test]
fn sentence_dense_more_weights_conv_more_multiply_adds() {
    // Lecture photo: 300,000,100 vs 2,800 weights; 3e8 vs 2.7e9 multiply-adds.
    assert_eq!(
        said(input(1000, 1000, 3, 100, 3, 100)),
        "The dense layer needs 107,143x as many weights as the conv layer, \
         but the conv layer needs 9.0x as many multiply-adds as the dense layer: \
         the conv layer computes a full map per filter, yet stores only its few shared weights."
    );
}

#[test]
fn sentence_conv_more_in_both() {
    // 28x28x1 into 1 neuron vs 4096 filters of 15x15: 785 vs 925,696 weights,
    // 784 vs 722,534,400 multiply-adds. The old text said "921,600x fewer".
    let s = said(input(28, 28, 1, 1, 15, 4096));
    assert_eq!(
        s,
        "The conv layer needs 1,179x as many weights as the dense layer, \
         and the conv layer needs 921,600x as many multiply-adds as the dense layer."
    );
    assert!(!s.contains("fewer"));
}

#[test]
fn sentence_dense_more_in_both() {
    // 28x28x1 into 100 neurons vs one 1x1 filter: 78,500 vs 2 weights,
    // 78,400 vs 784 multiply-adds.
    assert_eq!(
        said(input(28, 28, 1, 100, 1, 1)),
        "The dense layer needs 39,250x as many weights as the conv layer, \
         and the dense layer needs 100x as many multiply-adds as the conv layer."
    );
}

#[test]
fn sentence_equal_weights_and_equal_multiply_adds() {
    // 1x1x1 into 1 neuron vs one 1x1 filter: 2 vs 2 weights, 1 vs 1 multiply-add.
    assert_eq!(
        said(input(1, 1, 1, 1, 1, 1)),
        "Both layers need the same number of weights, \
         and both layers need the same number of multiply-adds."
    );
    // 28x28x1 into 9 neurons vs one 3x3 filter: 7,065 vs 10 weights, 7,056 each.
    assert_eq!(
        said(input(28, 28, 1, 9, 3, 1)),
        "The dense layer needs 707x as many weights as the conv layer, \
         and both layers need the same number of multiply-adds."
    );
}
