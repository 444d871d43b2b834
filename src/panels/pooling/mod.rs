//! Pooling, shown: one max-pool window up close, and the compute it saves.
//!
//! [`window`] reads one window of the map *before* the pool, picks the
//! survivor with the core's tie rule (the first maximum in reading order),
//! and [`gradient`] says where backpropagation sends the gradient: all of it
//! to the survivor, none to the others. [`savings`] counts the multiply-adds
//! of the layer after each pool with the pool in place and with it removed,
//! using the spec's own counting.

use crate::core::{LayerInfo, LayerSpec, ModelSpec};

/// One pooling window, read from the map before the pool.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolWindow {
    pub size: usize,
    /// Top-left input-map unit of the window.
    pub top: (usize, usize),
    /// `size * size` values, row-major.
    pub values: Vec<f32>,
    /// Index in `values` of the value that survives.
    pub winner: usize,
}

impl PoolWindow {
    /// The pooled value.
    pub fn max(&self) -> f32 {
        self.values[self.winner]
    }
}

/// The window of pooled unit `(oy, ox)` over one `h x w` channel `map`.
/// `None` when the unit or the window lies outside the map.
pub fn window(
    map: &[f32],
    (h, w): (usize, usize),
    (size, stride): (usize, usize),
    (oy, ox): (usize, usize),
) -> Option<PoolWindow> {
    let (y0, x0) = (oy * stride, ox * stride);
    if size == 0 || y0 + size > h || x0 + size > w || map.len() < h * w {
        return None;
    }
    let values: Vec<f32> = (0..size)
        .flat_map(|dy| (0..size).map(move |dx| (dy, dx)))
        .map(|(dy, dx)| map[(y0 + dy) * w + x0 + dx])
        .collect();
    // Strictly greater: ties go to the first maximum, as in the core.
    let mut winner = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[winner] {
            winner = i;
        }
    }
    Some(PoolWindow {
        size,
        top: (y0, x0),
        values,
        winner,
    })
}

/// The pooled unit whose window's values differ the most (the first on
/// ties), so the zoom opens where "which value survives" is worth seeing.
pub fn liveliest(
    map: &[f32],
    (h, w): (usize, usize),
    (size, stride): (usize, usize),
) -> (usize, usize) {
    let (Some(oh), Some(ow)) = (
        crate::core::spec::window_out(h, size, stride, 0),
        crate::core::spec::window_out(w, size, stride, 0),
    ) else {
        return (0, 0);
    };
    let mut best = ((0, 0), f32::NEG_INFINITY);
    for oy in 0..oh {
        for ox in 0..ow {
            if let Some(win) = window(map, (h, w), (size, stride), (oy, ox)) {
                let lo = win.values.iter().copied().fold(f32::INFINITY, f32::min);
                let spread = win.max() - lo;
                if spread > best.1 {
                    best = ((oy, ox), spread);
                }
            }
        }
    }
    best.0
}

/// Gradient reaching each input of the window when `dy` arrives at the
/// pooled unit: all of it at the survivor, zero everywhere else.
pub fn gradient(win: &PoolWindow, dy: f32) -> Vec<f32> {
    (0..win.values.len())
        .map(|i| if i == win.winner { dy } else { 0.0 })
        .collect()
}

/// What one pooling layer saves the layer after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saving {
    /// The pool (`pool1`).
    pub pool: String,
    /// The next layer with weights (`conv3`, `dense1`).
    pub next: String,
    /// Its multiply-adds per image with the pool in place.
    pub with_pool: u64,
    /// Its multiply-adds per image with this pool removed, or why that
    /// network would not be valid.
    pub without_pool: Result<u64, String>,
}

impl Saving {
    /// How many times fewer multiply-adds the pool leaves (`4.0` for a 2x2 pool).
    pub fn factor(&self) -> Option<f64> {
        match self.without_pool {
            Ok(w) if self.with_pool > 0 => Some(w as f64 / self.with_pool as f64),
            _ => None,
        }
    }
}

/// One [`Saving`] per max-pool layer followed by a layer with weights.
pub fn savings(spec: &ModelSpec) -> Result<Vec<Saving>, String> {
    let info = spec.validate().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (i, l) in info.iter().enumerate() {
        if !matches!(l.spec, LayerSpec::MaxPool { .. }) {
            continue;
        }
        let Some(next) = info[i + 1..].iter().find(|n| n.params > 0) else {
            continue;
        };
        let mut layers = spec.layers.clone();
        layers.remove(i);
        let without = ModelSpec::new(spec.input, layers);
        let without_pool = without
            .validate()
            .map(|v| v[next.index - 1].macs)
            .map_err(|e| format!("without {} the network does not fit: {e}", l.name));
        out.push(Saving {
            pool: l.name.clone(),
            next: next.name.clone(),
            with_pool: next.macs,
            without_pool,
        });
    }
    Ok(out)
}

/// Spec indices of the windowed max-pool layers.
pub fn pool_layers(info: &[LayerInfo]) -> Vec<usize> {
    info.iter()
        .filter(|l| matches!(l.spec, LayerSpec::MaxPool { .. }))
        .map(|l| l.index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Model, Rng};

    #[test]
    fn survivor_and_gradient_by_hand() {
        #[rustfmt::skip]
        let map = [
            0.1, 0.9, 0.2, 0.0,
            0.3, 0.4, 0.7, 0.7,
        ];
        let w = window(&map, (2, 4), (2, 2), (0, 0)).unwrap();
        assert_eq!(w.values, [0.1, 0.9, 0.3, 0.4]);
        assert_eq!((w.winner, w.max()), (1, 0.9));
        assert_eq!(gradient(&w, 2.5), [0.0, 2.5, 0.0, 0.0]);
        let tie = window(&map, (2, 4), (2, 2), (0, 1)).unwrap();
        assert_eq!(tie.top, (0, 2));
        assert_eq!(tie.winner, 2, "ties go to the first maximum");
        assert!(window(&map, (2, 4), (2, 2), (1, 0)).is_none());
    }

    #[test]
    fn windows_agree_with_the_core_pool() {
        let spec = ModelSpec::default_cnn();
        let mut model = Model::new(&spec, &mut Rng::new(4)).unwrap();
        let image: Vec<f32> = (0..784).map(|i| ((i * 7) % 31) as f32 / 31.0).collect();
        let t = model.trace(&image);
        // pool1 (index 4) pools relu2 (index 3): 8 x 28 x 28 -> 8 x 14 x 14.
        for c in [0, 5] {
            let plane: Vec<f32> = t.outputs[3]
                .slice(ndarray::s![c, .., ..])
                .iter()
                .copied()
                .collect();
            for (oy, ox) in [(0, 0), (6, 9), (13, 13)] {
                let w = window(&plane, (28, 28), (2, 2), (oy, ox)).unwrap();
                assert_eq!(w.max(), t.outputs[4][[c, oy, ox]]);
            }
        }
    }

    #[test]
    fn default_net_pools_save_four_times_the_next_layer() {
        let s = savings(&ModelSpec::default_cnn()).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].pool.as_str(), s[0].next.as_str()), ("pool1", "conv3"));
        // conv3: 16 filters of 3x3x8 at 14x14, or at 28x28 without pool1.
        assert_eq!(s[0].with_pool, 16 * 72 * 14 * 14);
        assert_eq!(s[0].without_pool, Ok(16 * 72 * 28 * 28));
        assert_eq!(s[0].factor(), Some(4.0));
        // dense1 after pool2: 32*7*7 = 1568 inputs, or 32*14*14 = 6272 without it.
        assert_eq!(
            (s[1].pool.as_str(), s[1].next.as_str()),
            ("pool2", "dense1")
        );
        assert_eq!(s[1].with_pool, 15_680);
        assert_eq!(s[1].without_pool, Ok(62_720));
    }

    #[test]
    fn other_nets_and_bad_specs() {
        // 8x8 -> pool -> 4x4 -> 3x3 conv -> 2x2; without the pool 6x6.
        let spec: ModelSpec = "8x8x1|pool2|c2k3|flatten|d10".parse().unwrap();
        let s = savings(&spec).unwrap();
        assert_eq!(
            (s[0].with_pool, s[0].without_pool.clone()),
            (2 * 9 * 4, Ok(2 * 9 * 36))
        );
        assert_eq!(s[0].factor(), Some(9.0));
        // A pool with nothing after it that has weights saves nothing to count.
        let last: ModelSpec = "8x8x1|c10k3|gmax".parse().unwrap();
        assert!(savings(&last).unwrap().is_empty());
        let bad: ModelSpec = "4x4x1|c2k9|d10".parse().unwrap();
        assert!(savings(&bad).unwrap_err().contains("conv1"));
    }

    #[test]
    fn opens_on_the_liveliest_window() {
        #[rustfmt::skip]
        let map = [
            0.0, 0.0, 0.5, 0.4,
            0.0, 0.0, 0.5, 0.5,
            0.0, 0.9, 0.0, 0.0,
            0.1, 0.0, 0.0, 0.0,
        ];
        assert_eq!(liveliest(&map, (4, 4), (2, 2)), (1, 0));
        assert_eq!(liveliest(&[0.0; 16], (4, 4), (2, 2)), (0, 0));
        assert_eq!(
            liveliest(&[0.0; 4], (2, 2), (3, 3)),
            (0, 0),
            "window does not fit"
        );
    }

    #[test]
    fn lists_pool_layers() {
        let info = ModelSpec::default_cnn().validate().unwrap();
        assert_eq!(pool_layers(&info), [4, 9]);
    }
}
