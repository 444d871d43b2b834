//! Native tests of the calculator form: parsing typed text, messages per
//! field, presets, chart bars and memory text.

use cnn_playground::panels::calc::form::{
    axis_top, bars, mb_text, parse_count, power_label, CalcForm, FIELDS,
};
use cnn_playground::panels::calc::{Field, PRESETS};

#[test]
fn default_form_is_the_lecture_photo() {
    let f = CalcForm::default();
    assert_eq!(f.preset(), Some(1));
    let r = f.evaluate();
    assert!(r.errors.is_empty());
    let out = r.output.expect("valid");
    assert_eq!(out.dense.params, 300_000_100);
    assert_eq!(out.conv.params, 2_800);
    assert_eq!(f.with(Field::Channels, "1".into()).preset(), None);
}

#[test]
fn every_preset_round_trips() {
    for (i, p) in PRESETS.iter().enumerate() {
        let f = CalcForm::from_input(&p.input);
        assert_eq!(f.preset(), Some(i));
        assert_eq!(f.text(Field::Width), p.input.width.to_string());
    }
    assert_eq!(FIELDS.len(), 6);
}

#[test]
fn parsing_accepts_whole_numbers_and_refuses_the_rest() {
    assert_eq!(parse_count("  1000 ", "W"), Ok(1000));
    assert_eq!(parse_count("1,000,000", "W"), Ok(1_000_000));
    assert_eq!(parse_count("1e5", "W"), Ok(100_000));
    assert_eq!(parse_count("0", "W"), Ok(0), "range is checked later");
    let msg = |t: &str| parse_count(t, "Width").unwrap_err();
    assert!(msg("").contains("enter a whole number"));
    assert!(msg("-3").contains("negative"));
    assert!(msg("2.5").contains("whole number"));
    assert!(msg("abc").contains("not a number"));
    assert!(msg("1e30").contains("too large"));
    assert!(msg("99999999999999999999999").contains("too large"));
    assert!(msg("NaN").contains("not a number"));
}

#[test]
fn bad_fields_get_their_own_messages() {
    let f = CalcForm::default()
        .with(Field::Width, "".into())
        .with(Field::Channels, "2".into())
        .with(Field::Kernel, "-1".into());
    let r = f.evaluate();
    assert!(r.output.is_none());
    assert!(r.error(Field::Width).unwrap().contains("Image width"));
    assert!(r.error(Field::Kernel).unwrap().contains("negative"));
    // Channels parsed fine; its range is only checked once all parse.
    assert!(r.error(Field::Channels).is_none());
    let r = CalcForm::default()
        .with(Field::Channels, "2".into())
        .evaluate();
    assert!(r.error(Field::Channels).unwrap().contains("1 (gray) or 3"));
    let r = CalcForm::default()
        .with(Field::Width, "2000000".into())
        .evaluate();
    assert!(r.error(Field::Width).unwrap().contains("1,000,000"));
}

#[test]
fn huge_image_is_computed_exactly() {
    let f = CalcForm::default()
        .with(Field::Width, "100000".into())
        .with(Field::Height, "100000".into());
    let out = f.evaluate().output.expect("valid");
    // 100,000 x 100,000 x 3 x 100 + 100
    assert_eq!(out.dense.params, 3_000_000_000_100);
    assert_eq!(out.conv.params, 2_800);
    assert_eq!(mb_text(out.dense.params), "12 TB");
    let b = bars(&out);
    assert_eq!(b.len(), 4);
    assert!((b[0].log10 - 12.477).abs() < 1e-3);
    assert!(b[0].dense && !b[1].dense);
    assert_eq!(axis_top(&b), 14); // conv mult-adds: 27 x 100 x 10^10 = 2.7e13
}

#[test]
fn memory_and_ticks_read_well() {
    // One rule at every size: three significant digits, decimal units.
    assert_eq!(mb_text(2_800), "11.2 KB");
    assert_eq!(mb_text(208), "832 B");
    assert_eq!(mb_text(300_000_100), "1.2 GB");
    assert_eq!(mb_text(10u128.pow(20)), "400 EB");
    // Above a megabyte the page used to round to whole MB ("4 MB", "1 MB").
    assert_eq!(mb_text(925_000), "3.7 MB");
    assert_eq!(mb_text(307_500), "1.23 MB");
    assert_eq!(power_label(0), "1");
    assert_eq!(power_label(6), "1,000,000");
    assert_eq!(power_label(9), "1e9");
}
