//! The rows of BLS's files as the site reads them: areas, and the nine figures
//! of a wage row, each checked (a number or BLS's footnote saying why not,
//! percentiles in order) before anything leans on it.

use std::collections::HashSet;

use super::{Area, AreaKind, BlsError, Cell, Wages, places, table};

const VALUE_COLUMNS: [&str; 9] = [
    "employment",
    "employment_rse",
    "mean",
    "wage_rse",
    "p10",
    "p25",
    "median",
    "p75",
    "p90",
];
pub(super) const AREA_HEADER: [&str; 5] = ["id", "area", "kind", "state", "name"];
pub(super) const WAGE_HEADER: [&str; 11] = [
    "area",
    "soc",
    VALUE_COLUMNS[0],
    VALUE_COLUMNS[1],
    VALUE_COLUMNS[2],
    VALUE_COLUMNS[3],
    VALUE_COLUMNS[4],
    VALUE_COLUMNS[5],
    VALUE_COLUMNS[6],
    VALUE_COLUMNS[7],
    VALUE_COLUMNS[8],
];
pub(super) const INDUSTRY_HEADER: [&str; 12] = [
    "naics",
    "level",
    "name",
    VALUE_COLUMNS[0],
    VALUE_COLUMNS[1],
    VALUE_COLUMNS[2],
    VALUE_COLUMNS[3],
    VALUE_COLUMNS[4],
    VALUE_COLUMNS[5],
    VALUE_COLUMNS[6],
    VALUE_COLUMNS[7],
    VALUE_COLUMNS[8],
];

/// "15-1252" as 151252.
pub(super) fn soc_number(soc: &str) -> Option<u32> {
    let (group, detail) = soc.split_once('-')?;
    if group.len() != 2 || detail.len() != 4 {
        return None;
    }
    format!("{group}{detail}").parse().ok()
}

pub(super) fn parse_areas(text: &str, errors: &mut Vec<BlsError>) -> Vec<Area> {
    let mut areas: Vec<Area> = Vec::new();
    let mut ids = HashSet::new();
    let mut codes = HashSet::new();
    table::for_each("areas.tsv", text, AREA_HEADER, errors, |line, f, errors| {
        let kind = match f[2] {
            "national" => AreaKind::National,
            "state" => AreaKind::State,
            "metro" => AreaKind::Metro,
            "nonmetro" => AreaKind::Nonmetro,
            other => {
                errors.push(BlsError::new(
                    "areas.tsv",
                    Some(line),
                    format!("kind must be national, state, metro or nonmetro, found {other:?}"),
                ));
                return;
            }
        };
        let id_ok = !f[0].is_empty()
            && f[0]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            errors.push(BlsError::new(
                "areas.tsv",
                Some(line),
                format!("id {:?} must be lowercase letters, digits and dashes", f[0]),
            ));
        }
        if !ids.insert(f[0].to_owned()) {
            errors.push(BlsError::new(
                "areas.tsv",
                Some(line),
                format!("duplicate id {:?}", f[0]),
            ));
        }
        if f[1].len() != 7 || !f[1].bytes().all(|b| b.is_ascii_digit()) || !codes.insert(f[1]) {
            errors.push(BlsError::new(
                "areas.tsv",
                Some(line),
                format!("area code {:?} must be seven digits, each used once", f[1]),
            ));
        }
        if f[3].len() != 2 || !f[3].bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(BlsError::new(
                "areas.tsv",
                Some(line),
                format!("state {:?} must be a USPS code such as \"WA\"", f[3]),
            ));
        }
        areas.push(Area {
            id: f[0].to_owned(),
            code: f[1].to_owned(),
            kind,
            state: f[3].to_owned(),
            name: f[4].to_owned(),
        });
    });
    if areas.len() >= usize::from(places::MAX_AREAS) {
        errors.push(BlsError::new(
            "areas.tsv",
            None,
            format!("more than {} areas", places::MAX_AREAS),
        ));
    }
    areas.shrink_to_fit();
    areas
}

/// One row's nine figures, checked: each a number or a footnote, percentiles in
/// order, and a median unless a footnote says why not.
pub(super) fn parse_wages(
    file: &'static str,
    line: usize,
    fields: &[&str],
    footnotes: &HashSet<u8>,
    errors: &mut Vec<BlsError>,
) -> Option<Wages> {
    let before = errors.len();
    let mut cells = [Cell::default(); 9];
    for ((cell, text), column) in cells.iter_mut().zip(fields).zip(VALUE_COLUMNS) {
        let (value, footnote) = match text.split_once('#') {
            Some((value, code)) => (value, Some(code)),
            None => (*text, None),
        };
        let footnote = match footnote.map(str::parse::<u8>) {
            None => None,
            Some(Ok(code)) if footnotes.contains(&code) => Some(code),
            Some(_) => {
                errors.push(BlsError::new(
                    file,
                    Some(line),
                    format!("{column}: unknown footnote in {text:?}"),
                ));
                None
            }
        };
        let value = match value {
            "-" => None,
            number => match number.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    errors.push(BlsError::new(
                        file,
                        Some(line),
                        format!("{column}: {text:?} is not a figure"),
                    ));
                    continue;
                }
            },
        };
        if value.is_none() && footnote.is_none() {
            errors.push(BlsError::new(
                file,
                Some(line),
                format!("{column} is missing and no footnote says why"),
            ));
        }
        match Cell::new(value, footnote) {
            Some(parsed) => *cell = parsed,
            None => errors.push(BlsError::new(
                file,
                Some(line),
                format!(
                    "{column}: {text:?} has more than one decimal, is too large to keep, or its footnote is not 1 to {}",
                    Cell::MAX_FOOTNOTE
                ),
            )),
        }
    }
    let [
        employment,
        employment_rse,
        mean,
        wage_rse,
        p10,
        p25,
        median,
        p75,
        p90,
    ] = cells;
    let percentiles = [p10, p25, median, p75, p90];
    let known: Vec<f64> = percentiles.iter().filter_map(|c| c.value()).collect();
    if known.windows(2).any(|w| w[0] > w[1]) {
        errors.push(BlsError::new(
            file,
            Some(line),
            "percentiles must rise from P10 to P90",
        ));
    }
    (errors.len() == before).then_some(Wages {
        employment,
        employment_rse,
        mean,
        wage_rse,
        percentiles,
    })
}
