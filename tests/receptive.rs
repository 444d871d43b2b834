//! Native tests of the receptive-field recurrence, against hand-computed
//! cases and against a brute-force walk through the windows.

use cnn_playground::core::receptive::{field_in_table, table, unit_field, Region};
use cnn_playground::core::{LayerSpec, ModelSpec, Shape};

fn sizes(spec: &ModelSpec) -> Vec<(usize, usize, i64)> {
    table(spec)
        .unwrap()
        .iter()
        .map(|r| (r.size, r.jump, r.start))
        .collect()
}

fn region(y0: i64, x0: i64, y1: i64, x1: i64) -> Region {
    Region { y0, x0, y1, x1 }
}

#[test]
fn reference_net_pool2_unit_sees_16x16() {
    let spec = ModelSpec::reference();
    let t = table(&spec).unwrap();
    let names: Vec<&str> = t.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names[..7],
        ["input", "conv1", "relu1", "pool1", "conv2", "relu2", "pool2"]
    );
    // By hand: conv5 -> 5 (jump 1); pool2 -> 5+1 = 6 (jump 2);
    // conv5 -> 6+4*2 = 14 (jump 2); pool2 -> 14+1*2 = 16 (jump 4).
    assert_eq!(
        sizes(&spec)[..7],
        [
            (1, 1, 0),
            (5, 1, 0),
            (5, 1, 0),
            (6, 2, 0),
            (14, 2, 0),
            (14, 2, 0),
            (16, 4, 0)
        ]
    );
    // pool2 is layer index 5; its 4x4 map tiles the 28x28 input with stride 4.
    let f = unit_field(&spec, 5, 0, 0).unwrap();
    assert_eq!(f.clipped, region(0, 0, 16, 16));
    let f = unit_field(&spec, 5, 3, 1).unwrap();
    assert_eq!(f.unclipped, region(12, 4, 28, 20));
    assert_eq!(f.clipped, f.unclipped);
    // The dense head sees everything.
    let last = spec.layers.len() - 1;
    let f = unit_field(&spec, last, 0, 0).unwrap();
    assert_eq!(f.clipped, region(0, 0, 28, 28));
    assert!(table(&spec).unwrap()[last + 1].global);
}

#[test]
fn same_padding_reaches_past_the_edge() {
    // default CNN: conv3 p1, conv3 p1, pool2, conv3 p1, conv3 p1, pool2.
    let spec = ModelSpec::default_cnn();
    let s = sizes(&spec);
    assert_eq!(s[1], (3, 1, -1)); // conv1
    assert_eq!(s[3], (5, 1, -2)); // conv2
    assert_eq!(s[5], (6, 2, -2)); // pool1
    assert_eq!(s[6], (10, 2, -4)); // conv3
    assert_eq!(s[8], (14, 2, -6)); // conv4
    assert_eq!(s[10], (16, 4, -6)); // pool2
    let f = unit_field(&spec, 9, 0, 0).unwrap();
    assert_eq!(f.unclipped, region(-6, -6, 10, 10));
    assert_eq!(f.clipped, region(0, 0, 10, 10));
    let f = unit_field(&spec, 9, 6, 6).unwrap();
    assert_eq!(f.unclipped, region(18, 18, 34, 34));
    assert_eq!(f.clipped, region(18, 18, 28, 28));
}

#[test]
fn stride_and_padding_by_hand() {
    // 9x9 input, conv k5 s2 p2 -> 5x5; then conv k3 s1 p0 -> 3x3; then gmax.
    let conv = |kernel, stride, padding| LayerSpec::Conv {
        filters: 2,
        kernel,
        stride,
        padding,
    };
    let spec = ModelSpec::new(
        Shape::new(1, 9, 9),
        vec![conv(5, 2, 2), conv(3, 1, 0), LayerSpec::GlobalMaxPool],
    );
    // conv1: size 5, jump 2, start -2. conv2: size 5 + 2*2 = 9, jump 2, start -2.
    assert_eq!(sizes(&spec)[1..3], [(5, 2, -2), (9, 2, -2)]);
    let f = unit_field(&spec, 0, 0, 4).unwrap();
    assert_eq!(f.unclipped, region(-2, 6, 3, 11));
    assert_eq!(f.clipped, region(0, 6, 3, 9));
    let f = unit_field(&spec, 1, 2, 1).unwrap();
    assert_eq!(f.unclipped, region(2, 0, 11, 9));
    assert_eq!(f.clipped, region(2, 0, 9, 9));
}

#[test]
fn bad_requests_get_messages() {
    let spec = ModelSpec::reference();
    let e = unit_field(&spec, 99, 0, 0).unwrap_err();
    assert!(e.contains("99"), "{e}");
    let e = unit_field(&spec, 0, 24, 0).unwrap_err();
    assert!(e.contains("conv1") && e.contains("24x24"), "{e}");
    let broken = ModelSpec::new(Shape::new(1, 4, 4), vec![LayerSpec::conv(2, 7)]);
    assert!(unit_field(&broken, 0, 0, 0).is_err());
}

/// Brute force: the clipped field of unit `(y, x)` is the bounding box of the
/// clipped fields of the in-range input-map units in its window.
#[test]
fn recurrence_matches_brute_force_on_mixed_nets() {
    use LayerSpec::*;
    let conv = |kernel, stride, padding| Conv {
        filters: 3,
        kernel,
        stride,
        padding,
    };
    let nets = [
        ModelSpec::reference(),
        ModelSpec::default_cnn(),
        ModelSpec::new(
            Shape::new(1, 23, 17),
            vec![
                conv(3, 2, 1),
                Relu,
                MaxPool { size: 3, stride: 2 },
                conv(5, 1, 4),
                conv(2, 3, 1),
                GlobalAvgPool,
            ],
        ),
    ];
    for spec in &nets {
        let info = spec.validate().unwrap();
        let t = table(spec).unwrap();
        // prev[y][x] = clipped field of the input-map unit (y, x).
        let mut prev: Vec<Vec<Region>> = (0..spec.input.h as i64)
            .map(|y| {
                (0..spec.input.w as i64)
                    .map(|x| region(y, x, y + 1, x + 1))
                    .collect()
            })
            .collect();
        for l in &info {
            let (k, s, p) = match l.spec {
                Conv {
                    kernel,
                    stride,
                    padding,
                    ..
                } => (kernel, stride, padding),
                MaxPool { size, stride } => (size, stride, 0),
                Relu => (1, 1, 0),
                _ => break,
            };
            let mut next = vec![vec![region(0, 0, 0, 0); l.output.w]; l.output.h];
            for (y, row) in next.iter_mut().enumerate() {
                for (x, cell) in row.iter_mut().enumerate() {
                    let mut bb: Option<Region> = None;
                    for dy in 0..k {
                        for dx in 0..k {
                            let (iy, ix) = (
                                (y * s + dy) as i64 - p as i64,
                                (x * s + dx) as i64 - p as i64,
                            );
                            if iy < 0 || ix < 0 || iy >= l.input.h as i64 || ix >= l.input.w as i64
                            {
                                continue;
                            }
                            let r = prev[iy as usize][ix as usize];
                            let b = bb.get_or_insert(r);
                            *b = region(
                                b.y0.min(r.y0),
                                b.x0.min(r.x0),
                                b.y1.max(r.y1),
                                b.x1.max(r.x1),
                            );
                        }
                    }
                    *cell = bb.expect("every window touches the map");
                    let f = field_in_table(&t, spec.input, l.index, y, x).unwrap();
                    assert_eq!(f.clipped, *cell, "{} unit ({y},{x}) in {spec}", l.name);
                }
            }
            prev = next;
        }
    }
}

#[test]
fn pixels_dropped_by_rounding_down_are_not_outlined() {
    // 7 wide: pool2 keeps 3 units (pixel 6 is never pooled); conv3 p1 on top.
    let spec = ModelSpec::new(
        Shape::new(1, 7, 7),
        vec![
            LayerSpec::pool(2),
            LayerSpec::conv_same(2, 3),
            LayerSpec::GlobalMaxPool,
        ],
    );
    assert_eq!(sizes(&spec)[1..3], [(2, 2, 0), (6, 2, -2)]);
    let f = unit_field(&spec, 1, 2, 2).unwrap();
    assert_eq!(f.unclipped, region(2, 2, 8, 8));
    // Cut to the image would be 2..7, but pixel 6 never reaches this unit.
    assert_eq!(f.clipped, region(2, 2, 6, 6));
}

/// What the brute-force walk holds after each layer: a field per map
/// position (all channels of a position share it), or a field per value of
/// a flat vector.
enum Seen {
    Map(Vec<Vec<Region>>),
    Flat(Vec<Region>),
}

fn bounding(all: impl Iterator<Item = Region>) -> Region {
    all.reduce(|b, r| {
        region(
            b.y0.min(r.y0),
            b.x0.min(r.x0),
            b.y1.max(r.y1),
            b.x1.max(r.x1),
        )
    })
    .expect("at least one unit")
}

/// Brute force for every layer kind: conv and pools through their windows,
/// ReLU unit by unit, flatten value by value (value `i` is unit `(c, y, x)`
/// of the map before it), and dense and global pools as the union of every
/// field they read. The table must agree for every unit of every layer.
#[test]
fn every_layer_kind_matches_brute_force_flatten_and_dense_included() {
    use cnn_playground::core::receptive::flat_field;
    use LayerSpec::*;
    let nets = [
        ModelSpec::reference(),
        ModelSpec::default_cnn(),
        ModelSpec::mlp(Shape::new(1, 6, 5), &[7], 3),
        ModelSpec::new(
            Shape::new(2, 12, 10),
            vec![
                LayerSpec::conv_same(3, 3),
                Relu,
                MaxPool { size: 2, stride: 2 },
                GlobalMaxPool,
                Dense { units: 4 },
                Relu,
                Dense { units: 2 },
            ],
        ),
        ModelSpec::new(
            Shape::new(1, 8, 8),
            vec![
                LayerSpec::conv(2, 3),
                AvgPool { size: 2, stride: 2 },
                GlobalAvgPool,
                Dense { units: 3 },
            ],
        ),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for spec in &nets {
        let info = spec.validate().unwrap();
        let t = table(spec).unwrap();
        let (h, w) = (spec.input.h as i64, spec.input.w as i64);
        let mut seen = Seen::Map(
            (0..h)
                .map(|y| (0..w).map(|x| region(y, x, y + 1, x + 1)).collect())
                .collect(),
        );
        for l in &info {
            kinds.insert(format!("{:?}", std::mem::discriminant(&l.spec)));
            let row = &t[l.index + 1];
            seen = match (&l.spec, &seen) {
                (
                    Conv {
                        kernel,
                        stride,
                        padding,
                        ..
                    },
                    Seen::Map(prev),
                ) => Seen::Map(windows(
                    prev, l.output.h, l.output.w, *kernel, *stride, *padding,
                )),
                (MaxPool { size, stride } | AvgPool { size, stride }, Seen::Map(prev)) => {
                    Seen::Map(windows(prev, l.output.h, l.output.w, *size, *stride, 0))
                }
                (Relu, Seen::Map(prev)) => Seen::Map(prev.clone()),
                (Relu, Seen::Flat(prev)) => Seen::Flat(prev.clone()),
                (Flatten, Seen::Map(prev)) => Seen::Flat(
                    (0..l.input.c)
                        .flat_map(|_| prev.iter().flatten().copied())
                        .collect(),
                ),
                (Dense { units }, _) => Seen::Flat(vec![everything(&seen); *units]),
                (GlobalMaxPool | GlobalAvgPool, Seen::Map(_)) => {
                    Seen::Flat(vec![everything(&seen); l.output.c])
                }
                (s, _) => panic!("{s:?} after a flat layer in {spec}"),
            };
            match &seen {
                Seen::Map(m) => {
                    for (y, r) in m.iter().enumerate() {
                        for (x, cell) in r.iter().enumerate() {
                            let f = field_in_table(&t, spec.input, l.index, y, x).unwrap();
                            assert_eq!(f.clipped, *cell, "{} unit ({y},{x}) in {spec}", l.name);
                        }
                    }
                }
                Seen::Flat(v) if matches!(l.spec, Flatten) => {
                    assert!(row.reshaped && !row.global, "{} in {spec}", l.name);
                    for (i, cell) in v.iter().enumerate() {
                        let f = flat_field(&t, spec.input, l.index, i).unwrap();
                        assert_eq!(f.clipped, *cell, "{} value {i} in {spec}", l.name);
                    }
                }
                Seen::Flat(v) => {
                    assert!(row.global, "{} in {spec} should see everything", l.name);
                    let f = field_in_table(&t, spec.input, l.index, 0, 0).unwrap();
                    for cell in v {
                        assert_eq!(f.clipped, *cell, "{} in {spec}", l.name);
                    }
                    assert_eq!(f.clipped, region(0, 0, h, w));
                }
            }
        }
    }
    // Conv, ReLU, max pool, average pool, flatten, dense, global max and
    // global average.
    assert_eq!(kinds.len(), 8, "{kinds:?}");
}

/// The union of every field a layer reads.
fn everything(seen: &Seen) -> Region {
    match seen {
        Seen::Map(m) => bounding(m.iter().flatten().copied()),
        Seen::Flat(v) => bounding(v.iter().copied()),
    }
}

/// Each output unit's field: the bounding box of the in-map units of its window.
fn windows(
    prev: &[Vec<Region>],
    oh: usize,
    ow: usize,
    k: usize,
    s: usize,
    p: usize,
) -> Vec<Vec<Region>> {
    let (ih, iw) = (prev.len() as i64, prev[0].len() as i64);
    (0..oh)
        .map(|y| {
            (0..ow)
                .map(|x| {
                    bounding((0..k * k).filter_map(|d| {
                        let iy = (y * s + d / k) as i64 - p as i64;
                        let ix = (x * s + d % k) as i64 - p as i64;
                        (iy >= 0 && ix >= 0 && iy < ih && ix < iw)
                            .then(|| prev[iy as usize][ix as usize])
                    }))
                })
                .collect()
        })
        .collect()
}
