//! A tiny reader for plain-text PGM (`P2`) grayscale images.
//!
//! Format: the magic `P2`, then width, height and the largest gray value, then
//! `width * height` gray values, all separated by whitespace. `#` starts a
//! comment that runs to the end of the line. Only the plain form is read: our
//! one sprite is authored as text so that it can be read and edited by hand.

/// A grayscale image, row-major, values scaled to `0..=1`.
#[derive(Clone, Debug, PartialEq)]
pub struct Gray {
    pub w: usize,
    pub h: usize,
    pub pixels: Vec<f32>,
}

/// Largest side accepted, so a corrupt header cannot ask for gigabytes.
const MAX_SIDE: usize = 4096;

/// Parses a `P2` file. Errors name what was wrong and where.
pub fn parse_pgm(text: &str) -> Result<Gray, String> {
    let mut tokens = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace);
    match tokens.next() {
        Some("P2") => {}
        Some(m) => return Err(format!("not a plain PGM: magic is '{m}', expected 'P2'")),
        None => return Err("empty PGM file".into()),
    }
    let mut header = |what: &str| -> Result<usize, String> {
        let tok = tokens
            .next()
            .ok_or_else(|| format!("PGM header ends before the {what}"))?;
        tok.parse::<usize>()
            .map_err(|_| format!("PGM {what} '{tok}' is not a whole number"))
    };
    let w = header("width")?;
    let h = header("height")?;
    let max = header("maximum gray value")?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "PGM size {w}x{h} is out of range (1 to {MAX_SIDE} a side)"
        ));
    }
    if max == 0 || max > 65535 {
        return Err(format!(
            "PGM maximum gray value {max} is out of range (1 to 65535)"
        ));
    }
    let mut pixels = Vec::with_capacity(w * h);
    for (i, tok) in tokens.enumerate() {
        if i >= w * h {
            return Err(format!(
                "PGM has more than the {} values a {w}x{h} image needs",
                w * h
            ));
        }
        let v: usize = tok
            .parse()
            .map_err(|_| format!("PGM value {} ('{tok}') is not a whole number", i + 1))?;
        if v > max {
            return Err(format!(
                "PGM value {} at row {}, column {} is {v}, above the maximum {max}",
                i + 1,
                i / w + 1,
                i % w + 1
            ));
        }
        pixels.push(v as f32 / max as f32);
    }
    if pixels.len() < w * h {
        return Err(format!(
            "PGM has {} values; a {w}x{h} image needs {}",
            pixels.len(),
            w * h
        ));
    }
    Ok(Gray { w, h, pixels })
}
