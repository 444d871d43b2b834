//! The architecture editor's model: blocks of (conv, ReLU) x n + max-pool,
//! then a classifier.
//!
//! This is the "typical structure" the lesson teaches, kept as a few numbers
//! a person can edit ([`Arch`]), and converted to and from the core's flat
//! [`ModelSpec`]. Counting and shape checking stay in the core
//! ([`ModelSpec::validate`]); here we only group its [`LayerInfo`] rows by
//! block, and say which block a refused layer belongs to (`parts.rs`).

mod parts;

pub use parts::{Part, PartRows};

use crate::core::{LayerSpec, ModelSpec, Shape};

/// One block: convolutions (each followed by ReLU), then a 2x2 max-pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Filters of each convolution in the block, in order (the lecture's
    /// pattern has two).
    pub filters: Vec<usize>,
    /// Kernel size shared by the block's convolutions.
    pub kernel: usize,
    /// Zero padding that keeps the map size ("same"), or none ("valid").
    pub same: bool,
}

impl Default for Block {
    fn default() -> Self {
        Block {
            filters: vec![8, 8],
            kernel: 3,
            same: true,
        }
    }
}

impl Block {
    /// Number of convolutions.
    pub fn convs(&self) -> usize {
        self.filters.len()
    }

    /// Sets the number of convolutions (1 to [`MAX_CONVS`]); new ones copy
    /// the last one's filter count.
    pub fn set_convs(&mut self, n: usize) {
        let n = n.clamp(1, MAX_CONVS);
        let last = self.filters.last().copied().unwrap_or(8);
        self.filters.resize(n, last);
    }
}

/// A network in block form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arch {
    pub input: Shape,
    pub blocks: Vec<Block>,
    /// Units of a hidden dense layer (with ReLU) before the output; 0 = none.
    pub hidden: usize,
    pub classes: usize,
}

/// Pool size of every block.
pub const POOL: usize = 2;
/// Most blocks the editor offers (a 28x28 input is 1x1 after 4 halvings anyway).
pub const MAX_BLOCKS: usize = 6;
/// Most convolutions in one block.
pub const MAX_CONVS: usize = 4;

impl Arch {
    /// Reads a spec written in block form. `None` when its layers do not
    /// follow the pattern (the editor then offers to start from the default).
    pub fn from_spec(spec: &ModelSpec) -> Option<Arch> {
        let mut blocks = Vec::new();
        let mut rest: &[LayerSpec] = &spec.layers;
        while let Some((block, used)) = read_block(rest) {
            blocks.push(block);
            rest = &rest[used..];
        }
        let (hidden, classes) = match rest {
            [LayerSpec::Flatten, LayerSpec::Dense { units }] => (0, *units),
            [LayerSpec::Flatten, LayerSpec::Dense { units: h }, LayerSpec::Relu, LayerSpec::Dense { units }] => {
                (*h, *units)
            }
            _ => return None,
        };
        Some(Arch {
            input: spec.input,
            blocks,
            hidden,
            classes,
        })
    }

    /// The flat layer list the core trains.
    pub fn to_spec(&self) -> ModelSpec {
        let mut layers = Vec::new();
        for b in &self.blocks {
            for &filters in &b.filters {
                layers.push(LayerSpec::Conv {
                    filters,
                    kernel: b.kernel,
                    stride: 1,
                    padding: if b.same { b.kernel / 2 } else { 0 },
                });
                layers.push(LayerSpec::Relu);
            }
            layers.push(LayerSpec::pool(POOL));
        }
        layers.push(LayerSpec::Flatten);
        if self.hidden > 0 {
            layers.push(LayerSpec::Dense { units: self.hidden });
            layers.push(LayerSpec::Relu);
        }
        layers.push(LayerSpec::Dense {
            units: self.classes,
        });
        ModelSpec::new(self.input, layers)
    }

    /// Appends a block like the last one with twice the filters (the usual
    /// "halve the map, double the channels" rule). No-op at [`MAX_BLOCKS`].
    pub fn add_block(&mut self) {
        if self.blocks.len() >= MAX_BLOCKS {
            return;
        }
        let next = match self.blocks.last() {
            Some(b) => Block {
                filters: b
                    .filters
                    .iter()
                    .map(|f| (f * 2).min(crate::core::spec::MAX_CHANNELS))
                    .collect(),
                ..b.clone()
            },
            None => Block::default(),
        };
        self.blocks.push(next);
    }

    /// Removes block `i` (ignored when out of range).
    pub fn remove_block(&mut self, i: usize) {
        if i < self.blocks.len() {
            self.blocks.remove(i);
        }
    }
}

/// Reads `(conv, relu) x n, pool2` from the front of `layers`; returns the
/// block and how many layers it used.
fn read_block(layers: &[LayerSpec]) -> Option<(Block, usize)> {
    let mut block: Option<Block> = None;
    let mut i = 0;
    while let [LayerSpec::Conv {
        filters,
        kernel,
        stride: 1,
        padding,
    }, LayerSpec::Relu, ..] = layers[i..]
    {
        let same = match padding {
            0 if kernel > 1 => false,
            p if p == kernel / 2 => true,
            _ => return None,
        };
        match block.as_mut() {
            None => {
                block = Some(Block {
                    filters: vec![filters],
                    kernel,
                    same,
                })
            }
            Some(b) if b.kernel == kernel && b.same == same => b.filters.push(filters),
            Some(_) => return None,
        }
        i += 2;
    }
    let block = block?;
    match layers.get(i) {
        Some(LayerSpec::MaxPool { size, stride }) if *size == POOL && *stride == POOL => {
            Some((block, i + 1))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_cnn_round_trips_through_blocks() {
        let spec = ModelSpec::default_cnn();
        let arch = Arch::from_spec(&spec).expect("default is in block form");
        assert_eq!(arch.blocks.len(), 2);
        assert_eq!(arch.blocks[0].filters, vec![8, 8]);
        assert_eq!(arch.blocks[1].filters, vec![16, 32]);
        assert!(arch.blocks[0].same);
        assert_eq!((arch.hidden, arch.classes), (0, 10));
        assert_eq!(arch.to_spec(), spec);
    }

    #[test]
    fn the_reference_net_reads_as_one_conv_valid_blocks() {
        let spec = ModelSpec::reference();
        let arch = Arch::from_spec(&spec).unwrap();
        assert_eq!(arch.blocks.len(), 2);
        assert_eq!(arch.blocks[0].filters, vec![8]);
        assert!(!arch.blocks[0].same);
        assert_eq!(arch.blocks[0].kernel, 5);
        assert_eq!(arch.to_spec(), spec);
    }

    #[test]
    fn other_shapes_are_not_forced_into_blocks() {
        let mlp = ModelSpec::mlp(crate::core::spec::MNIST_INPUT, &[100], 10);
        // An MLP is zero blocks plus a classifier with a hidden layer.
        let arch = Arch::from_spec(&mlp).unwrap();
        assert!(arch.blocks.is_empty());
        assert_eq!(arch.hidden, 100);
        let mut odd = ModelSpec::default_cnn();
        odd.layers.insert(0, LayerSpec::GlobalMaxPool);
        assert_eq!(Arch::from_spec(&odd), None);
        // Mixed kernels inside one block do not fit the form either.
        let mut mixed = ModelSpec::default_cnn();
        mixed.layers[2] = LayerSpec::conv_same(8, 5);
        assert_eq!(Arch::from_spec(&mixed), None);
    }

    #[test]
    fn remove_and_limits() {
        let mut arch = Arch::from_spec(&ModelSpec::default_cnn()).unwrap();
        arch.remove_block(0);
        arch.remove_block(9);
        assert_eq!(arch.blocks.len(), 1);
        for _ in 0..10 {
            arch.add_block();
        }
        assert_eq!(arch.blocks.len(), MAX_BLOCKS);
        assert_eq!(arch.part_of(0), Part::Block(0));
        assert_eq!(arch.part_of(10_000), Part::Classifier);
    }

    #[test]
    fn conv_count_grows_by_copying_the_last() {
        let mut b = Block {
            filters: vec![4, 6],
            ..Block::default()
        };
        b.set_convs(4);
        assert_eq!(b.filters, vec![4, 6, 6, 6]);
        b.set_convs(0);
        assert_eq!(b.filters, vec![4]);
    }
}
