//! What one channel responds to: the held-out images that excite it most.
//!
//! For a chosen layer and channel, every held-out image goes through the
//! model up to that layer, and the channel's largest value is its score. The
//! [`TOP`] best are kept, highest first, each with the channel's map for that
//! image. [`TopImages::advance`] scores a few images at a time, so a browser
//! can spread the work over short tasks.

use super::maps::layer_scale;
use crate::core::{Dataset, Model};
use crate::panels::heatmap::{to_rgba, Range, Scale};
use std::rc::Rc;

/// How many images are kept.
pub const TOP: usize = 9;

/// A layer a person can pick: spec index, name, channels.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerChoice {
    pub index: usize,
    pub name: String,
    pub channels: usize,
}

/// Every layer of the model, with its channel count (a flat layer's units
/// count as channels of one value each).
pub fn choices(model: &Model) -> Vec<LayerChoice> {
    model
        .info()
        .iter()
        .map(|l| LayerChoice {
            index: l.index,
            name: l.name.clone(),
            channels: l.output.c,
        })
        .collect()
}

/// One of the best images: test index, the channel's maximum, and the
/// channel's map for it (`None` for a flat layer, whose "map" is one value).
#[derive(Clone, Debug, PartialEq)]
pub struct TopImage {
    pub index: usize,
    pub value: f32,
    pub map: Option<ChannelMap>,
}

/// A channel's map for one image, painted on a scale shared by the best images.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelMap {
    pub w: usize,
    pub h: usize,
    pub rgba: Rc<Vec<u8>>,
}

/// The search over the held-out images for one channel of one layer.
#[derive(Clone, Debug, PartialEq)]
pub struct TopImages {
    pub layer: usize,
    pub channel: usize,
    /// How many held-out images are scored.
    pub total: usize,
    next: usize,
    /// The best so far, highest first (ties: lower index first).
    best: Vec<(usize, f32)>,
    scratch: Vec<f32>,
}

impl TopImages {
    /// A search over the first `total` images of `data` (all when larger).
    /// Refused with a message when the layer or channel does not exist or the
    /// images do not fit the model.
    pub fn new(
        model: &Model,
        data: &Dataset,
        layer: usize,
        channel: usize,
    ) -> Result<TopImages, String> {
        let info = model.info();
        let l = info
            .get(layer)
            .ok_or_else(|| format!("the model has {} layers, not {}", info.len(), layer + 1))?;
        if channel >= l.output.c {
            return Err(format!(
                "{} has {} channels, numbered 0 to {}",
                l.name,
                l.output.c,
                l.output.c - 1
            ));
        }
        if data.shape.len() != model.input_len() {
            return Err("the held-out images do not fit the model's input".into());
        }
        Ok(TopImages {
            layer,
            channel,
            total: data.len(),
            next: 0,
            best: Vec::with_capacity(TOP + 1),
            scratch: Vec::new(),
        })
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.total
    }

    /// Images scored so far.
    pub fn scored(&self) -> usize {
        self.next
    }

    /// Scores up to `n` more images (one batch); true while some are left.
    pub fn advance(&mut self, model: &mut Model, data: &Dataset, n: usize) -> bool {
        let n = n.max(1).min(self.total - self.next.min(self.total));
        if n == 0 {
            return false;
        }
        let len = data.shape.len();
        let images = &data.images[self.next * len..(self.next + n) * len];
        let mut scores = std::mem::take(&mut self.scratch);
        scores.clear();
        if model.channel_maxima(images, n, self.layer, self.channel, &mut scores) {
            for (k, &v) in scores.iter().enumerate() {
                self.offer(self.next + k, v);
            }
        }
        self.scratch = scores;
        self.next += n;
        !self.is_done()
    }

    fn offer(&mut self, index: usize, value: f32) {
        if !value.is_finite() {
            return;
        }
        let at = self.best.partition_point(|&(_, v)| v >= value);
        if at < TOP {
            self.best.insert(at, (index, value));
            self.best.truncate(TOP);
        }
    }

    /// The best images so far: `(test index, channel maximum)`, highest first.
    pub fn best(&self) -> &[(usize, f32)] {
        &self.best
    }

    /// The best images with the channel's map for each, all on one colour
    /// scale (so their brightness compares).
    pub fn images(&self, model: &mut Model, data: &Dataset) -> Vec<TopImage> {
        let Some(shape) = model.info().get(self.layer).map(|l| l.output) else {
            return Vec::new();
        };
        let plane = shape.h * shape.w;
        let maps: Vec<Vec<f32>> = self
            .best
            .iter()
            .map(|&(i, _)| {
                let t = model.trace(data.image(i));
                t.outputs
                    .get(self.layer)
                    .map(|o| {
                        o.iter()
                            .skip(self.channel * plane)
                            .take(plane)
                            .copied()
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        let all: Vec<f32> = maps.iter().flatten().copied().collect();
        let (scale, range) = if all.is_empty() {
            (Scale::Sequential, Range { lo: 0.0, hi: 1.0 })
        } else {
            layer_scale(&all)
        };
        self.best
            .iter()
            .zip(maps)
            .map(|(&(index, value), m)| TopImage {
                index,
                value,
                map: (!shape.is_flat() && m.len() == plane).then(|| ChannelMap {
                    w: shape.w,
                    h: shape.h,
                    rgba: Rc::new(to_rgba(&m, scale, range)),
                }),
            })
            .collect()
    }
}
