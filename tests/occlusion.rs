//! Occlusion sensitivity on the pretrained model: covering the ink lowers
//! the probability of the chosen class more than covering the background,
//! and the map's peak lies on the digit.

mod common;

use cnn_playground::panels::inspect::occlusion::{Occlusion, PATCH};

#[test]
fn covering_ink_hurts_more_than_covering_background() {
    let mut model = common::pretrained::model();
    let test = common::bundled::split("test");
    let (mut checked, mut total) = (0, 0.0);
    for i in 0..20 {
        let img = test.image(i);
        let mut occ = Occlusion::new(&mut model, img).unwrap();
        if occ.class != test.labels[i] as usize {
            continue;
        }
        // Every patch place: how much ink it covers, and the drop it causes.
        let mut places = Vec::new();
        for y in (0..=28 - PATCH).step_by(2) {
            for x in (0..=28 - PATCH).step_by(2) {
                let ink: f32 = (y..y + PATCH)
                    .map(|r| img[r * 28 + x..r * 28 + x + PATCH].iter().sum::<f32>())
                    .sum();
                places.push((ink, occ.base - occ.covered(&mut model, x, y)));
            }
        }
        places.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mean = |v: &[(f32, f32)]| v.iter().map(|p| p.1).sum::<f32>() / v.len().max(1) as f32;
        let inky = mean(&places[..10]);
        let blank: Vec<(f32, f32)> = places.iter().copied().filter(|p| p.0 == 0.0).collect();
        assert!(!blank.is_empty());
        let background = mean(&blank);
        assert!(
            inky > background,
            "image {i}: mean drop over the most ink {inky}, over background {background}"
        );
        while occ.advance(&mut model, 7) {}
        let (px, py) = occ.peak();
        // The peak is on or next to ink.
        let near_ink = (py.saturating_sub(2)..(py + 3).min(28))
            .any(|y| (px.saturating_sub(2)..(px + 3).min(28)).any(|x| img[y * 28 + x] > 0.3));
        assert!(near_ink, "image {i}: peak ({px}, {py}) is not near the ink");
        checked += 1;
        total += inky;
    }
    assert!(
        checked >= 15,
        "only {checked} of 20 were classified correctly"
    );
    let mean = total / checked as f32;
    println!("mean drop over the inkiest patches: {mean:.3}");
    assert!(mean > 0.02, "covering ink barely matters: {mean}");
}
