//! The weights file: round trip, clear errors for every kind of damage, and a
//! seeded fuzz loop showing random and mutated bytes never panic.

use cnn_playground::core::{Hyper, Model, ModelSpec, Rng, Shape, Trainer, WeightsError};

fn trained_reference() -> Model {
    let mut t = Trainer::new(&ModelSpec::reference(), 9, Hyper::default()).unwrap();
    // Nudge the weights off their init so the round trip is not trivially "init again".
    let mut p = t.model().params_flat();
    p.iter_mut()
        .enumerate()
        .for_each(|(i, v)| *v += i as f32 * 1e-4);
    t.model_mut().set_params_flat(&p).unwrap();
    t.model().clone()
}

#[test]
fn round_trip_keeps_spec_and_every_bit() {
    let model = trained_reference();
    let bytes = model.to_bytes();
    assert_eq!(&bytes[..4], b"CNNW");
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back.spec(), model.spec());
    assert_eq!(back.params_flat(), model.params_flat());
    let mut other = Model::new(&ModelSpec::reference(), &mut Rng::new(1)).unwrap();
    other.load_bytes(&bytes).unwrap();
    assert_eq!(other.params_flat(), model.params_flat());
}

#[test]
fn each_kind_of_damage_gets_its_own_clear_error() {
    let bytes = trained_reference().to_bytes();
    let crc_fix = |b: &mut Vec<u8>| {
        let n = b.len() - 4;
        let crc = cnn_playground::core::crc32::crc32(&b[..n]);
        b[n..].copy_from_slice(&crc.to_le_bytes());
    };

    let e = Model::from_bytes(&bytes[..bytes.len() - 10]).unwrap_err();
    assert!(matches!(e, WeightsError::Truncated { .. }), "{e:?}");
    assert!(e.to_string().contains("truncated"));

    assert_eq!(
        Model::from_bytes(b"PK\x03\x04 zip").unwrap_err(),
        WeightsError::BadMagic
    );
    assert!(matches!(
        Model::from_bytes(b"CN").unwrap_err(),
        WeightsError::Truncated { .. }
    ));

    let mut v2 = bytes.clone();
    v2[4] = 2;
    let e = Model::from_bytes(&v2).unwrap_err();
    assert_eq!(e, WeightsError::UnsupportedVersion(2));
    assert!(e.to_string().contains("version 2"));

    let mut flipped = bytes.clone();
    let mid = bytes.len() / 2;
    flipped[mid] ^= 0x10;
    let e = Model::from_bytes(&flipped).unwrap_err();
    assert!(matches!(e, WeightsError::Checksum { .. }), "{e:?}");
    assert!(e.to_string().contains("corrupt"));

    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        Model::from_bytes(&longer).unwrap_err(),
        WeightsError::TrailingBytes(1)
    );

    // Wrong shape: a valid file whose parameter count does not fit its spec.
    let mut short = bytes.clone();
    let spec_len = u32::from_le_bytes(short[8..12].try_into().unwrap()) as usize;
    let count_at = 12 + spec_len;
    let count = u32::from_le_bytes(short[count_at..count_at + 4].try_into().unwrap());
    short[count_at..count_at + 4].copy_from_slice(&(count - 1).to_le_bytes());
    short.drain(short.len() - 8..short.len() - 4);
    crc_fix(&mut short);
    let e = Model::from_bytes(&short).unwrap_err();
    assert_eq!(
        e,
        WeightsError::WrongShape {
            expected: count as usize,
            found: count as usize - 1
        }
    );
    assert!(e.to_string().contains("parameters"));

    // An unreadable spec inside an intact file.
    let mut spec = bytes.clone();
    spec[12] = b'?';
    crc_fix(&mut spec);
    assert!(matches!(
        Model::from_bytes(&spec).unwrap_err(),
        WeightsError::BadSpec(_)
    ));
}

#[test]
fn loading_a_bad_or_foreign_file_leaves_the_model_untouched() {
    let mut model = Model::new(&ModelSpec::default_cnn(), &mut Rng::new(4)).unwrap();
    let before = model.params_flat();
    let foreign = trained_reference().to_bytes();
    let e = model.load_bytes(&foreign).unwrap_err();
    assert!(matches!(e, WeightsError::SpecMismatch { .. }), "{e:?}");
    assert!(e.to_string().contains("different network"));
    let mut own = model.to_bytes();
    let last = own.len() - 9;
    own[last] ^= 1;
    assert!(model.load_bytes(&own).is_err());
    assert_eq!(model.params_flat(), before);
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    let small = ModelSpec::mlp(Shape::new(1, 3, 3), &[4], 2);
    let valid = Model::new(&small, &mut Rng::new(1)).unwrap().to_bytes();
    let mut rng = Rng::new(2024);
    let mut accepted = 0;
    for round in 0..20_000 {
        let bytes: Vec<u8> = if round % 4 == 0 {
            let len = rng.below(200);
            (0..len).map(|_| rng.next_u32() as u8).collect()
        } else {
            let mut b = valid.clone();
            for _ in 0..1 + rng.below(4) {
                match rng.below(4) {
                    0 if !b.is_empty() => {
                        let i = rng.below(b.len());
                        b[i] = rng.next_u32() as u8;
                    }
                    1 => b.truncate(rng.below(b.len() + 1)),
                    2 => b.insert(rng.below(b.len() + 1), rng.next_u32() as u8),
                    _ if b.len() > 12 => {
                        // Plausible-looking lengths: rewrite a header field.
                        let at = [8usize, 12 + rng.below(b.len() - 12)][rng.below(2)];
                        if at + 4 <= b.len() {
                            b[at..at + 4].copy_from_slice(&rng.next_u32().to_le_bytes());
                        }
                    }
                    _ => {}
                }
            }
            b
        };
        match Model::from_bytes(&bytes) {
            Ok(m) => {
                accepted += 1;
                assert!(m.params_finite());
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    // Only unmutated copies (e.g. a byte overwritten by itself) can pass the checksum.
    assert!(accepted < 200, "{accepted} mutated files accepted");
}
