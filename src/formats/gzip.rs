//! Gzip unwrapping for data files (MNIST is usually distributed as `.gz`).
//!
//! The deflate stream itself is inflated by `miniz_oxide` (pure Rust, small in
//! wasm); the gzip wrapper around it (RFC 1952) is simple enough to read here,
//! which lets us check the CRC-32 and length trailer and name what is wrong.

use crate::core::crc32::crc32;
use std::borrow::Cow;
use std::fmt;

/// The two bytes every gzip file starts with.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Largest inflated size we accept. Full MNIST training images are 47 MB;
/// the cap stops a tiny malicious file from exhausting memory.
pub const MAX_INFLATED: usize = 256 << 20;

/// Why a gzip file could not be unwrapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GzipError {
    /// The header or trailer is cut short.
    Truncated,
    /// Compression method other than deflate (8).
    Method(u8),
    /// The deflate stream is corrupt, or inflates past [`MAX_INFLATED`].
    Inflate(String),
    /// The trailer's CRC-32 or length does not match the inflated data.
    Checksum,
}

impl fmt::Display for GzipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GzipError::Truncated => write!(f, "gzip data is truncated"),
            GzipError::Method(m) => {
                write!(
                    f,
                    "gzip compression method {m} is not supported (only deflate, 8)"
                )
            }
            GzipError::Inflate(why) => write!(f, "gzip data is corrupt: {why}"),
            GzipError::Checksum => {
                write!(
                    f,
                    "gzip checksum mismatch: the file is corrupt or incomplete"
                )
            }
        }
    }
}

impl std::error::Error for GzipError {}

/// True when `bytes` start like a gzip file.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// Returns `bytes` inflated if they are gzip, or unchanged (borrowed) if not.
pub fn maybe_gunzip(bytes: &[u8]) -> Result<Cow<'_, [u8]>, GzipError> {
    if is_gzip(bytes) {
        gunzip(bytes).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(bytes))
    }
}

/// Inflates one gzip member, checking its CRC-32 and length trailer.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, GzipError> {
    const FHCRC: u8 = 0x02;
    const FEXTRA: u8 = 0x04;
    const FNAME: u8 = 0x08;
    const FCOMMENT: u8 = 0x10;
    if bytes.len() < 18 || !is_gzip(bytes) {
        return Err(GzipError::Truncated);
    }
    if bytes[2] != 8 {
        return Err(GzipError::Method(bytes[2]));
    }
    let flags = bytes[3];
    let mut pos = 10;
    if flags & FEXTRA != 0 {
        let len = bytes.get(pos..pos + 2).ok_or(GzipError::Truncated)?;
        pos += 2 + u16::from_le_bytes([len[0], len[1]]) as usize;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = bytes.get(pos..).ok_or(GzipError::Truncated)?;
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or(GzipError::Truncated)?;
            pos += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        pos += 2;
    }
    // The deflate stream sits between the header and the 8-byte trailer.
    let body_end = bytes.len() - 8;
    let body = bytes.get(pos..body_end).ok_or(GzipError::Truncated)?;
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(body, MAX_INFLATED)
        .map_err(|e| GzipError::Inflate(inflate_reason(e.status)))?;
    let trailer = &bytes[body_end..];
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
    if crc != crc32(&out) || size != out.len() as u32 {
        return Err(GzipError::Checksum);
    }
    Ok(out)
}

fn inflate_reason(status: miniz_oxide::inflate::TINFLStatus) -> String {
    use miniz_oxide::inflate::TINFLStatus as S;
    match status {
        S::HasMoreOutput => format!("inflates to more than {MAX_INFLATED} bytes"),
        S::FailedCannotMakeProgress => "the compressed stream ends early".to_string(),
        other => format!("invalid deflate stream ({other:?})"),
    }
}

/// Wraps `data` in a minimal gzip member (no name, no timestamp).
/// Used by tests and by anyone who wants to ship smaller data files.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The CRC-32 check value from the catalogue of CRC parameters.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn round_trip_and_plain_passthrough() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let z = gzip(&data);
        assert!(is_gzip(&z) && z.len() < data.len());
        assert_eq!(gunzip(&z).unwrap(), data);
        assert!(matches!(maybe_gunzip(&data).unwrap(), Cow::Borrowed(_)));
    }

    #[test]
    fn reads_optional_header_fields() {
        // Same member with FNAME ("d\0") and FEXTRA (2 bytes) set, as `gzip` writes names.
        let data = b"hello idx".to_vec();
        let plain = gzip(&data);
        let mut z = plain[..10].to_vec();
        z[3] = 0x04 | 0x08;
        z.extend([2, 0, 0xaa, 0xbb, b'd', 0]);
        z.extend(&plain[10..]);
        assert_eq!(gunzip(&z).unwrap(), data);
    }

    #[test]
    fn damage_is_reported_not_panicked() {
        let z = gzip(&[42u8; 1000]);
        for cut in 0..z.len() {
            assert!(gunzip(&z[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 8] ^= 1;
        assert_eq!(gunzip(&bad), Err(GzipError::Checksum));
        let mut method = z;
        method[2] = 7;
        assert_eq!(gunzip(&method), Err(GzipError::Method(7)));
    }
}
