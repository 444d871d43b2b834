//! The calculator form without a browser: the six fields as typed, their
//! parsing with a message per field, and the log-scale chart's data.
//!
//! Text from a number input can be empty, negative, fractional, in
//! scientific notation or far beyond `u64`; each case gets its own message
//! beside its field, and the counts are only computed (by
//! [`crate::panels::calc::CalcInput::compute`], in `u128`) when every field is sensible.

use crate::panels::calc::{CalcInput, CalcOutput, Field, PRESETS};

/// The fields in display order, with their labels and test hooks.
pub const FIELDS: [(Field, &str, &str); 6] = [
    (Field::Width, "Image width (pixels)", "calc-width"),
    (Field::Height, "Image height (pixels)", "calc-height"),
    (Field::Channels, "Channels (1 or 3)", "calc-channels"),
    (Field::Neurons, "Dense: neurons", "calc-neurons"),
    (Field::Kernel, "Conv: filter size k (k x k)", "calc-kernel"),
    (Field::Filters, "Conv: number of filters", "calc-filters"),
];

/// The six fields as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalcForm {
    pub texts: [String; 6],
}

/// What the form says right now.
#[derive(Clone, Debug, PartialEq)]
pub struct FormResult {
    /// One message per refused field, in field order.
    pub errors: Vec<(Field, String)>,
    /// The counts, when every field is sensible.
    pub output: Option<CalcOutput>,
}

impl FormResult {
    /// The message for `field`, if it was refused.
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

impl Default for CalcForm {
    /// The lecture's photo: the example the page argues from.
    fn default() -> Self {
        CalcForm::from_input(&PRESETS[1].input)
    }
}

fn index(field: Field) -> usize {
    FIELDS
        .iter()
        .position(|(f, _, _)| *f == field)
        .expect("every field is listed")
}

impl CalcForm {
    pub fn from_input(i: &CalcInput) -> CalcForm {
        let v = [
            i.width, i.height, i.channels, i.neurons, i.kernel, i.filters,
        ];
        CalcForm {
            texts: v.map(|n| n.to_string()),
        }
    }

    pub fn text(&self, field: Field) -> &str {
        &self.texts[index(field)]
    }

    /// The same form with one field retyped.
    pub fn with(&self, field: Field, text: String) -> CalcForm {
        let mut f = self.clone();
        f.texts[index(field)] = text;
        f
    }

    /// The preset these texts spell exactly, if any (to mark it selected).
    pub fn preset(&self) -> Option<usize> {
        PRESETS
            .iter()
            .position(|p| CalcForm::from_input(&p.input) == *self)
    }

    /// Parses every field, then checks and computes.
    pub fn evaluate(&self) -> FormResult {
        let mut errors = Vec::new();
        let mut values = [0u64; 6];
        for (i, (field, label, _)) in FIELDS.iter().enumerate() {
            match parse_count(&self.texts[i], short_name(label)) {
                Ok(v) => values[i] = v,
                Err(m) => errors.push((*field, m)),
            }
        }
        if !errors.is_empty() {
            return FormResult {
                errors,
                output: None,
            };
        }
        let [width, height, channels, neurons, kernel, filters] = values;
        let input = CalcInput {
            width,
            height,
            channels,
            neurons,
            kernel,
            filters,
        };
        match input.compute() {
            Ok(out) => FormResult {
                errors,
                output: Some(out),
            },
            Err(errs) => {
                let mut errors: Vec<(Field, String)> =
                    errs.into_iter().map(|e| (e.field, e.message)).collect();
                errors.sort_by_key(|(f, _)| index(*f));
                FormResult {
                    errors,
                    output: None,
                }
            }
        }
    }
}

/// "Image width (pixels)" -> "Image width".
fn short_name(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label)
}

/// A whole, non-negative number from typed text. Accepts `1e5` and `1,000`
/// (people paste numbers with separators); refuses the rest with a message.
pub fn parse_count(text: &str, name: &str) -> Result<u64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    if t.is_empty() {
        return Err(format!("{name}: enter a whole number"));
    }
    if let Ok(v) = t.parse::<u64>() {
        return Ok(v);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_nan() => Err(format!("{name}: “{}” is not a number", text.trim())),
        Ok(v) if v < 0.0 => Err(format!("{name} cannot be negative")),
        Ok(v) if v >= u64::MAX as f64 => Err(format!("{name}: {} is far too large", text.trim())),
        Ok(v) if v.fract() != 0.0 => Err(format!("{name} must be a whole number, not {v}")),
        Ok(v) => Ok(v as u64),
        Err(_) => Err(format!("{name}: “{}” is not a number", text.trim())),
    }
}

/// One bar of the log-scale chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: &'static str,
    /// True for the dense option (the chart colours and hatches it differently).
    pub dense: bool,
    pub value: u128,
    /// `log10(value)`, 0 for a value of 0 or 1.
    pub log10: f64,
}

/// The four counts (parameters and multiply-adds of both options) as bars.
pub fn bars(out: &CalcOutput) -> Vec<Bar> {
    let bar = |label, dense, value: u128| Bar {
        label,
        dense,
        value,
        log10: if value > 1 {
            (value as f64).log10()
        } else {
            0.0
        },
    };
    vec![
        bar("Dense weights", true, out.dense.params),
        bar("Conv weights", false, out.conv.params),
        bar("Dense mult-adds", true, out.dense.macs),
        bar("Conv mult-adds", false, out.conv.macs),
    ]
}

/// The top of the chart's axis: the next whole power of ten above every
/// bar, at least 10^1.
pub fn axis_top(bars: &[Bar]) -> u32 {
    let top = bars.iter().map(|b| b.log10).fold(0.0f64, f64::max);
    (top.floor() as u32 + 1).max(1)
}

/// `10^k` as a tick label: `1`, `10`, `1,000`, ... up to a million, then `1e9`.
pub fn power_label(k: u32) -> String {
    if k <= 6 {
        crate::core::numfmt::thousands(10u128.pow(k))
    } else {
        format!("1e{k}")
    }
}

/// Memory of `params` f32 weights (4 bytes each, decimal units) with the
/// page's one rule of three significant digits: `"1.2 GB"`, `"3.7 MB"`,
/// `"11.2 KB"`, `"832 B"`.
pub fn mb_text(params: u128) -> String {
    crate::core::numfmt::format_bytes(params.saturating_mul(4))
}
