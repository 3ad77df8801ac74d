//! Every rule the estimator relies on, checked over the raw data file before
//! the model is built: ordered percentiles, known source ids, one default per
//! factor... Each problem names its entry and says what to fix.

use std::collections::HashSet;

use super::file::{ExperienceFile, ModelFile};
use super::{FactorKind, FigureUnit, MAX_YEARS, ModelError};
use crate::estimator::bls::Bls;
use crate::estimator::living::RegionalPrices;
use crate::estimator::model_error::SourceCheck;

/// Every problem in the raw file, in file order; empty when it is sound.
pub(super) fn validate(file: &ModelFile, bls: &Bls, prices: &RegionalPrices) -> Vec<ModelError> {
    let mut errors = Vec::new();
    if file.version.trim().is_empty() {
        errors.push(ModelError::new("version", "must not be empty"));
    }
    if file.currency != "USD" {
        errors.push(ModelError::new(
            "currency",
            format!("only USD is supported, found {:?}", file.currency),
        ));
    }
    match file.changelog.first() {
        None => errors.push(ModelError::new("changelog", "needs an entry for this version")),
        Some(latest) if latest.version != file.version => errors.push(ModelError::new(
            "changelog[0]",
            format!(
                "the newest entry is for {:?} but the file is version {:?}; add an entry for this version first",
                latest.version, file.version
            ),
        )),
        Some(_) => {}
    }
    for (i, pair) in file.changelog.windows(2).enumerate() {
        if pair[0].date < pair[1].date {
            errors.push(ModelError::new(
                format!("changelog[{}]", i + 1),
                "entries must be newest first",
            ));
        }
    }
    let mut source_ids = HashSet::new();
    for (i, source) in file.sources.iter().enumerate() {
        let entry = format!("sources[{i}] (id {:?})", source.id);
        check_id(&source.id, &entry, &mut errors);
        if !source_ids.insert(source.id.as_str()) {
            errors.push(ModelError::new(&entry, "duplicate source id"));
        }
        match &source.url {
            Some(url) if !(url.starts_with("https://") || url.starts_with("http://")) => {
                errors.push(ModelError::new(
                    &entry,
                    format!("url must start with https:// or http://, found {url:?}"),
                ));
            }
            None if source.note.is_none() => errors.push(ModelError::new(
                &entry,
                "a source without a url needs a note saying why",
            )),
            _ => {}
        }
        match (&source.republished_by, &source.republished_url) {
            (None, Some(_)) => errors.push(ModelError::new(
                &entry,
                "republished_url needs republished_by naming who republished it",
            )),
            (_, Some(url)) if !url.starts_with("https://") && !url.starts_with("http://") => {
                errors.push(ModelError::new(
                    &entry,
                    format!("republished_url must start with https:// or http://, found {url:?}"),
                ));
            }
            _ => {}
        }
    }
    let check_sources = |entry: &str, ids: &[String], errors: &mut Vec<ModelError>| {
        if ids.is_empty() {
            errors.push(ModelError::new(entry, "names no sources"));
        }
        for id in ids {
            if !source_ids.contains(id.as_str()) {
                errors.push(ModelError::new(
                    entry,
                    format!("cites unknown source {id:?}; add it to [[sources]]"),
                ));
            }
        }
    };
    let mut figure_ids = HashSet::new();
    for (i, figure) in file.figures.iter().enumerate() {
        let entry = format!("figures[{i}] (id {:?})", figure.id);
        check_id(&figure.id, &entry, &mut errors);
        if !figure_ids.insert(figure.id.as_str()) {
            errors.push(ModelError::new(&entry, "duplicate figure id"));
        }
        if !(figure.value.is_finite() && figure.value > 0.0 && figure.value < 1e12) {
            errors.push(ModelError::new(&entry, "value must be a positive number"));
        } else if figure.unit.is_whole() && figure.value.fract() != 0.0 {
            errors.push(ModelError::new(
                &entry,
                "dollars and counts must be whole numbers",
            ));
        }
        check_sources(&entry, &figure.sources, &mut errors);
    }
    validate_experience(&file.experience, &mut errors);
    check_sources("experience", &file.experience.sources, &mut errors);
    if !(0.0..=1.0).contains(&file.premium_cap) {
        errors.push(ModelError::new(
            "premium_cap",
            format!("must be between 0 and 1, found {}", file.premium_cap),
        ));
    }
    for (kind, factor) in [
        (FactorKind::Location, &file.location),
        (FactorKind::Industry, &file.industry),
        (FactorKind::CompanySize, &file.company_size),
        (FactorKind::Language, &file.language),
        (FactorKind::WorkArrangement, &file.work_arrangement),
        (FactorKind::Skills, &file.skills),
        (FactorKind::Certifications, &file.certifications),
    ] {
        let key = kind.key();
        if factor.values.is_empty() {
            errors.push(ModelError::new(key, "has no values"));
        }
        let mut ids = HashSet::new();
        for (i, value) in factor.values.iter().enumerate() {
            let entry = format!("{key}.values[{i}] (id {:?})", value.id);
            check_id(&value.id, &entry, &mut errors);
            if !ids.insert(value.id.as_str()) {
                errors.push(ModelError::new(&entry, "duplicate id"));
            }
            let range = if kind.is_multi() {
                1.0..=1.5
            } else {
                0.5..=2.0
            };
            if !range.contains(&value.multiplier) {
                errors.push(ModelError::new(
                    &entry,
                    format!(
                        "multiplier must be between {} and {}, found {}",
                        range.start(),
                        range.end(),
                        value.multiplier
                    ),
                ));
            }
            if value.basis.trim().is_empty() {
                errors.push(ModelError::new(&entry, "basis must give the figures"));
            }
            check_sources(&entry, &value.sources, &mut errors);
        }
        match (&factor.default, kind.is_multi()) {
            (Some(_), true) => errors.push(ModelError::new(
                key,
                "a factor with several choices has no default",
            )),
            (None, false) => errors.push(ModelError::new(key, "needs a default value")),
            (Some(default), false) => match factor.values.iter().find(|v| &v.id == default) {
                None => errors.push(ModelError::new(
                    key,
                    format!("default {default:?} is not one of its values"),
                )),
                Some(value) if value.multiplier != 1.0 => errors.push(ModelError::new(
                    key,
                    format!("default {default:?} must be neutral (multiplier 1.0)"),
                )),
                Some(_) => {}
            },
            (None, true) => {}
        }
        if !factor.guide.starts_with("/guides/") {
            errors.push(ModelError::new(
                key,
                format!("guide must be a /guides/... link, found {:?}", factor.guide),
            ));
        }
    }
    validate_extras(file, &mut errors, &check_sources);
    let locations = super::location_places(bls, &file.location.values);
    let arrangement_ids: Vec<&str> = file
        .work_arrangement
        .values
        .iter()
        .map(|v| v.id.as_str())
        .collect();
    crate::estimator::living::validate(
        &file.cost_of_living,
        prices,
        &locations,
        &arrangement_ids,
        &|id| source_ids.contains(id),
        &mut errors,
    );
    crate::estimator::offer::validate(
        &file.vesting_schedules,
        &|id| source_ids.contains(id),
        &mut errors,
    );
    file.reports.validate(&mut errors, &check_sources);
    errors
}

fn validate_extras(
    file: &ModelFile,
    errors: &mut Vec<ModelError>,
    check_sources: &SourceCheck<'_>,
) {
    let total = &file.total_pay;
    check_sources("total_pay", &total.sources, errors);
    for size in &file.company_size.values {
        if !total
            .by_company_size
            .iter()
            .any(|b| b.company_size == size.id)
        {
            errors.push(ModelError::new(
                "total_pay.by_company_size",
                format!("has no band for company size {:?}", size.id),
            ));
        }
    }
    for (i, band) in total.by_company_size.iter().enumerate() {
        let entry = format!("total_pay.by_company_size[{i}] ({:?})", band.company_size);
        if !file
            .company_size
            .values
            .iter()
            .any(|v| v.id == band.company_size)
        {
            errors.push(ModelError::new(&entry, "is not a company size id"));
        }
        let shares = [
            band.bonus_low,
            band.bonus_high,
            band.equity_low,
            band.equity_high,
        ];
        if shares.iter().any(|s| !(0.0..=1.0).contains(s))
            || band.bonus_low > band.bonus_high
            || band.equity_low > band.equity_high
        {
            errors.push(ModelError::new(
                &entry,
                "shares must lie in 0–1 with each low not above its high",
            ));
        }
    }
    let hourly = &file.hourly;
    check_sources("hourly", &hourly.sources, errors);
    if !(hourly.hours_per_year > 0.0 && 0 < hourly.min_rate && hourly.min_rate < hourly.max_rate) {
        errors.push(ModelError::new(
            "hourly",
            "needs hours_per_year > 0 and 0 < min_rate < max_rate",
        ));
    }
    for (key, id, unit) in hourly.freelance.ids() {
        check_figure(file, &format!("hourly.freelance.{key}"), id, unit, errors);
        if unit == FigureUnit::Percent
            && file.figures.iter().any(|f| f.id == id && f.value >= 100.0)
        {
            errors.push(ModelError::new(
                format!("hourly.freelance.{key}"),
                format!("figure {id:?} must be a percent below 100"),
            ));
        }
    }
    file.negotiation.validate(errors, check_sources);
    let check = &file.cross_check;
    for (key, id) in [
        ("p10", &check.p10),
        ("p25", &check.p25),
        ("median", &check.median),
        ("p75", &check.p75),
        ("p90", &check.p90),
    ] {
        match file.figures.iter().find(|f| &f.id == id) {
            Some(figure) if figure.unit == FigureUnit::Year => {}
            Some(_) => errors.push(ModelError::new(
                format!("cross_check.{key}"),
                format!("figure {id:?} must be yearly pay"),
            )),
            None => errors.push(ModelError::new(
                format!("cross_check.{key}"),
                format!("unknown figure {id:?}"),
            )),
        }
    }
    let survey = &check.survey;
    for (key, id, unit) in [
        ("median", &survey.median, FigureUnit::Year),
        ("respondents", &survey.respondents, FigureUnit::Count),
        ("mean_years", &survey.mean_years, FigureUnit::Years),
    ] {
        check_figure(file, &format!("cross_check.survey.{key}"), id, unit, errors);
    }
    let rules = file.confidence;
    if !(0.0 < rules.thin_years
        && rules.thin_years <= rules.max_data_years
        && rules.max_data_years <= MAX_YEARS)
    {
        errors.push(ModelError::new(
            "confidence",
            "needs 0 < thin_years ≤ max_data_years ≤ 50",
        ));
    }
    if !file.experience.guide.starts_with("/guides/") {
        errors.push(ModelError::new(
            "experience.guide",
            "must be a /guides/... link",
        ));
    }
}

/// Records a problem unless figure `id` exists with the given unit.
fn check_figure(
    file: &ModelFile,
    entry: &str,
    id: &str,
    unit: FigureUnit,
    errors: &mut Vec<ModelError>,
) {
    match file.figures.iter().find(|f| f.id == id) {
        Some(figure) if figure.unit == unit => {}
        Some(figure) => errors.push(ModelError::new(
            entry,
            format!(
                "figure {id:?} must have unit {unit:?}, found {:?}",
                figure.unit
            ),
        )),
        None => errors.push(ModelError::new(entry, format!("unknown figure {id:?}"))),
    }
}

fn validate_experience(experience: &ExperienceFile, errors: &mut Vec<ModelError>) {
    let knots = &experience.knots;
    if knots.len() < 2 {
        errors.push(ModelError::new(
            "experience.knots",
            "needs at least two knots",
        ));
        return;
    }
    if knots[0].years != 0.0 || knots[knots.len() - 1].years != MAX_YEARS {
        errors.push(ModelError::new(
            "experience.knots",
            format!("must start at 0 years and end at {MAX_YEARS} years"),
        ));
    }
    for (i, knot) in knots.iter().enumerate() {
        let entry = format!("experience.knots[{i}] (years {})", knot.years);
        let values = [knot.p10, knot.p25, knot.median, knot.p75, knot.p90];
        if values.iter().any(|v| !v.is_finite() || *v <= 0.0) {
            errors.push(ModelError::new(
                &entry,
                "percentiles must be positive numbers",
            ));
        } else if values.windows(2).any(|w| w[0] >= w[1]) {
            errors.push(ModelError::new(
                &entry,
                "percentiles must rise strictly: p10 < p25 < median < p75 < p90",
            ));
        }
        if i > 0 {
            let previous = &knots[i - 1];
            if knot.years <= previous.years {
                errors.push(ModelError::new(
                    &entry,
                    "years must increase from knot to knot",
                ));
            }
            if knot.median < previous.median {
                errors.push(ModelError::new(
                    &entry,
                    "median must not fall as experience rises",
                ));
            }
        }
    }
    let levels = &experience.levels;
    if !levels.iter().any(|level| level.from_years == 0.0) {
        errors.push(ModelError::new(
            "experience.levels",
            "one level must start at 0 years",
        ));
    }
    let mut ids = HashSet::new();
    for (i, level) in levels.iter().enumerate() {
        let entry = format!("experience.levels[{i}] (id {:?})", level.id);
        check_id(&level.id, &entry, errors);
        if !ids.insert(level.id.as_str()) {
            errors.push(ModelError::new(&entry, "duplicate level id"));
        }
        if !(0.0..=MAX_YEARS).contains(&level.from_years)
            || !(level.from_years..=MAX_YEARS).contains(&level.typical_years)
        {
            errors.push(ModelError::new(
                &entry,
                "from_years and typical_years must lie in 0–50, typical_years not before from_years",
            ));
        }
    }
}

fn check_id(id: &str, entry: &str, errors: &mut Vec<ModelError>) {
    let valid = !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        errors.push(ModelError::new(
            entry,
            "id must be 1–40 lowercase letters, digits or hyphens",
        ));
    }
}
