//! Number formatting for counts that can be astronomically large: thousands
//! separators, short words ("300 million"), scientific notation, bytes; and
//! the one percentage format the panels show accuracies in.
//! Pure functions of their input; no locale, always `,` and `.`.

/// `300000100` -> `"300,000,100"`.
pub fn thousands(n: u128) -> String {
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

/// Short form for labels: exact with separators below a million, then
/// `"300 million"`, `"2.8 billion"` (3 significant digits), then scientific
/// `"3.0e12"` from a trillion on.
pub fn compact(n: u128) -> String {
    if n < 1_000_000 {
        return thousands(n);
    }
    let x = n as f64;
    if let Some(s) = words(x, 1e6, "million").or_else(|| words(x, 1e9, "billion")) {
        return s;
    }
    format!("{x:.1e}")
}

/// `x / unit` with 3 significant digits and a word, if it stays below 1000
/// after rounding (999,999,999 becomes "1 billion", not "1000 million").
fn words(x: f64, unit: f64, word: &str) -> Option<String> {
    let v = x / unit;
    let s = sig3(v);
    (s.parse::<f64>().ok()? < 1000.0).then(|| format!("{s} {word}"))
}

/// Three significant digits, trailing zeros dropped: 1.5, 12.3, 300.
fn sig3(v: f64) -> String {
    let decimals = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Bytes in decimal units with 3 significant digits: `"1.2 GB"`, `"840 KB"`.
/// Beyond exabytes, scientific: `"4.0e21 B"`.
pub fn format_bytes(bytes: u128) -> String {
    const UNITS: [&str; 7] = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let x = bytes as f64;
    for (i, unit) in UNITS.iter().enumerate().skip(1) {
        let v = x / 1000f64.powi(i as i32);
        let s = sig3(v);
        if s.parse::<f64>().unwrap_or(f64::INFINITY) < 1000.0 {
            return format!("{s} {unit}");
        }
    }
    format!("{x:.1e} B")
}

/// A ratio such as `"3.6x"`, `"107,143x"`, `"1.1e8x"`; `"-"` when undefined.
pub fn times(r: f64) -> String {
    if !r.is_finite() || r < 0.0 {
        "-".into()
    } else if r < 10.0 {
        format!("{r:.1}x")
    } else if r < 1e7 {
        format!("{}x", thousands(r.round() as u128))
    } else {
        format!("{r:.1e}x")
    }
}

/// A fraction as a percentage with one decimal: `0.9734` -> `"97.3%"`.
/// Scales in the precision it is given, so an `f32` accuracy rounds as an
/// `f32` (`0.9925f32` -> `"99.2%"`, the same value as `f64` -> `"99.3%"`).
pub fn percent<F>(fraction: F) -> String
where
    F: std::ops::Mul<Output = F> + From<u8> + std::fmt::Display,
{
    format!("{:.1}%", fraction * F::from(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal_in_the_given_precision() {
        assert_eq!(percent(0.9734), "97.3%");
        assert_eq!(percent(0.8912f32), "89.1%");
        assert_eq!(percent(0.9925f32), "99.2%");
        assert_eq!(percent(0.9925f32 as f64), "99.3%");
        assert_eq!(percent(1.0f32), "100.0%");
    }
}
