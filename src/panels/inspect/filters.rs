//! Learned filters as small heatmaps, with their weight counts.
//!
//! Weights are signed, so every filter uses the diverging scale with a range
//! symmetric around zero, shared by all filters of the layer: white is
//! exactly zero, and two filters' colours mean the same weights.
//! A filter over several input channels is drawn as its `k x k` slices side
//! by side (at most [`SLICES_PER_ROW`] a row), separated by see-through gaps.

use super::{fingerprint, short};
use crate::core::count;
use crate::core::layers::Layer;
use crate::core::Model;
use crate::panels::heatmap::{Range, Scale};
use std::rc::Rc;

/// Input-channel slices per row in a filter image.
pub const SLICES_PER_ROW: usize = 8;

/// One filter, ready to paint.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterImage {
    pub index: usize,
    pub w: usize,
    pub h: usize,
    pub rgba: Rc<Vec<u8>>,
    pub bias: f32,
    /// Weight count, for example `5x5x1 + 1 = 26`.
    pub count: String,
    /// Text alternative: layer, filter, shape, value range.
    pub alt: String,
}

/// Every filter of one conv layer.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterSet {
    /// Spec index of the conv layer.
    pub layer: usize,
    pub name: String,
    pub kernel: usize,
    pub in_channels: usize,
    /// Shared symmetric range of all weights of the layer.
    pub range: Range,
    pub filters: Vec<FilterImage>,
    /// Fingerprint of the weights and biases: changes when any weight does.
    pub hash: u64,
}

/// `5x5x1 + 1 = 26`: one filter's weights plus its bias.
pub fn weight_count(kernel: usize, in_channels: usize) -> String {
    let total = count::conv_params(in_channels as u128, kernel as u128, 1);
    format!("{kernel}x{kernel}x{in_channels} + 1 = {total}")
}

/// Spec indices and names of the model's conv layers, in order.
pub fn conv_layers(model: &Model) -> Vec<(usize, String)> {
    model
        .layers()
        .iter()
        .zip(model.info())
        .filter(|(l, _)| matches!(l, Layer::Conv(_)))
        .map(|(_, i)| (i.index, i.name.clone()))
        .collect()
}

/// Width and height of the image of one filter over `c` input channels.
pub fn filter_grid(kernel: usize, c: usize) -> (usize, usize) {
    let cols = c.clamp(1, SLICES_PER_ROW);
    let rows = c.max(1).div_ceil(cols);
    (cols * kernel + cols - 1, rows * kernel + rows - 1)
}

/// The filters of the conv layer at spec index `layer`, or `None` when that
/// layer is not a conv layer.
pub fn filter_set(model: &Model, layer: usize) -> Option<FilterSet> {
    let Some(Layer::Conv(conv)) = model.layers().get(layer) else {
        return None;
    };
    let name = model.info()[layer].name.clone();
    let (k, c, f) = (conv.cfg.kernel, conv.cfg.input.c, conv.cfg.filters);
    let range = Range::symmetric(&conv.weight);
    let per = c * k * k;
    let (w, h) = filter_grid(k, c);
    let cols = c.clamp(1, SLICES_PER_ROW);
    let filters = (0..f)
        .map(|i| {
            let wts = &conv.weight[i * per..(i + 1) * per];
            // [c, k, k] slices laid out in a grid; gaps stay transparent.
            let mut rgba = vec![0u8; w * h * 4];
            for ch in 0..c {
                let (gx, gy) = ((ch % cols) * (k + 1), (ch / cols) * (k + 1));
                for ky in 0..k {
                    for kx in 0..k {
                        let v = wts[(ch * k + ky) * k + kx];
                        let at = ((gy + ky) * w + gx + kx) * 4;
                        rgba[at..at + 4].copy_from_slice(&Scale::Diverging.color(v, range));
                    }
                }
            }
            let r = Range::min_max(wts);
            FilterImage {
                index: i,
                w,
                h,
                rgba: Rc::new(rgba),
                bias: conv.bias[i],
                count: weight_count(k, c),
                alt: format!(
                    "{name} filter {} of {f}: {k}x{k} weights over {c} input channel{}, from {} to {}, bias {}",
                    i + 1,
                    if c == 1 { "" } else { "s" },
                    short(r.lo),
                    short(r.hi),
                    short(conv.bias[i])
                ),
            }
        })
        .collect();
    let mut all = conv.weight.clone();
    all.extend_from_slice(&conv.bias);
    Some(FilterSet {
        layer,
        name,
        kernel: k,
        in_channels: c,
        range,
        filters,
        hash: fingerprint(&all),
    })
}

/// Filters of the first conv layer, if the model has one.
pub fn first_layer(model: &Model) -> Option<FilterSet> {
    conv_layers(model)
        .first()
        .and_then(|(i, _)| filter_set(model, *i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{ModelSpec, Rng};

    #[test]
    fn weight_counts_as_the_lecture_writes_them() {
        assert_eq!(weight_count(5, 1), "5x5x1 + 1 = 26");
        assert_eq!(weight_count(3, 1), "3x3x1 + 1 = 10");
        assert_eq!(weight_count(3, 8), "3x3x8 + 1 = 73");
    }

    #[test]
    fn default_net_first_layer_filters() {
        let model = Model::new(&ModelSpec::default_cnn(), &mut Rng::new(1)).unwrap();
        let set = first_layer(&model).unwrap();
        assert_eq!((set.name.as_str(), set.layer), ("conv1", 0));
        assert_eq!(set.filters.len(), 8);
        assert_eq!((set.filters[0].w, set.filters[0].h), (3, 3));
        assert_eq!(set.filters[0].count, "3x3x1 + 1 = 10");
        assert_eq!(set.range.lo, -set.range.hi);
        assert!(set.filters[3]
            .alt
            .starts_with("conv1 filter 4 of 8: 3x3 weights over 1 input channel,"));
        let names: Vec<String> = conv_layers(&model).into_iter().map(|c| c.1).collect();
        assert_eq!(names, ["conv1", "conv2", "conv3", "conv4"]);
        assert!(filter_set(&model, 1).is_none(), "relu1 has no filters");
    }

    #[test]
    fn deeper_filters_lay_channels_out_with_gaps() {
        let model = Model::new(&ModelSpec::default_cnn(), &mut Rng::new(1)).unwrap();
        let set = filter_set(&model, 7).unwrap(); // conv4: 16 filters over 16 channels
        assert_eq!(set.in_channels, 16);
        assert_eq!(filter_grid(3, 16), (8 * 3 + 7, 2 * 3 + 1));
        let f = &set.filters[0];
        assert_eq!(f.rgba.len(), f.w * f.h * 4);
        // Column 3 of row 0 is the gap after the first slice: transparent.
        assert_eq!(f.rgba[3 * 4 + 3], 0);
        assert_eq!(f.rgba[3], 255, "a weight pixel is opaque");
        // Slice 9 starts row 2 (after one gap row), column 4 (after one gap).
        let Layer::Conv(conv) = &model.layers()[7] else {
            unreachable!()
        };
        let v = conv.weight[9 * 9]; // filter 0, channel 9, (0, 0)
        let at = (4 * f.w + 4) * 4;
        assert_eq!(&f.rgba[at..at + 4], &Scale::Diverging.color(v, set.range));
    }

    #[test]
    fn the_hash_changes_when_a_weight_does() {
        let mut model = Model::new(&ModelSpec::default_cnn(), &mut Rng::new(1)).unwrap();
        let before = first_layer(&model).unwrap().hash;
        // The first layer's weights come first in the flat order.
        let mut p = model.params_flat();
        p[4] += 0.01;
        model.set_params_flat(&p).unwrap();
        assert_ne!(first_layer(&model).unwrap().hash, before);
    }
}
