//! IDX reading and writing: round trips, every error message, and damaged or
//! random input that must produce an error, never a panic.

use cnn_playground::formats::gzip::gzip;
use cnn_playground::formats::idx::{
    load_dataset, parse_images, parse_labels, write_dataset, write_images, write_labels, IdxError,
};

/// A small valid MNIST-shaped pair: `n` images of 28x28 with labels 0..9.
fn sample(n: usize) -> (Vec<u8>, Vec<u8>) {
    let pixels: Vec<u8> = (0..n * 784).map(|i| (i * 31 % 256) as u8).collect();
    let labels: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
    (write_images(n, 28, 28, &pixels), write_labels(&labels))
}

/// xorshift64*: a local generator so this test never depends on the core's RNG.
struct Xs(u64);
impl Xs {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn round_trip_keeps_every_byte() {
    let (img, lab) = sample(5);
    let data = load_dataset(&img, &lab).unwrap();
    assert_eq!(data.len(), 5);
    assert_eq!((data.shape.c, data.shape.h, data.shape.w), (1, 28, 28));
    assert_eq!(data.labels, vec![0, 1, 2, 3, 4]);
    // Pixel 1 of image 0 is byte 31.
    assert_eq!(data.images[1], 31.0 / 255.0);
    assert!(data.images.iter().all(|&v| (0.0..=1.0).contains(&v)));
    let (img2, lab2) = write_dataset(&data);
    assert_eq!((img2, lab2), (img, lab));
}

#[test]
fn gzipped_files_load_the_same() {
    let (img, lab) = sample(3);
    let plain = load_dataset(&img, &lab).unwrap();
    assert_eq!(load_dataset(&gzip(&img), &gzip(&lab)).unwrap(), plain);
    assert_eq!(load_dataset(&img, &gzip(&lab)).unwrap(), plain);
}

#[test]
fn parses_other_sizes_at_the_generic_level() {
    let img = write_images(2, 3, 4, &[7u8; 24]);
    let parsed = parse_images(&img).unwrap();
    assert_eq!((parsed.n, parsed.rows, parsed.cols), (2, 3, 4));
    // ...but the app's loader wants 28x28 and says so.
    let err = load_dataset(&img, &write_labels(&[1, 2])).unwrap_err();
    assert_eq!(err, IdxError::WrongDims { rows: 3, cols: 4 });
    assert_eq!(err.to_string(), "images are 3x4 pixels, expected 28x28");
}

#[test]
fn every_error_names_what_is_wrong() {
    let (img, lab) = sample(4);
    let msg = |i: &[u8], l: &[u8]| load_dataset(i, l).unwrap_err().to_string();

    // Files swapped.
    assert_eq!(
        msg(&lab, &img),
        "images file: bad magic number 0x00000801, expected 0x00000803 (this looks like a labels file)"
    );
    assert!(msg(b"GIF89a..........", &lab).contains("not an IDX file"));
    // Truncated, and too long.
    assert_eq!(
        msg(&img[..1000], &lab),
        format!(
            "images file is truncated: expected {} bytes, got 1000",
            img.len()
        )
    );
    assert_eq!(
        msg(&img, &lab[..6]),
        "labels file is truncated: expected 8 bytes, got 6"
    );
    let mut long = lab.clone();
    long.push(0);
    assert_eq!(
        msg(&img, &long),
        "labels file has trailing data: expected 12 bytes, got 13"
    );
    // Count mismatch.
    assert_eq!(
        msg(&img, &write_labels(&[1, 2, 3])),
        "count mismatch: 4 images but 3 labels"
    );
    // A label that is not a digit.
    assert_eq!(
        msg(&img, &write_labels(&[1, 2, 10, 3])),
        "label 2 is 10, expected a digit 0 to 9"
    );
    // Zero-sized dimensions and empty files.
    assert_eq!(
        parse_images(&write_images(1, 0, 28, &[]))
            .unwrap_err()
            .to_string(),
        "images are 0x28 pixels, expected 28x28"
    );
    assert_eq!(
        parse_labels(&write_labels(&[])).unwrap_err().to_string(),
        "labels file holds no items"
    );
    // Corrupt gzip.
    let mut z = gzip(&lab);
    let n = z.len();
    z[n - 5] ^= 0xff;
    assert_eq!(
        msg(&img, &z),
        "labels file: gzip checksum mismatch: the file is corrupt or incomplete"
    );
}

#[test]
fn absurd_header_sizes_are_refused_without_allocating() {
    // n = rows = cols = 0xffffffff: the expected length saturates, no overflow.
    let mut img = 0x0803u32.to_be_bytes().to_vec();
    img.extend([0xff; 12]);
    let err = parse_images(&img).unwrap_err();
    assert!(matches!(err, IdxError::Truncated { got: 16, .. }), "{err}");
}

#[test]
fn every_prefix_of_a_valid_pair_is_an_error() {
    let (img, lab) = sample(2);
    let (zi, zl) = (gzip(&img), gzip(&lab));
    for cut in 0..img.len() {
        assert!(
            load_dataset(&img[..cut], &lab).is_err(),
            "images cut at {cut}"
        );
    }
    for cut in 0..lab.len() {
        assert!(
            load_dataset(&img, &lab[..cut]).is_err(),
            "labels cut at {cut}"
        );
    }
    for cut in 0..zi.len() {
        assert!(
            load_dataset(&zi[..cut], &zl).is_err(),
            "gz images cut at {cut}"
        );
    }
}

#[test]
fn random_and_mutated_bytes_never_panic() {
    let mut rng = Xs(0x1dc0_ffee);
    let (img, lab) = sample(2);
    let (zi, zl) = (gzip(&img), gzip(&lab));
    let mut accepted = 0;
    for round in 0..3000 {
        let (mut i, mut l) = match round % 3 {
            0 => (img.clone(), lab.clone()),
            1 => (zi.clone(), zl.clone()),
            _ => {
                let len = (rng.next() % 64) as usize;
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                (bytes.clone(), bytes)
            }
        };
        // Flip a few bytes, biased towards the headers where the checks live.
        for _ in 0..1 + rng.next() % 4 {
            for buf in [&mut i, &mut l] {
                if !buf.is_empty() {
                    let span = if rng.next().is_multiple_of(2) {
                        buf.len().min(24)
                    } else {
                        buf.len()
                    };
                    let at = (rng.next() as usize) % span;
                    buf[at] = rng.next() as u8;
                }
            }
        }
        if let Ok(d) = load_dataset(&i, &l) {
            // Anything accepted must still be a coherent dataset.
            accepted += 1;
            assert_eq!(d.images.len(), d.len() * 784);
            assert!(d.labels.iter().all(|&x| x <= 9));
        }
    }
    // Pixel-only mutations of the plain pair are valid data; some must pass.
    assert!(accepted > 0);
}
