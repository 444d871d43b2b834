//! The race's training subset: a seeded, class-balanced (stratified) pick.
//!
//! Both networks train on exactly the same images, so the only difference
//! between them is the architecture. Balancing the classes keeps a 500-image
//! subset from missing a digit by bad luck.

use crate::core::Rng;

/// Indices of `n` images from `labels`, as evenly spread over the classes as
/// the data allows, chosen by `seed`, in ascending order. `n >= labels.len()`
/// gives every image.
///
/// Classes are taken round-robin (0, 1, ..., 9, 0, 1, ...), each from its own
/// shuffled list, so the counts per class differ by at most one unless a
/// class runs out of images.
pub fn stratified(labels: &[u8], n: usize, seed: u64) -> Result<Vec<usize>, String> {
    if n == 0 {
        return Err("the training subset needs at least one image".into());
    }
    if labels.is_empty() {
        return Err("there are no training images to choose from".into());
    }
    if n >= labels.len() {
        return Ok((0..labels.len()).collect());
    }
    let classes = labels.iter().map(|&y| y as usize + 1).max().unwrap_or(0);
    let mut by_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
    for (i, &y) in labels.iter().enumerate() {
        by_class[y as usize].push(i);
    }
    let mut rng = Rng::new(seed);
    for list in &mut by_class {
        rng.shuffle(list);
    }
    let mut picked = Vec::with_capacity(n);
    let mut round = 0;
    while picked.len() < n {
        for list in &by_class {
            if picked.len() == n {
                break;
            }
            if let Some(&i) = list.get(round) {
                picked.push(i);
            }
        }
        round += 1;
    }
    picked.sort_unstable();
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(per_class: usize) -> Vec<u8> {
        (0..per_class * 10).map(|i| (i % 10) as u8).collect()
    }

    #[test]
    fn balanced_distinct_and_seeded() {
        let ys = labels(80);
        let a = stratified(&ys, 500, 7).unwrap();
        assert_eq!(a.len(), 500);
        let mut counts = [0; 10];
        for &i in &a {
            counts[ys[i] as usize] += 1;
        }
        assert_eq!(counts, [50; 10]);
        let mut d = a.clone();
        d.dedup();
        assert_eq!(d.len(), 500, "no image twice");
        assert_eq!(a, stratified(&ys, 500, 7).unwrap());
        assert_ne!(a, stratified(&ys, 500, 8).unwrap());
    }

    #[test]
    fn uneven_n_and_short_classes() {
        // Class 3 has only 2 images: it gives what it has, the rest fill up.
        let mut ys = labels(20);
        ys.retain(|&y| y != 3);
        ys.extend([3, 3]);
        let a = stratified(&ys, 105, 1).unwrap();
        assert_eq!(a.len(), 105);
        let threes = a.iter().filter(|&&i| ys[i] == 3).count();
        assert_eq!(threes, 2);
    }

    #[test]
    fn all_and_bad_requests() {
        let ys = labels(3);
        assert_eq!(stratified(&ys, 30, 1).unwrap(), (0..30).collect::<Vec<_>>());
        assert_eq!(stratified(&ys, 99, 1).unwrap().len(), 30);
        assert!(stratified(&ys, 0, 1).is_err());
        assert!(stratified(&[], 5, 1).is_err());
    }
}
