//! Number formatting for counts that can be astronomically large: thousands
//! separators, short words ("300 million"), scientific notation, bytes; the
//! one percentage format the panels show accuracies in (from integer counts
//! where counts exist), and the few words that depend on a number.
//! One rule for significant digits everywhere: three, trailing zeros dropped,
//! at every size and in every unit.
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

/// `correct` out of `total` as a percentage with one decimal, rounded half up
/// in integer arithmetic: `1943 / 2000` -> `"97.2%"` (97.15 exactly; an `f32`
/// ratio would land just below the half and print 97.1%). `"–"` for `total` 0.
pub fn percent_of(correct: u64, total: u64) -> String {
    if total == 0 {
        return "–".into();
    }
    let (c, t) = (correct as u128, total as u128);
    let tenths = (c * 2000 + t) / (2 * t);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The indefinite article for a number said aloud: `"an"` before 8, 11, 18,
/// 80..89, 800..899 and 8,000 on; `"a"` otherwise.
pub fn article(n: u64) -> &'static str {
    let digits = n.to_string();
    let eleven_or_eighteen =
        matches!(digits.len() % 3, 2) && (digits.starts_with("11") || digits.starts_with("18"));
    if digits.starts_with('8') || eleven_or_eighteen {
        "an"
    } else {
        "a"
    }
}

/// A message that may also be used mid-sentence, opening a sentence of its
/// own: the first letter in capitals (`"the network has …"` ->
/// `"The network has …"`).
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A learning rate as typed, without float noise: `0.003` -> `"0.003"`,
/// `0.0001` -> `"0.0001"`, `10.0` -> `"10"`.
pub fn rate(lr: f32) -> String {
    let s = format!("{lr}");
    if s.contains('e') {
        format!("{:.1e}", lr)
    } else {
        s
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

/// A loss value in a few characters: `"2.31"`, `"48.7"`, `"1.2e9"`, and
/// `"∞"` once it is not a finite number.
pub fn loss(v: f64) -> String {
    if !v.is_finite() {
        "∞".into()
    } else if v.abs() < 10.0 {
        format!("{v:.2}")
    } else if v.abs() < 1e4 {
        format!("{v:.1}")
    } else {
        format!("{v:.1e}")
    }
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

    #[test]
    fn percent_of_rounds_counts_half_up() {
        assert_eq!(percent_of(1943, 2000), "97.2%");
        // The f32 ratio of the same counts, widened as the page did, rounds
        // the other way.
        assert_eq!(percent((1943f32 / 2000f32) as f64), "97.1%");
        assert_eq!(percent_of(0, 7), "0.0%");
        assert_eq!(percent_of(7, 7), "100.0%");
        assert_eq!(percent_of(1, 3), "33.3%");
        assert_eq!(percent_of(2, 3), "66.7%");
        assert_eq!(percent_of(1, 0), "–");
    }

    #[test]
    fn articles_follow_the_spoken_number() {
        for (n, a) in [
            (8, "an"),
            (1, "a"),
            (7, "a"),
            (11, "an"),
            (18, "an"),
            (80, "an"),
            (800, "an"),
            (8000, "an"),
            (111, "a"),
            (11000, "an"),
            (0, "a"),
        ] {
            assert_eq!(article(n), a, "{n}");
        }
    }

    #[test]
    fn bytes_keep_three_significant_digits_at_every_size() {
        assert_eq!(format_bytes(3_700_000), "3.7 MB");
        assert_eq!(format_bytes(1_230_000), "1.23 MB");
        assert_eq!(format_bytes(11_200), "11.2 KB");
        assert_eq!(format_bytes(832), "832 B");
        assert_eq!(format_bytes(1_200_000_400), "1.2 GB");
        assert_eq!(format_bytes(999_999_999), "1 GB");
    }

    #[test]
    fn a_message_opens_a_sentence_with_a_capital() {
        assert_eq!(
            sentence("the network has 9 parameters"),
            "The network has 9 parameters"
        );
        assert_eq!(sentence("Already"), "Already");
        assert_eq!(sentence("élan"), "Élan");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn rates_print_as_typed() {
        assert_eq!(rate(0.003), "0.003");
        assert_eq!(rate(0.0001), "0.0001");
        assert_eq!(rate(10.0), "10");
    }
}
