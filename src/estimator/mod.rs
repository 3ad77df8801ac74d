//! The one salary estimator behind the calculator, the JSON API, the command line
//! and the figures inside guides.
//!
//! Pure by design: no HTTP, templates, files or clocks. Data in ([`SalaryModel`],
//! [`EstimateInput`] or a raw [`ProfileQuery`]), [`Estimate`] out, or an
//! [`EstimateError`] that names each bad field in words a person understands.

mod area_check;
pub mod bls;
#[cfg(test)]
pub(crate) mod bundled;
pub mod compare;
mod curve;
mod estimate;
pub mod hourly;
mod input;
mod input_error;
pub mod insights;
pub mod living;
pub mod model;
mod model_error;
pub mod negotiation;
pub mod offer;
mod query;
mod report_pay;
pub mod reports;
pub mod take_home;
mod tax_choice;
mod tsv;

pub use area_check::AreaCheck;
pub use estimate::{Estimate, FactorEffect, Percentiles};

pub use hourly::{HourlyRate, HourlyStep};
pub use input::{Choices, EstimateInput};
pub use input_error::{EstimateError, FieldError, InputError, PlaceRole};
pub use insights::{
    Confidence, CrossCheck, DollarRange, Employment, OfferCheck, ProjectionPoint, SurveyCheck,
    TotalComp, WhatIf,
};
pub use living::{CostOfLiving, PriceParities};
pub use model::{
    ChangelogEntry, Evidence, Factor, FactorKind, FactorValue, Figure, FigureUnit, Level,
    MAX_YEARS, ModelError, SalaryModel, Source,
};
pub use negotiation::{Advice, AskRule, CounterMet, PositionRange};
pub use offer::{EquityKind, Offer, OfferCash, OfferYear, VestingSchedule};
pub use query::{ProfileQuery, WHOLE_STATE, listed_location, place_text};
pub use take_home::{OfferYearTakeHome, TakeHomePay};
pub use tax_choice::TaxChoice;

use input_error::shorten;
use query::{check_choices, check_home, check_years};

/// Estimates yearly base pay for a profile, explained factor by factor.
pub fn estimate(model: &SalaryModel, input: &EstimateInput) -> Result<Estimate, EstimateError> {
    estimate_with_reports(model, input, None)
}

/// [`estimate`], moved toward the approved visitors' reports of the
/// profile's cell when it has enough of them (see [`reports`]).
pub fn estimate_with_reports(
    model: &SalaryModel,
    input: &EstimateInput,
    cell: Option<&reports::ReportsCell>,
) -> Result<Estimate, EstimateError> {
    check(model, input)?;
    Ok(compute(model, input, cell))
}

/// What a table of many places shows of a profile's estimate: its range, and
/// what the median buys where the person lives.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketPay {
    /// The input as the estimate reads it (defaults filled in).
    pub input: EstimateInput,
    pub base: Percentiles,
    pub cost_of_living: CostOfLiving,
}

/// The part of [`estimate`] a table of 380 metros needs, by the same steps:
/// a whole estimate also works out what-ifs, a projection and taxes, and the
/// city tables' 1,500 of them were most of the site's start-up.
pub fn market_pay(model: &SalaryModel, input: &EstimateInput) -> Result<MarketPay, EstimateError> {
    check(model, input)?;
    let input = normalized(model, input);
    let (median, _) = Resolved::new(model, &input).explain(model, input.years);
    Ok(MarketPay {
        base: percentiles(model, median, input.years),
        cost_of_living: living::cost_of_living(&model.cost_of_living, input.living_place(), median),
        input,
    })
}

/// Every field of an input checked against the model, all problems at once.
fn check(model: &SalaryModel, input: &EstimateInput) -> Result<(), EstimateError> {
    let mut errors = Vec::new();
    if let Err(error) = check_years(input.years) {
        errors.push(FieldError::new("years", error));
    }
    check_choices(model, &input.choices, &mut errors);
    check_home(model, input.home.as_deref(), &mut errors);
    tax_choice::check_tax_choice(&model.tax, &input.tax, &mut errors);
    if let Some(id) = input.offer.as_ref().and_then(|o| o.vesting.as_deref())
        && model.vesting_schedule(Some(id)).is_none()
    {
        errors.push(FieldError::new(
            "offer_vesting",
            InputError::UnknownValue {
                factor: "vesting schedule".to_owned(),
                value: shorten(id),
            },
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(EstimateError { errors })
    }
}

/// Rounds to the nearest hundred dollars: the model is not more precise than that.
#[inline]
pub(crate) fn round_to_hundred(value: f64) -> i64 {
    // Pay in this model is at most a few million dollars, far inside i64.
    (round_half_away(value / 100.0) * 100.0) as i64
}

fn round_multiplier(value: f64) -> f64 {
    round_half_away(value * 1000.0) / 1000.0
}

/// `value.round()`, halves away from zero, to the same bit, worked out
/// inline: without SSE4.1, which builds do not assume, `f64::round` is a
/// library call, and an estimate with its page rounds about 500 numbers.
#[inline]
pub(crate) fn round_half_away(value: f64) -> f64 {
    // 2^52: from there on every f64 is whole (and NaN and the infinities
    // round to themselves).
    const WHOLE_FROM: f64 = 4_503_599_627_370_496.0;
    if value.is_nan() || value.abs() >= WHOLE_FROM {
        return value;
    }
    // Truncation toward zero; below 2^52 both it and the remainder are exact.
    let whole = value as i64 as f64;
    let rest = value - whole;
    let rounded = if rest >= 0.5 {
        whole + 1.0
    } else if rest <= -0.5 {
        whole - 1.0
    } else {
        whole
    };
    // -0.3 rounds to -0.0, as `round` has it.
    rounded.copysign(value)
}

/// A profile's chosen factor values, looked up once.
///
/// [`Resolved::explain`] applies them to the experience median step by step,
/// rounding each step so the steps' effects add up exactly to the median; the
/// median-only paths below ([`Resolved::median`] and the variations used by
/// what-if and the projection) do the same arithmetic without building rows.
/// `pinned.rs` proves the results unchanged against the original code.
pub(crate) struct Resolved<'m> {
    /// The value of each single-choice factor, by [`FactorKind::index`];
    /// `None` where the factor is skipped (an unknown id).
    singles: [Option<&'m FactorValue>; 7],
    /// The skills, then the certifications, in the order their premiums are
    /// added: repeats and unknown ids left out.
    premiums: Vec<(FactorKind, &'m FactorValue)>,
    /// How many of `premiums` are skills.
    skills: usize,
}

impl<'m> Resolved<'m> {
    pub(crate) fn new(model: &'m SalaryModel, input: &EstimateInput) -> Self {
        let mut singles = [None; 7];
        for kind in FactorKind::ALL.into_iter().filter(|kind| !kind.is_multi()) {
            let factor = model.factor(kind);
            let id = input
                .choices
                .single(kind)
                .or(factor.default.as_deref())
                .unwrap_or_default();
            singles[kind.index()] = factor.value(id);
        }
        let mut premiums = Vec::with_capacity(16);
        let mut skills = 0;
        for kind in [FactorKind::Skills, FactorKind::Certifications] {
            let factor = model.factor(kind);
            let chosen = input.choices.multi(kind);
            for (i, id) in chosen.iter().enumerate() {
                if chosen[..i].contains(id) {
                    continue;
                }
                if let Some(value) = factor.value(id) {
                    premiums.push((kind, value));
                }
            }
            if kind == FactorKind::Skills {
                skills = premiums.len();
            }
        }
        Self {
            singles,
            premiums,
            skills,
        }
    }

    /// The breakdown: the experience median, then each factor's effect in the
    /// order they apply, and the resulting median.
    pub(crate) fn explain(&self, model: &SalaryModel, years: f64) -> (i64, Vec<FactorEffect>) {
        let mut running = round_to_hundred(model.median_curve.at(years));
        let level = model.level_for(years);
        let mut rows = vec![FactorEffect {
            factor: "experience",
            value: format_years(years),
            label: format!("{} of experience ({})", years_phrase(years), level.label),
            multiplier: 1.0,
            effect: running,
            sources: model.experience_sources.clone(),
        }];
        for kind in FactorKind::ALL.into_iter().filter(|kind| !kind.is_multi()) {
            let Some(value) = self.singles[kind.index()] else {
                continue;
            };
            let next = round_to_hundred(running as f64 * value.multiplier);
            rows.push(effect_row(kind, value, next - running));
            running = next;
        }
        // Skills and certifications add premiums to the same pay, capped together.
        let before_premiums = running as f64;
        let mut premium = 0.0;
        for (kind, value) in &self.premiums {
            premium += value.multiplier - 1.0;
            let next = round_to_hundred(before_premiums * (1.0 + premium));
            rows.push(effect_row(*kind, value, next - running));
            running = next;
        }
        if premium > model.premium_cap {
            let capped = round_to_hundred(before_premiums * (1.0 + model.premium_cap));
            rows.push(FactorEffect {
                factor: "premium_cap",
                value: format!("{}", round_multiplier(model.premium_cap)),
                label: format!(
                    "Skills and certifications together capped at +{}%",
                    (model.premium_cap * 100.0).round()
                ),
                multiplier: round_multiplier((1.0 + model.premium_cap) / (1.0 + premium)),
                effect: capped - running,
                sources: Vec::new(),
            });
            running = capped;
        }
        (running, rows)
    }

    /// The value of a single-choice factor (chosen, or its default), if known.
    pub(crate) fn single(&self, kind: FactorKind) -> Option<&'m FactorValue> {
        self.singles[kind.index()]
    }

    /// The multipliers of the single-choice factors, by [`FactorKind::index`].
    fn multipliers(&self) -> [Option<f64>; 7] {
        self.singles.map(|value| value.map(|v| v.multiplier))
    }

    /// The premiums (`multiplier - 1`), in the order they are added.
    fn premium_shares(&self) -> impl Iterator<Item = f64> + '_ {
        self.premiums
            .iter()
            .map(|(_, value)| value.multiplier - 1.0)
    }

    /// The median after experience and the single-choice factors: the
    /// running figure before the premiums.
    fn before_premiums(model: &SalaryModel, years: f64, singles: &[Option<f64>; 7]) -> i64 {
        let mut running = round_to_hundred(model.median_curve.at(years));
        // A neutral value (every default) leaves a whole hundred as it is,
        // exactly: skipped, as the projection's medians add up to a hundred
        // and fifty steps, each a division.
        for multiplier in singles.iter().flatten().filter(|&&m| m != 1.0) {
            running = round_to_hundred(running as f64 * multiplier);
        }
        running
    }

    /// The median once `premiums` (in order) are added to `running`, capped.
    fn with_premiums(
        model: &SalaryModel,
        running: i64,
        premiums: impl IntoIterator<Item = f64>,
    ) -> i64 {
        let before_premiums = running as f64;
        let mut premium = 0.0;
        let mut any = false;
        for extra in premiums {
            premium += extra;
            any = true;
        }
        // `explain` rounds after every premium and then applies the cap; only
        // the last rounding (or the cap's) survives.
        if premium > model.premium_cap {
            round_to_hundred(before_premiums * (1.0 + model.premium_cap))
        } else if any {
            round_to_hundred(before_premiums * (1.0 + premium))
        } else {
            running
        }
    }

    /// The median at `years`, with single-choice factors as in `singles` and
    /// the premiums in `premiums`, in order.
    fn median_with(
        model: &SalaryModel,
        years: f64,
        singles: &[Option<f64>; 7],
        premiums: impl IntoIterator<Item = f64>,
    ) -> i64 {
        Self::with_premiums(
            model,
            Self::before_premiums(model, years, singles),
            premiums,
        )
    }

    /// The profile's median at `years`.
    pub(crate) fn median(&self, model: &SalaryModel, years: f64) -> i64 {
        Self::median_with(model, years, &self.multipliers(), self.premium_shares())
    }

    /// The median at `years` with one single-choice factor's multiplier replaced.
    pub(crate) fn median_with_single(
        &self,
        model: &SalaryModel,
        years: f64,
        kind: FactorKind,
        multiplier: Option<f64>,
    ) -> i64 {
        let mut singles = self.multipliers();
        singles[kind.index()] = multiplier;
        Self::median_with(model, years, &singles, self.premium_shares())
    }

    /// The profile's median before premiums at `years`, for
    /// [`Resolved::median_with_premium`], which varies only the premiums.
    pub(crate) fn before_premiums_at(&self, model: &SalaryModel, years: f64) -> i64 {
        Self::before_premiums(model, years, &self.multipliers())
    }

    /// The median with one more skill (added after the held skills) or
    /// certification (added last), as its premium, from the figure before
    /// premiums ([`Resolved::before_premiums_at`]).
    pub(crate) fn median_with_premium(
        &self,
        model: &SalaryModel,
        before_premiums: i64,
        kind: FactorKind,
        premium: f64,
    ) -> i64 {
        let at = match kind {
            FactorKind::Skills => self.skills,
            _ => self.premiums.len(),
        };
        let premiums = self
            .premium_shares()
            .take(at)
            .chain(std::iter::once(premium))
            .chain(self.premium_shares().skip(at));
        Self::with_premiums(model, before_premiums, premiums)
    }
}

/// All five percentiles around a median, keeping the experience curve's spread.
fn percentiles(model: &SalaryModel, median: i64, years: f64) -> Percentiles {
    let ratio = |i: usize| model.ratio_curves[i].at(years);
    let (p25, p75) = middle_half(model, median, years);
    Percentiles {
        p10: round_to_hundred(median as f64 * ratio(0)),
        p25,
        median,
        p75,
        p90: round_to_hundred(median as f64 * ratio(3)),
    }
}

/// The 25th and 75th percentiles of [`percentiles`], alone: all the
/// projection shows of its 21 years.
fn middle_half(model: &SalaryModel, median: i64, years: f64) -> (i64, i64) {
    let ratio = |i: usize| model.ratio_curves[i].at(years);
    (
        round_to_hundred(median as f64 * ratio(1)),
        round_to_hundred(median as f64 * ratio(2)),
    )
}

/// The input with every default filled in and repeated ids dropped.
fn normalized(model: &SalaryModel, input: &EstimateInput) -> EstimateInput {
    // One copy, then changed in place: what is already in order stays.
    let mut filled = input.clone();
    filled.home = filled.home.filter(|id| !id.is_empty());
    filled.tax.home_city = filled.tax.home_city.filter(|id| !id.is_empty());
    filled.tax.home_state =
        filled
            .tax
            .home_state
            .filter(|code| !code.is_empty())
            .map(|mut code| {
                code.make_ascii_uppercase();
                code
            });
    for kind in FactorKind::ALL {
        match kind {
            FactorKind::Skills => keep_first_of_each(&mut filled.choices.skills),
            FactorKind::Certifications => keep_first_of_each(&mut filled.choices.certifications),
            // A value chosen stays as it is; a factor left out takes its default.
            _ if input.choices.single(kind).is_none() => {
                if let Some(default) = model.factor(kind).default.as_deref() {
                    set_single(&mut filled.choices, kind, default);
                }
            }
            _ => {}
        }
    }
    filled
}

/// Drops the repeats of each id, keeping the first in place.
fn keep_first_of_each(ids: &mut Vec<String>) {
    let mut at = 0;
    while at < ids.len() {
        if ids[..at].contains(&ids[at]) {
            ids.remove(at);
        } else {
            at += 1;
        }
    }
}

fn compute(
    model: &SalaryModel,
    input: &EstimateInput,
    cell: Option<&reports::ReportsCell>,
) -> Estimate {
    let input = normalized(model, input);
    let years = input.years;
    let level = model.level_for(years);
    let resolved = Resolved::new(model, &input);
    let (median, mut factors) = resolved.explain(model, years);
    let confidence = insights::confidence(model, &input);
    let (median, reports) = reports::apply(model, median, confidence.level, cell, &mut factors);
    let base = percentiles(model, median, years);
    let location = resolved
        .single(FactorKind::Location)
        .map(|v| v.label.as_str())
        .unwrap_or_default();
    let profile = format!(
        "{} of backend experience in {location}",
        years_phrase(years)
    );
    let total_comp = insights::total_comp(model, &input, median);
    let offer = input
        .offer
        .clone()
        .map(|offer| insights::check_offer(model, &base, offer, &profile));
    let hourly = hourly::hourly(model, &base, input.employment);
    let cross_check = insights::cross_check(model, &base, years, input.choices.location.as_deref());
    let cost_of_living =
        living::cost_of_living(&model.cost_of_living, input.living_place(), median);
    let take_home = take_home::take_home(
        model,
        &input,
        median,
        offer.as_ref().map(|check| take_home::OfferWages {
            base: check.offer.base,
            cash: &check.cash,
        }),
        cost_of_living.price_level,
    );

    // The sources cited, each once, in the data file's order: by position.
    let mut cited: Vec<usize> = factors
        .iter()
        .flat_map(|f| f.sources.iter())
        .chain(&total_comp.sources)
        .chain(&hourly.sources)
        .chain(std::iter::once(&cross_check.source))
        .chain(&cross_check.survey.sources)
        .chain(offer.iter().flat_map(|o| o.advice.sources.iter()))
        .chain(std::iter::once(&cost_of_living.source))
        .filter_map(|id| model.source_position(id))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    let sources = cited
        .into_iter()
        .map(|at| std::sync::Arc::clone(&model.sources[at]))
        .collect();
    Estimate {
        currency: model.currency.clone(),
        level: level.id.clone(),
        level_label: level.label.clone(),
        what_if: insights::what_if_resolved(model, &resolved, &input, median),
        projection: insights::projection_resolved(model, &resolved),
        input,
        base,
        factors,
        total_comp,
        hourly,
        offer,
        cost_of_living,
        take_home,
        cross_check,
        confidence: confidence.level,
        confidence_notes: confidence.notes,
        sources,
        data_version: model.version.clone(),
        reports,
    }
}

fn set_single(choices: &mut Choices, kind: FactorKind, id: &str) {
    let slot = match kind {
        FactorKind::Location => &mut choices.location,
        FactorKind::Industry => &mut choices.industry,
        FactorKind::CompanySize => &mut choices.company_size,
        FactorKind::Language => &mut choices.language,
        FactorKind::WorkArrangement => &mut choices.work_arrangement,
        FactorKind::Skills | FactorKind::Certifications => return,
    };
    *slot = Some(id.to_owned());
}

fn effect_row(kind: FactorKind, value: &FactorValue, effect: i64) -> FactorEffect {
    FactorEffect {
        factor: kind.key(),
        value: value.id.clone(),
        label: value.label.clone(),
        multiplier: round_multiplier(value.multiplier),
        effect,
        sources: value.sources.clone(),
    }
}

/// Years as they appear in URLs: "4", "2.5".
pub fn format_years(years: f64) -> String {
    let rounded = round_half_away(years * 100.0) / 100.0;
    // Whole years, nearly all of them, as `{}` writes a whole f64, without
    // the float formatter (an estimate writes its years five times).
    let whole = rounded as u64;
    if whole as f64 == rounded
        && rounded.is_sign_positive()
        && let Some(digits) = crate::money::digits_below_thousand(whole)
    {
        return digits.to_owned();
    }
    format!("{rounded}")
}

/// Years in words: "1 year", "4 years", "2.5 years".
pub fn years_phrase(years: f64) -> String {
    let mut text = format_years(years);
    text.push_str(if text == "1" { " year" } else { " years" });
    text
}

#[cfg(test)]
mod pinned;
#[cfg(test)]
mod tests;
