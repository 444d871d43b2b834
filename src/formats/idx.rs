//! The IDX file format that MNIST is published in, read and written.
//!
//! An IDX file is a big-endian header followed by raw values:
//!
//! | bytes | meaning |
//! |---|---|
//! | 0..2 | zero |
//! | 2 | element type (`0x08` = unsigned byte, the only one MNIST uses) |
//! | 3 | number of dimensions (3 for images `n x rows x cols`, 1 for labels `n`) |
//! | 4.. | one big-endian `u32` per dimension, then the values, row-major |
//!
//! So image files start with the magic number `0x00000803` and label files
//! with `0x00000801`. Files may also be gzip-compressed (`.gz`), as MNIST is
//! usually distributed; [`load_dataset`] detects that by content.
//! Nothing here panics on bad input: every problem is an [`IdxError`].

use std::fmt;

use super::gzip::{maybe_gunzip, GzipError};
use crate::core::{Dataset, Shape};

/// Magic number of an IDX file of unsigned-byte images (`n x rows x cols`).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Magic number of an IDX file of unsigned-byte labels (`n`).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Image side the app's models expect (MNIST is 28 x 28).
pub const MNIST_SIDE: usize = 28;

/// Which of the two files of a dataset an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Images,
    Labels,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Images => "images file",
            FileKind::Labels => "labels file",
        })
    }
}

/// What is wrong with an IDX file (or a pair of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdxError {
    /// The first four bytes are not the expected magic number.
    BadMagic { kind: FileKind, found: u32 },
    /// The file is shorter or longer than its header says.
    Truncated {
        kind: FileKind,
        expected: u64,
        got: usize,
    },
    /// The images are not `28 x 28`, or a dimension is zero.
    WrongDims { rows: u32, cols: u32 },
    /// The file holds no items at all.
    Empty { kind: FileKind },
    /// The two files disagree on how many items there are.
    CountMismatch { images: usize, labels: usize },
    /// A label outside `0..=9`.
    BadLabel { index: usize, label: u8 },
    /// The file looked gzipped but could not be inflated.
    Gzip { kind: FileKind, error: GzipError },
}

impl fmt::Display for IdxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            IdxError::BadMagic { kind, found } => {
                let expected = match kind {
                    FileKind::Images => IMAGES_MAGIC,
                    FileKind::Labels => LABELS_MAGIC,
                };
                write!(
                    f,
                    "{kind}: bad magic number 0x{found:08x}, expected 0x{expected:08x}"
                )?;
                match found {
                    IMAGES_MAGIC => write!(f, " (this looks like an images file)"),
                    LABELS_MAGIC => write!(f, " (this looks like a labels file)"),
                    _ if found >> 16 != 0 => write!(f, " (not an IDX file)"),
                    _ => Ok(()),
                }
            }
            IdxError::Truncated {
                kind,
                expected,
                got,
            } if (got as u64) < expected => {
                write!(
                    f,
                    "{kind} is truncated: expected {expected} bytes, got {got}"
                )
            }
            IdxError::Truncated {
                kind,
                expected,
                got,
            } => write!(
                f,
                "{kind} has trailing data: expected {expected} bytes, got {got}"
            ),
            IdxError::WrongDims { rows, cols } => write!(
                f,
                "images are {rows}x{cols} pixels, expected {MNIST_SIDE}x{MNIST_SIDE}"
            ),
            IdxError::Empty { kind } => write!(f, "{kind} holds no items"),
            IdxError::CountMismatch { images, labels } => {
                write!(f, "count mismatch: {images} images but {labels} labels")
            }
            IdxError::BadLabel { index, label } => {
                write!(f, "label {index} is {label}, expected a digit 0 to 9")
            }
            IdxError::Gzip { kind, ref error } => write!(f, "{kind}: {error}"),
        }
    }
}

impl std::error::Error for IdxError {}

/// Images read from an IDX file: `n` images of `rows x cols` bytes, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdxImages {
    pub n: usize,
    pub rows: usize,
    pub cols: usize,
    pub pixels: Vec<u8>,
}

/// Reads the header (magic + dimensions) and checks the body length.
/// Returns the dimensions and the body.
fn read_header(kind: FileKind, bytes: &[u8]) -> Result<(Vec<u32>, &[u8]), IdxError> {
    let (magic, ndims) = match kind {
        FileKind::Images => (IMAGES_MAGIC, 3),
        FileKind::Labels => (LABELS_MAGIC, 1),
    };
    let header = 4 + 4 * ndims;
    if bytes.len() < 4 {
        return Err(IdxError::Truncated {
            kind,
            expected: header as u64,
            got: bytes.len(),
        });
    }
    let found = be_u32(&bytes[..4]);
    if found != magic {
        return Err(IdxError::BadMagic { kind, found });
    }
    if bytes.len() < header {
        return Err(IdxError::Truncated {
            kind,
            expected: header as u64,
            got: bytes.len(),
        });
    }
    let dims: Vec<u32> = bytes[4..header].chunks_exact(4).map(be_u32).collect();
    // u64 cannot overflow: at most three factors below 2^32 would, but we
    // saturate so absurd headers still give a plain "truncated" message.
    let body_len = dims
        .iter()
        .fold(1u64, |acc, &d| acc.saturating_mul(d as u64));
    let expected = body_len.saturating_add(header as u64);
    if bytes.len() as u64 != expected {
        return Err(IdxError::Truncated {
            kind,
            expected,
            got: bytes.len(),
        });
    }
    Ok((dims, &bytes[header..]))
}

fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Parses an (uncompressed) IDX images file.
pub fn parse_images(bytes: &[u8]) -> Result<IdxImages, IdxError> {
    let kind = FileKind::Images;
    let (dims, body) = read_header(kind, bytes)?;
    let (n, rows, cols) = (dims[0], dims[1], dims[2]);
    if rows == 0 || cols == 0 {
        return Err(IdxError::WrongDims { rows, cols });
    }
    if n == 0 {
        return Err(IdxError::Empty { kind });
    }
    Ok(IdxImages {
        n: n as usize,
        rows: rows as usize,
        cols: cols as usize,
        pixels: body.to_vec(),
    })
}

/// Parses an (uncompressed) IDX labels file; every label must be 0 to 9.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>, IdxError> {
    let kind = FileKind::Labels;
    let (_, body) = read_header(kind, bytes)?;
    if body.is_empty() {
        return Err(IdxError::Empty { kind });
    }
    if let Some(index) = body.iter().position(|&l| l > 9) {
        return Err(IdxError::BadLabel {
            index,
            label: body[index],
        });
    }
    Ok(body.to_vec())
}

/// The pixel value a byte of an images file gives (the core's one
/// conversion, `core::pixel`).
pub use crate::core::pixel;

/// Reads an MNIST-style dataset from the bytes of its images and labels
/// files (each optionally gzipped). Images must be 28 x 28; pixels become
/// `f32` in `0..=1` ([`pixel`]).
pub fn load_dataset(images: &[u8], labels: &[u8]) -> Result<Dataset, IdxError> {
    let images = maybe_gunzip(images).map_err(|error| IdxError::Gzip {
        kind: FileKind::Images,
        error,
    })?;
    let labels = maybe_gunzip(labels).map_err(|error| IdxError::Gzip {
        kind: FileKind::Labels,
        error,
    })?;
    let img = parse_images(&images)?;
    if img.rows != MNIST_SIDE || img.cols != MNIST_SIDE {
        return Err(IdxError::WrongDims {
            rows: img.rows as u32,
            cols: img.cols as u32,
        });
    }
    let labels = parse_labels(&labels)?;
    if img.n != labels.len() {
        return Err(IdxError::CountMismatch {
            images: img.n,
            labels: labels.len(),
        });
    }
    Ok(Dataset {
        shape: Shape::new(1, img.rows, img.cols),
        images: crate::core::bytes_to_pixels(&img.pixels),
        labels,
    })
}

/// Writes an IDX images file: `pixels` holds `n x rows x cols` bytes.
///
/// # Panics
/// If `pixels.len()` is not `n * rows * cols` (a caller bug, not bad input).
pub fn write_images(n: usize, rows: usize, cols: usize, pixels: &[u8]) -> Vec<u8> {
    assert_eq!(
        pixels.len(),
        n * rows * cols,
        "pixel count does not match n x rows x cols"
    );
    let mut out = Vec::with_capacity(16 + pixels.len());
    out.extend(IMAGES_MAGIC.to_be_bytes());
    for d in [n, rows, cols] {
        out.extend((d as u32).to_be_bytes());
    }
    out.extend_from_slice(pixels);
    out
}

/// Writes an IDX labels file.
pub fn write_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + labels.len());
    out.extend(LABELS_MAGIC.to_be_bytes());
    out.extend((labels.len() as u32).to_be_bytes());
    out.extend_from_slice(labels);
    out
}

/// Writes a single-channel dataset as `(images, labels)` IDX files; pixels
/// are mapped back to bytes with `round(v * 255)`, exact for data read by
/// [`load_dataset`].
pub fn write_dataset(data: &Dataset) -> (Vec<u8>, Vec<u8>) {
    let pixels: Vec<u8> = data
        .images
        .iter()
        .map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
        .collect();
    let images = write_images(
        data.len(),
        data.shape.h,
        data.shape.w * data.shape.c,
        &pixels,
    );
    (images, write_labels(&data.labels))
}
