//! The editor's table: which part of an [`Arch`] (a block or the
//! classifier) each layer of its spec belongs to, the core's checked rows
//! grouped by part, and the part a refused layer points at.

use super::Arch;
use crate::core::{LayerInfo, SpecError};

/// Where a layer sits in the block form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Block(usize),
    Classifier,
}

/// The checked rows of one part, for the editor's table.
#[derive(Clone, Debug, PartialEq)]
pub struct PartRows {
    pub part: Part,
    pub layers: Vec<LayerInfo>,
    pub params: u64,
    pub macs: u64,
}

impl Arch {
    /// Which part layer `index` of [`Arch::to_spec`] belongs to.
    pub fn part_of(&self, index: usize) -> Part {
        let mut start = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            let len = 2 * b.convs() + 1;
            if index < start + len {
                return Part::Block(i);
            }
            start += len;
        }
        Part::Classifier
    }

    /// Validates through the core and groups the rows by part. On refusal,
    /// returns the core's error and the part it points at.
    pub fn check(&self) -> Result<Vec<PartRows>, (SpecError, Option<Part>)> {
        let spec = self.to_spec();
        let infos = spec.validate().map_err(|e| {
            let part = match &e {
                SpecError::Layer { index, .. } => Some(self.part_of(*index)),
                SpecError::Head(_) => Some(Part::Classifier),
                _ => None,
            };
            (e, part)
        })?;
        let mut out: Vec<PartRows> = Vec::new();
        for info in infos {
            let part = self.part_of(info.index);
            if out.last().map(|r| r.part) != Some(part) {
                out.push(PartRows {
                    part,
                    layers: Vec::new(),
                    params: 0,
                    macs: 0,
                });
            }
            let rows = out.last_mut().expect("pushed above");
            rows.params += info.params;
            rows.macs += info.macs;
            rows.layers.push(info);
        }
        Ok(out)
    }

    /// Rows of the blocks before block `upto` (all blocks when it is past
    /// the end), so the editor can keep showing the part that still fits
    /// while it explains the part that does not.
    pub fn rows_before(&self, upto: usize) -> Vec<PartRows> {
        let head = Arch {
            blocks: self.blocks[..upto.min(self.blocks.len())].to_vec(),
            ..self.clone()
        };
        match head.check() {
            Ok(rows) => rows
                .into_iter()
                .filter(|r| r.part != Part::Classifier)
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{ModelSpec, Shape};

    #[test]
    fn adding_a_block_doubles_filters_and_rows_match_the_core() {
        let mut arch = Arch::from_spec(&ModelSpec::default_cnn()).unwrap();
        arch.add_block();
        assert_eq!(arch.blocks[2].filters, vec![32, 64]);
        let rows = arch.check().expect("28 -> 14 -> 7 -> 3 still fits");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[2].part, Part::Block(2));
        assert_eq!(rows[2].layers.last().unwrap().output, Shape::new(64, 3, 3));
        let spec = arch.to_spec();
        let total: u64 = rows.iter().map(|r| r.params).sum();
        assert_eq!(total, spec.total_params());
        let macs: u64 = rows.iter().map(|r| r.macs).sum();
        assert_eq!(macs, spec.total_macs());
        // Block 0 of the default: 8*(1*9)+8 + 8*(8*9)+8 parameters.
        assert_eq!(rows[0].params, 80 + 584);
    }

    #[test]
    fn too_many_blocks_are_refused_and_point_at_the_block() {
        let mut arch = Arch::from_spec(&ModelSpec::default_cnn()).unwrap();
        for _ in 0..3 {
            arch.add_block();
        }
        // 28 -> 14 -> 7 -> 3 -> 1 -> the fifth pool does not fit.
        let (err, part) = arch.check().unwrap_err();
        assert_eq!(part, Some(Part::Block(4)));
        assert!(err.to_string().contains("pool"), "{err}");
    }

    #[test]
    fn a_bad_kernel_is_refused_with_the_core_message() {
        let mut arch = Arch::from_spec(&ModelSpec::default_cnn()).unwrap();
        arch.blocks[1].kernel = 40;
        let (err, part) = arch.check().unwrap_err();
        assert_eq!(part, Some(Part::Block(1)));
        assert!(err.to_string().contains("kernel size 40"), "{err}");
        // Block 1 still fits and keeps its rows.
        let before = arch.rows_before(1);
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].part, Part::Block(0));
        assert_eq!(before[0].params, 80 + 584);
    }
}
