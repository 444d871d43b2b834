//! What the results views show, picked from a held-out [`Evaluation`].
//!
//! A prediction gallery, the most confidently wrong digits, the most
//! confused class pairs and the confusion matrix's row shares. Pure
//! functions, so the choices are tested natively.

use crate::core::Evaluation;

/// One test digit as the galleries show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Index into the held-out set (what `Input::Test` takes).
    pub index: usize,
    pub label: usize,
    pub predicted: usize,
    pub correct: bool,
    /// The three most probable classes, most probable first.
    pub top: Vec<(usize, f32)>,
}

/// The `k` largest probabilities with their classes, largest first (ties
/// keep the lower class first). NaN probabilities sort last.
pub fn top_k(probs: &[f32], k: usize) -> Vec<(usize, f32)> {
    let mut idx: Vec<(usize, f32)> = probs.iter().copied().enumerate().collect();
    idx.sort_by(|a, b| {
        let (x, y) = (finite_or_min(a.1), finite_or_min(b.1));
        y.total_cmp(&x).then(a.0.cmp(&b.0))
    });
    idx.truncate(k);
    idx
}

fn finite_or_min(v: f32) -> f32 {
    if v.is_nan() {
        f32::NEG_INFINITY
    } else {
        v
    }
}

/// The gallery entry for test image `i`, if it was evaluated.
pub fn item(eval: &Evaluation, labels: &[u8], i: usize) -> Option<Item> {
    let (predicted, probs) = eval.predictions.get(i)?;
    let label = *labels.get(i)? as usize;
    Some(Item {
        index: i,
        label,
        predicted: *predicted,
        correct: *predicted == label,
        top: top_k(probs, 3),
    })
}

/// The first `n` held-out digits, right or wrong: an honest sample.
pub fn sample(eval: &Evaluation, labels: &[u8], n: usize) -> Vec<Item> {
    (0..n.min(eval.predictions.len()))
        .filter_map(|i| item(eval, labels, i))
        .collect()
}

/// Up to `n` misclassified digits, the most confidently wrong first.
pub fn most_confused(eval: &Evaluation, labels: &[u8], n: usize) -> Vec<Item> {
    let mut wrong: Vec<Item> = (0..eval.predictions.len())
        .filter_map(|i| item(eval, labels, i))
        .filter(|it| !it.correct)
        .collect();
    let conf = |it: &Item| it.top.first().map(|t| finite_or_min(t.1)).unwrap_or(0.0);
    wrong.sort_by(|a, b| conf(b).total_cmp(&conf(a)).then(a.index.cmp(&b.index)));
    wrong.truncate(n);
    wrong
}

/// Off-diagonal cells of `confusion[true][predicted]`, largest first:
/// `(true class, predicted class, count)`: the `n` largest and every pair
/// that ties with the `n`-th, zeros left out.
pub fn confused_pairs(confusion: &[Vec<u32>], n: usize) -> Vec<(usize, usize, u32)> {
    let mut pairs: Vec<(usize, usize, u32)> = confusion
        .iter()
        .enumerate()
        .flat_map(|(t, row)| {
            row.iter()
                .enumerate()
                .filter(move |(p, &c)| *p != t && c > 0)
                .map(move |(p, &c)| (t, p, c))
        })
        .collect();
    pairs.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    // Keep every pair that ties with the n-th: cutting a tie would name
    // some of the equally confused pairs and hide the others.
    let keep = match (n, pairs.get(n.saturating_sub(1))) {
        (0, _) => 0,
        (_, Some(&(_, _, cut))) => pairs.iter().take_while(|p| p.2 >= cut).count(),
        (_, None) => pairs.len(),
    };
    pairs.truncate(keep);
    pairs
}

/// `"an 8 read as 3: 4 times"`.
pub fn pair_text(truth: usize, read: usize, count: u32) -> String {
    format!(
        "{} {truth} read as {read}: {count} time{}",
        crate::core::numfmt::article(truth as u64),
        if count == 1 { "" } else { "s" }
    )
}

/// Each cell as a share of its row (how often true class `t` was predicted
/// as `p`), so rare and common classes get comparable colours.
pub fn row_shares(confusion: &[Vec<u32>]) -> Vec<Vec<f32>> {
    confusion
        .iter()
        .map(|row| {
            let total: u32 = row.iter().sum();
            row.iter()
                .map(|&c| {
                    if total == 0 {
                        0.0
                    } else {
                        c as f32 / total as f32
                    }
                })
                .collect()
        })
        .collect()
}

/// A confusion cell's position on the diverging colour scale (`-1..=1`):
/// correct predictions (the diagonal) go towards blue, mistakes towards
/// red, empty cells stay white. The square root makes the few-percent
/// mistakes visible next to a 98% diagonal.
pub fn cell_tone(share: f32, diagonal: bool) -> f32 {
    let t = share.clamp(0.0, 1.0).sqrt();
    if diagonal {
        -t
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_at_the_cut_are_all_listed_with_their_article() {
        // 5 mistakes 4->9, then three pairs with 4 each: asking for 3 lists 4.
        let mut m = vec![vec![0u32; 10]; 10];
        m[4][9] = 5;
        m[8][3] = 4;
        m[7][2] = 4;
        m[3][5] = 4;
        m[1][7] = 1;
        let p = confused_pairs(&m, 3);
        assert_eq!(p, [(4, 9, 5), (3, 5, 4), (7, 2, 4), (8, 3, 4)]);
        assert_eq!(confused_pairs(&m, 1), [(4, 9, 5)]);
        assert!(confused_pairs(&m, 0).is_empty());
        assert_eq!(confused_pairs(&m, 9).len(), 5);
        assert_eq!(pair_text(8, 3, 4), "an 8 read as 3: 4 times");
        assert_eq!(pair_text(7, 2, 1), "a 7 read as 2: 1 time");
    }

    fn eval() -> (Evaluation, Vec<u8>) {
        let p = |v: [f32; 3]| v.to_vec();
        let predictions = vec![
            (0, p([0.7, 0.2, 0.1])),
            (2, p([0.1, 0.3, 0.6])),   // label 1: wrong, 0.6 sure
            (1, p([0.05, 0.9, 0.05])), // label 0: wrong, 0.9 sure
            (2, p([0.0, 0.0, 1.0])),
        ];
        let confusion = vec![vec![1, 1, 0], vec![0, 0, 1], vec![0, 0, 1]];
        (
            Evaluation {
                loss: 0.5,
                accuracy: 0.5,
                confusion,
                predictions,
            },
            vec![0, 1, 0, 2],
        )
    }

    #[test]
    fn top_three_in_order() {
        let t = top_k(&[0.1, 0.5, f32::NAN, 0.3, 0.1], 3);
        assert_eq!(t, vec![(1, 0.5), (3, 0.3), (0, 0.1)]);
    }

    #[test]
    fn sample_marks_right_and_wrong() {
        let (e, labels) = eval();
        let s = sample(&e, &labels, 10);
        assert_eq!(s.len(), 4);
        assert!(s[0].correct && !s[1].correct && !s[2].correct && s[3].correct);
        assert_eq!(s[1].top[0], (2, 0.6));
    }

    #[test]
    fn most_confused_puts_the_surest_mistake_first() {
        let (e, labels) = eval();
        let m = most_confused(&e, &labels, 5);
        assert_eq!(m.iter().map(|i| i.index).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(most_confused(&e, &labels, 1).len(), 1);
    }

    #[test]
    fn pairs_and_shares() {
        let (e, _) = eval();
        assert_eq!(confused_pairs(&e.confusion, 5), vec![(0, 1, 1), (1, 2, 1)]);
        let s = row_shares(&e.confusion);
        assert_eq!(s[0], vec![0.5, 0.5, 0.0]);
        assert_eq!(s[1], vec![0.0, 0.0, 1.0]);
    }

    #[test]
    fn tones_separate_right_from_wrong() {
        assert_eq!(cell_tone(0.0, false), 0.0);
        assert_eq!(cell_tone(1.0, true), -1.0);
        assert_eq!(cell_tone(0.04, false), 0.2);
        assert_eq!(cell_tone(7.0, false), 1.0);
    }

    #[test]
    fn missing_labels_are_skipped_not_panicking() {
        let (e, _) = eval();
        assert!(sample(&e, &[0, 1], 10).len() == 2);
        assert_eq!(item(&e, &[0], 3), None);
    }
}
