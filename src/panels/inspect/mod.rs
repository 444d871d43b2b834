//! Looking inside a network: pure view models for the "look inside" panels.
//!
//! Everything here turns core data (a [`crate::core::Trace`], a model's
//! weights, a spec) into what the panels draw and say: map images and their
//! labels, filter images and weight counts, the sliding-window animation,
//! one pooling window, the compute pooling saves, occlusion sensitivity
//! ([`occlusion`]), the held-out images a channel responds to most
//! ([`top`]), and text alternatives.
//! Nothing here knows about the browser, so it is all tested natively.

pub mod filters;
pub mod maps;
pub mod occlusion;
pub mod rf;
pub mod scene;
pub mod top;

/// A short, readable number: 3 significant digits, no trailing zeros
/// (`0.00123`, `-0.52`, `12.3`, `1234`). NaN reads "not a number".
pub fn short(v: f32) -> String {
    if v.is_nan() {
        return "not a number".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (2 - mag).clamp(0, 6) as usize;
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    // A value that rounds to zero should not print as "-0".
    if s == "-0" {
        "0".into()
    } else {
        s.replace('-', "−")
    }
}

/// A whole number with thousands separators: `4,923,520`.
pub fn grouped(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// FNV-1a over the bit patterns of `values`: a cheap fingerprint that changes
/// whenever any value changes (used to notice new weights, and as a test hook).
pub fn fingerprint(values: &[f32]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in values {
        for b in v.to_bits().to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Text colour that stays readable on a cell of colour `rgb`: white on
/// dark cells, near-black on light ones (by perceived lightness).
pub fn ink_for(rgb: [u8; 4]) -> &'static str {
    // WCAG relative luminance; pick whichever of white and black contrasts
    // more. For any background one of them reaches at least 4.58:1.
    let lin = |c: u8| {
        let c = c as f32 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    let with_white = 1.05 / (l + 0.05);
    let with_black = (l + 0.05) / 0.05;
    if with_white >= with_black {
        "#ffffff"
    } else {
        "#000000"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_contrasts_with_the_cell() {
        assert_eq!(ink_for([0, 0, 0, 255]), "#ffffff");
        assert_eq!(ink_for([0x21, 0x66, 0xac, 255]), "#ffffff");
        assert_eq!(ink_for([0xf7, 0xf7, 0xf7, 255]), "#000000");
        assert_eq!(ink_for([0xfd, 0xe7, 0x25, 255]), "#000000");
        // A mid red where a simple brightness threshold chose badly.
        assert_eq!(ink_for([0xd6, 0x60, 0x4d, 255]), "#000000");
    }

    #[test]
    fn short_numbers_read_well() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(0.5234), "0.523");
        assert_eq!(short(-0.5234), "−0.523");
        assert_eq!(short(12.345), "12.3");
        assert_eq!(short(1234.6), "1235");
        assert_eq!(short(0.001234), "0.00123");
        assert_eq!(short(1.0), "1");
        assert_eq!(short(-0.0000001), "0");
        assert_eq!(short(f32::NAN), "not a number");
    }

    #[test]
    fn grouping_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(4_923_520), "4,923,520");
    }

    #[test]
    fn fingerprint_sees_any_change() {
        let a = vec![0.1f32, -0.2, 0.3];
        let mut b = a.clone();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        b[2] = 0.30001;
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }
}
