//! The calculator's comparison sentence, generated from the two counts in
//! whichever direction they point: dense above conv, conv above dense, or
//! equal, for weights and for multiply-adds alike.

use super::CalcOutput;
use crate::core::numfmt::{self, times};
use std::cmp::Ordering;

/// Which layer a count is larger for.
fn larger(dense: u128, conv: u128) -> Ordering {
    dense.cmp(&conv)
}

/// `"the dense layer needs 3.6x as many weights as the conv layer"`, either
/// way round, or `"both layers need the same number of weights"`.
pub fn clause(dense: u128, conv: u128, noun: &str) -> String {
    let (big, small, n, d) = match larger(dense, conv) {
        Ordering::Equal => return format!("both layers need the same number of {noun}"),
        Ordering::Greater => ("dense", "conv", dense, conv),
        Ordering::Less => ("conv", "dense", conv, dense),
    };
    let ratio = if d == 0 {
        f64::INFINITY
    } else {
        n as f64 / d as f64
    };
    format!(
        "the {big} layer needs {} as many {noun} as the {small} layer",
        times(ratio)
    )
}

/// The sentence under the two cards: the weights clause (shown in bold) and
/// the rest, which joins the multiply-adds clause with "and" when both counts
/// point the same way and "but" when they do not.
pub fn sentence(o: &CalcOutput) -> (String, String) {
    let w = larger(o.dense.params, o.conv.params);
    let m = larger(o.dense.macs, o.conv.macs);
    let weights = numfmt::sentence(&clause(o.dense.params, o.conv.params, "weights"));
    let macs = clause(o.dense.macs, o.conv.macs, "multiply-adds");
    let why = if w == Ordering::Greater && m == Ordering::Less {
        ": the conv layer computes a full map per filter, yet stores only its few shared weights"
    } else {
        ""
    };
    let joint = if w == m || w == Ordering::Equal || m == Ordering::Equal {
        "and"
    } else {
        "but"
    };
    (weights, format!("{joint} {macs}{why}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_reads_both_ways_and_equal() {
        assert_eq!(
            clause(10, 2, "weights"),
            "the dense layer needs 5.0x as many weights as the conv layer"
        );
        assert_eq!(
            clause(2, 10, "multiply-adds"),
            "the conv layer needs 5.0x as many multiply-adds as the dense layer"
        );
        assert_eq!(
            clause(7, 7, "weights"),
            "both layers need the same number of weights"
        );
    }
}
