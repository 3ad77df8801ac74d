//! The location and industry factors from BLS's own medians: an area's or an
//! industry's median for software developers over the national median, both
//! from the same release, with the figures in `basis` so a reader can retrace
//! them. The model reads BLS's files; BLS's module knows nothing of the model.

use super::file::ModelFile;
use super::{Evidence, FactorValue, ModelError};
use crate::estimator::bls::{ALL_INDUSTRIES, AreaKind, Bls, SOFTWARE_DEVELOPERS, Wages};
use crate::estimator::living::LocationPlace;
use crate::money::{count, usd};

/// Fills in what BLS's figures give: every location from BLS's areas, and the
/// multiplier and basis of each industry that names its NAICS code.
pub(super) fn from_bls(file: &mut ModelFile, bls: &Bls) -> Vec<ModelError> {
    let mut errors = Vec::new();
    for (key, factor) in [
        ("location", &mut file.location),
        ("industry", &mut file.industry),
        ("company_size", &mut file.company_size),
        ("language", &mut file.language),
        ("work_arrangement", &mut file.work_arrangement),
        ("skills", &mut file.skills),
        ("certifications", &mut file.certifications),
    ] {
        if let Some(source) = &factor.bls_source {
            if !factor.values.is_empty() {
                errors.push(ModelError::new(
                    key,
                    "a factor built from BLS's areas (bls_source) lists no values of its own",
                ));
            }
            let label = factor.national_label.as_deref().unwrap_or("United States");
            factor.values = locations(bls, source, label, &factor.left_out_states);
        }
        for (i, value) in factor.values.iter_mut().enumerate() {
            let Some(naics) = &value.naics else { continue };
            let entry = format!("{key}.values[{i}] (id {:?})", value.id);
            if value.multiplier != 0.0 || !value.basis.is_empty() {
                errors.push(ModelError::new(
                    &entry,
                    "a value with a naics code takes its multiplier and basis from BLS; remove them",
                ));
            }
            match industry_ratio(bls, naics) {
                Ok((multiplier, basis)) => {
                    value.multiplier = multiplier;
                    value.basis = basis;
                }
                Err(problem) => errors.push(ModelError::new(&entry, problem)),
            }
        }
    }
    errors
}

/// Every location: the nation, then each state (by name) followed by its
/// metropolitan and nonmetropolitan areas, leaving out the states in
/// `left_out`. `national_label` names the nation (BLS calls it "National").
fn locations(
    bls: &Bls,
    source: &str,
    national_label: &str,
    left_out: &[String],
) -> Vec<FactorValue> {
    let national = bls.national_median();
    let mut values = vec![FactorValue {
        id: bls.national().id.clone(),
        label: national_label.to_owned(),
        multiplier: 1.0,
        basis: format!(
            "The experience curve is national: BLS's median for software developers in the \
             United States, {}, May 2025, leaves pay unchanged.",
            usd(national)
        ),
        sources: vec![source.to_owned()],
        evidence: Evidence::Strong,
        naics: None,
    }];
    for state in bls.states() {
        if left_out.contains(&state.state) {
            continue;
        }
        let areas = std::iter::once(state).chain(bls.areas_in(&state.state));
        for area in areas {
            let (multiplier, basis, evidence) = location_ratio(bls, &area.id);
            values.push(FactorValue {
                id: area.id.clone(),
                label: area.name.clone(),
                multiplier,
                basis,
                sources: vec![source.to_owned()],
                evidence,
                naics: None,
            });
        }
    }
    // Kept for the server's life: pushed one by one, the 563 locations
    // left room for 1,024 (60 KB spare).
    values.shrink_to_fit();
    values
}

/// Where each location lies, for price parities.
pub(crate) fn location_places<'a>(
    bls: &'a Bls,
    values: &'a [FactorValue],
) -> Vec<LocationPlace<'a>> {
    values
        .iter()
        .filter_map(|value| {
            let area = bls.area(&value.id)?;
            let state_name = match area.kind {
                AreaKind::National => "United States",
                _ => bls.state(&area.state).map_or("", |s| s.name.as_str()),
            };
            Some(LocationPlace {
                id: &value.id,
                state: &area.state,
                state_name,
                whole_state: matches!(area.kind, AreaKind::National | AreaKind::State),
            })
        })
        .collect()
}

/// An area's median over the national one; where BLS released no median
/// there, its state's (or the nation's) stands in, and the basis says so.
fn location_ratio(bls: &Bls, id: &str) -> (f64, String, Evidence) {
    let national = bls.national_median();
    let Some(area) = bls.area(id) else {
        return (1.0, String::new(), Evidence::Weak);
    };
    let own = bls.wages(id, SOFTWARE_DEVELOPERS);
    let ratio = |median: i64| (median as f64 / national as f64 * 1000.0).round() / 1000.0;
    if let Some(median) = own.and_then(Wages::median) {
        let jobs = own
            .and_then(|w| w.employment.whole())
            .map(|n| format!(" ({} jobs)", count(n)))
            .unwrap_or_default();
        return (
            ratio(median),
            format!(
                "BLS's median for software developers in {}{jobs}, {}, over the national \
                 median, {}, both May 2025: {:.3}.",
                area.name,
                usd(median),
                usd(national),
                ratio(median)
            ),
            Evidence::Strong,
        );
    }
    let state = bls.state(&area.state).filter(|s| s.id != area.id);
    let state_median =
        state.and_then(|s| Some((s, bls.wages(&s.id, SOFTWARE_DEVELOPERS)?.median()?)));
    match state_median {
        Some((state, median)) => (
            ratio(median),
            format!(
                "BLS did not release a median for software developers in {} for May 2025, \
                 so {}'s stands in: {}, over the national median, {}: {:.3}.",
                area.name,
                state.name,
                usd(median),
                usd(national),
                ratio(median)
            ),
            Evidence::Moderate,
        ),
        None => (
            1.0,
            format!(
                "BLS did not release a median for software developers in {} for May 2025{}, \
                 so the national median, {}, stands in.",
                area.name,
                state
                    .map(|s| format!(" nor for {}", s.name))
                    .unwrap_or_default(),
                usd(national)
            ),
            Evidence::Weak,
        ),
    }
}

/// An industry's median over the national one, and the basis in words;
/// an error names a code BLS has no median for.
fn industry_ratio(bls: &Bls, naics: &str) -> Result<(f64, String), String> {
    let national = bls.national_median();
    let Some(industry) = bls.industry(naics) else {
        return Err(format!(
            "naics {naics:?} is not an industry in content/data/oews/industries.tsv"
        ));
    };
    let Some(median) = industry.wages.median() else {
        return Err(format!(
            "BLS released no median for software developers in {} ({naics})",
            industry.name
        ));
    };
    if naics == ALL_INDUSTRIES {
        return Ok((
            1.0,
            format!(
                "BLS's median for software developers in all industries, {}, May 2025, \
                 leaves pay unchanged.",
                usd(median)
            ),
        ));
    }
    let ratio = (median as f64 / national as f64 * 1000.0).round() / 1000.0;
    let jobs = industry
        .wages
        .employment
        .whole()
        .map(|n| format!(" ({} jobs)", count(n)))
        .unwrap_or_default();
    Ok((
        ratio,
        format!(
            "BLS's median for software developers in {} (NAICS {}){jobs}, {}, over the \
             median in all industries, {}, both May 2025: {ratio:.3}.",
            industry.name,
            naics.trim_end_matches('0'),
            usd(median),
            usd(national)
        ),
    ))
}
