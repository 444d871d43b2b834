//! Text form of a spec, safe in a URL and stored in the weights file:
//! `28x28x1|c8k5s1p0|relu|pool2s2|flatten|d10` (height x width x channels,
//! then one token per layer). [`std::fmt::Display`] writes it, [`std::str::FromStr`] reads it.

use super::layer::{LayerSpec, ModelSpec};
use super::shape::Shape;
use super::validate::SpecError;
use std::fmt;

impl fmt::Display for LayerSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LayerSpec::Conv {
                filters,
                kernel,
                stride,
                padding,
            } => write!(f, "c{filters}k{kernel}s{stride}p{padding}"),
            LayerSpec::Relu => f.write_str("relu"),
            LayerSpec::MaxPool { size, stride } => write!(f, "pool{size}s{stride}"),
            LayerSpec::GlobalMaxPool => f.write_str("gmax"),
            LayerSpec::GlobalAvgPool => f.write_str("gavg"),
            LayerSpec::Flatten => f.write_str("flatten"),
            LayerSpec::Dense { units } => write!(f, "d{units}"),
        }
    }
}

impl fmt::Display for ModelSpec {
    /// Compact text, safe in a URL: `28x28x1|c8k5s1p0|relu|...` (height x width x channels first).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}x{}", self.input.h, self.input.w, self.input.c)?;
        for l in &self.layers {
            write!(f, "|{l}")?;
        }
        Ok(())
    }
}

/// Reads `<letters><number>` pairs such as `c8k5s1p0` into `[('c',8),('k',5),...]`.
fn parse_fields(tok: &str) -> Option<Vec<(String, usize)>> {
    let mut out = Vec::new();
    let mut rest = tok;
    while !rest.is_empty() {
        let name_len = rest.find(|ch: char| ch.is_ascii_digit())?;
        let (name, tail) = rest.split_at(name_len);
        let num_len = tail
            .find(|ch: char| !ch.is_ascii_digit())
            .unwrap_or(tail.len());
        let (num, tail) = tail.split_at(num_len);
        if name.is_empty() || num.len() > 9 {
            return None;
        }
        out.push((name.to_string(), num.parse().ok()?));
        rest = tail;
    }
    Some(out)
}

impl std::str::FromStr for LayerSpec {
    type Err = SpecError;
    fn from_str(tok: &str) -> Result<Self, SpecError> {
        let bad = || SpecError::Parse(format!("cannot read layer '{tok}'"));
        match tok {
            "relu" => return Ok(LayerSpec::Relu),
            "gmax" => return Ok(LayerSpec::GlobalMaxPool),
            "gavg" => return Ok(LayerSpec::GlobalAvgPool),
            "flatten" => return Ok(LayerSpec::Flatten),
            _ => {}
        }
        let fields = parse_fields(tok).ok_or_else(bad)?;
        let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let first = fields.first().map(|(k, _)| k.as_str()).ok_or_else(bad)?;
        match first {
            "c" => Ok(LayerSpec::Conv {
                filters: get("c").ok_or_else(bad)?,
                kernel: get("k").ok_or_else(bad)?,
                stride: get("s").unwrap_or(1),
                padding: get("p").unwrap_or(0),
            }),
            "pool" => {
                let size = get("pool").ok_or_else(bad)?;
                Ok(LayerSpec::MaxPool {
                    size,
                    stride: get("s").unwrap_or(size),
                })
            }
            "d" => Ok(LayerSpec::Dense {
                units: get("d").ok_or_else(bad)?,
            }),
            _ => Err(bad()),
        }
    }
}

impl std::str::FromStr for ModelSpec {
    type Err = SpecError;
    /// Parses the text form. Does not validate shapes; call [`ModelSpec::validate`].
    fn from_str(text: &str) -> Result<Self, SpecError> {
        let mut parts = text.trim().split('|');
        let head = parts.next().unwrap_or("");
        let dims: Vec<usize> = head
            .split('x')
            .map(|d| d.parse::<usize>())
            .collect::<Result<_, _>>()
            .map_err(|_| SpecError::Parse(format!("cannot read input shape '{head}'")))?;
        let [h, w, c] = dims[..] else {
            return Err(SpecError::Parse(format!(
                "input shape '{head}' must be HxWxC"
            )));
        };
        let layers = parts
            .map(|t| t.parse())
            .collect::<Result<Vec<LayerSpec>, _>>()?;
        Ok(ModelSpec::new(Shape::new(c, h, w), layers))
    }
}
