//! The table, natively: weights files fuzzed past their checksum into
//! a live model (which must come out byte-identical when a load is refused),
//! the 150-byte file that asked for 342 M parameters, a learning rate that
//! overflows the weights in the update itself, a spec that does not fit the
//! data, and "back to the defaults".

mod common;

use cnn_playground::core::crc32::crc32;
use cnn_playground::core::{Dataset, Hyper, Model, ModelSpec, OptimizerKind, Rng, Shape};
use cnn_playground::core::{StepOutcome, Trainer, WeightsError};
use cnn_playground::session::{Action, Session, Status};
use common::bundled::split;

const HUGE_DENSE: &str = "28x28x1|flatten|d8192|d8192|d8192|d8192|d8192|d8192|d10";

/// A weights file with a valid checksum for any spec text, count and values.
fn file(spec: &str, count: u32, values: &[f32]) -> Vec<u8> {
    let mut b = b"CNNW".to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&(spec.len() as u32).to_le_bytes());
    b.extend_from_slice(spec.as_bytes());
    b.extend_from_slice(&count.to_le_bytes());
    for v in values {
        b.extend_from_slice(&v.to_le_bytes());
    }
    let crc = crc32(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    b
}

fn recrc(b: &mut [u8]) {
    let n = b.len() - 4;
    let crc = crc32(&b[..n]);
    b[n..].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn the_150_byte_file_of_342_million_parameters_is_refused_before_building() {
    let bytes = file(HUGE_DENSE, 0, &[]);
    assert!(bytes.len() < 160, "{} bytes", bytes.len());
    let e = Model::from_bytes(&bytes).unwrap_err();
    assert!(matches!(e, WeightsError::OverBudget(_)), "{e:?}");
    assert!(e.to_string().contains("the limit is 2,000,000"), "{e}");
    // A count that disagrees with a spec inside the budget is caught before
    // the values are even read.
    let e = Model::from_bytes(&file(&ModelSpec::reference().to_string(), 0, &[])).unwrap_err();
    assert!(
        matches!(e, WeightsError::WrongShape { found: 0, .. }),
        "{e:?}"
    );
}

#[test]
fn fuzzing_past_the_checksum_never_changes_a_live_model() {
    let mut rng = Rng::new(12);
    let mut live = Model::new(&ModelSpec::reference(), &mut Rng::new(4)).unwrap();
    let original = live.to_bytes();
    let specs = [
        HUGE_DENSE.to_string(),
        "28x28x1|c512k15s1p7|relu|c512k15s1p7|relu|gmax|d10".into(),
        "28x28x1|c8k5s1p0|relu|pool2s2|flatten|d5".into(),
        "28x28x1|flatten|d10".into(),
        ModelSpec::default_cnn().to_string(),
        "banana".into(),
        "28x28x1|c0k5|d10".into(),
        String::new(),
    ];
    let (mut refused, mut accepted) = (0, 0);
    for round in 0..3000 {
        let mut b = original.clone();
        let spec_len = u32::from_le_bytes([b[8], b[9], b[10], b[11]]) as usize;
        let count_at = 12 + spec_len;
        match round % 6 {
            // A byte of the spec text.
            0 => b[12 + rng.below(spec_len)] = rng.below(256) as u8,
            // Another spec text, same values.
            1 => {
                let values: Vec<f32> = b[count_at + 4..b.len() - 4]
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                let s = &specs[rng.below(specs.len())];
                b = file(s, values.len() as u32, &values);
            }
            // The count: zero, one off, huge.
            2 => {
                let c = [0u32, 1, 2_000_001, u32::MAX, rng.next_u64() as u32][rng.below(5)];
                b[count_at..count_at + 4].copy_from_slice(&c.to_le_bytes());
            }
            // The spec length field.
            3 => {
                let l = [0u32, 1, spec_len as u32 + 1, u32::MAX][rng.below(4)];
                b[8..12].copy_from_slice(&l.to_le_bytes());
            }
            // A value: NaN, infinity, or a finite one (a good load).
            4 => {
                let i = count_at + 4 + 4 * rng.below((b.len() - count_at - 8) / 4);
                let v = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.25][rng.below(4)];
                b[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            // Random bytes anywhere after the magic.
            _ => {
                for _ in 0..1 + rng.below(8) {
                    let i = 4 + rng.below(b.len() - 8);
                    b[i] = rng.below(256) as u8;
                }
            }
        }
        recrc(&mut b);
        let _ = Model::from_bytes(&b); // never panics
        let before = live.to_bytes();
        match live.load_bytes(&b) {
            Err(_) => {
                refused += 1;
                assert_eq!(
                    live.to_bytes(),
                    before,
                    "round {round}: a refused load changed the model"
                );
            }
            Ok(()) => {
                accepted += 1;
                assert!(live.params_finite(), "round {round}");
                live.load_bytes(&original).unwrap();
            }
        }
    }
    assert_eq!(live.to_bytes(), original);
    assert!(
        refused > 2000 && accepted > 100,
        "refused {refused}, accepted {accepted}"
    );
}

#[test]
fn an_update_that_overflows_the_weights_is_undone_on_the_first_step() {
    // `#train&lr=1000000&opt=sgd`, Reset, Step: the step's loss is finite,
    // the update is not. The weights come back exactly.
    let train = split("train");
    let hyper = Hyper {
        lr: 1e6,
        optimizer: OptimizerKind::SGD_MOMENTUM,
        ..Hyper::default()
    };
    let mut t = Trainer::new(&ModelSpec::default_cnn(), 1, hyper).unwrap();
    let fresh = t.model().params_flat();
    assert_eq!(t.step(&train), StepOutcome::Diverged { lr: 1e6 });
    assert_eq!(
        t.model().params_flat(),
        fresh,
        "the last good weights are back"
    );
    assert!(t.model().params_finite());
    assert_eq!(t.steps(), 0);
}

#[test]
fn the_session_shows_the_restore_and_keeps_going_after_a_lower_rate() {
    let (train, test) = (split("train"), split("test"));
    let hyper = Hyper {
        lr: 1e6,
        optimizer: OptimizerKind::SGD_MOMENTUM,
        ..Hyper::default()
    };
    let mut s = Session::new(ModelSpec::default_cnn(), hyper, 1).unwrap();
    s.apply(Action::DataLoaded {
        train,
        test,
        source: "bundled".into(),
    });
    s.apply(Action::Reset);
    let fresh = s.model().params_flat();
    s.apply(Action::Step);
    let mut t = 0.0;
    let mut clock = || {
        t += 1.0;
        t
    };
    let mut changed = false;
    while s.busy() {
        changed |= s.tick(20.0, &mut clock);
    }
    assert!(changed, "the slice that diverged asks for a re-render");
    assert_eq!(s.status, Status::Diverged { lr: 1e6 });
    assert_eq!(s.model().params_flat(), fresh);
    let notice = s.notice.clone().unwrap();
    assert!(
        notice.text.contains("The last good weights are restored"),
        "{notice:?}"
    );
    s.apply(Action::SetHyper(Hyper::default()));
    s.apply(Action::Step);
    while s.busy() {
        s.tick(20.0, &mut clock);
    }
    assert_eq!(s.images_seen(), 32);
}

#[test]
fn a_network_that_does_not_fit_the_data_is_refused_and_nothing_spins() {
    let train = split("train");
    let mut s = Session::new(ModelSpec::default_cnn(), Hyper::default(), 1).unwrap();
    s.apply(Action::DataLoaded {
        train: train.clone(),
        test: train.subset(&[0, 1, 2]),
        source: "bundled".into(),
    });
    // The editor can build row 2's network: refused with the figure, model kept.
    let huge: ModelSpec = "28x28x1|c512k15s1p7|relu|c512k15s1p7|relu|gmax|d10"
        .parse()
        .unwrap();
    s.apply(Action::ProposeSpec(huge));
    let e = s.arch_error.clone().unwrap();
    assert!(
        e.starts_with("The network has ")
            && e.contains("parameters; the limit is 2,000,000")
            && e.ends_with("The running model is kept."),
        "{e}"
    );
    let five: ModelSpec = "28x28x1|c8k3s1p1|relu|pool2s2|flatten|d5".parse().unwrap();
    s.apply(Action::ProposeSpec(five.clone()));
    let e = s.arch_error.clone().unwrap();
    assert!(e.contains("5 outputs") && e.contains("10 classes"), "{e}");
    assert_eq!(s.spec(), &ModelSpec::default_cnn());
    // A file with that spec is refused too.
    let bytes = Model::new(&five, &mut Rng::new(1)).unwrap().to_bytes();
    s.apply(Action::LoadModel {
        bytes,
        origin: "five.cnnw".into(),
    });
    assert!(s.notice.clone().unwrap().text.contains("5 outputs"));
    assert_eq!(s.spec(), &ModelSpec::default_cnn());
    // Data with labels the network cannot output: Train refuses with a message.
    let mut s = Session::new(five, Hyper::default(), 1).unwrap();
    let data = Dataset {
        shape: Shape::new(1, 28, 28),
        images: vec![0.5; 784 * 8],
        labels: (0..8).collect(),
    };
    s.apply(Action::DataLoaded {
        train: data.clone(),
        test: data,
        source: "labels 0 to 7".into(),
    });
    s.apply(Action::Toggle);
    assert_ne!(s.status, Status::Training);
    assert!(s
        .notice
        .clone()
        .unwrap()
        .text
        .contains("label 5 does not fit"));
}

#[test]
fn forget_all_goes_back_to_the_defaults() {
    let hyper = Hyper {
        lr: 0.1,
        batch_size: 64,
        ..Hyper::default()
    };
    let mut s = Session::new(ModelSpec::reference(), hyper, 9).unwrap();
    s.apply(Action::ForgetAll);
    assert_eq!(s.spec(), &ModelSpec::default_cnn());
    assert_eq!(s.hyper(), Hyper::default());
    assert_eq!(s.seed(), 1);
    let bytes = Trainer::new(&ModelSpec::default_cnn(), 5, Hyper::default())
        .unwrap()
        .model()
        .to_bytes();
    s.apply(Action::LoadPretrained(bytes));
    assert!(s.pretrained, "the pretrained model is not stored again");
}
