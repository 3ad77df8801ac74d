//! What an estimate means for a person: what would raise it, total and hourly
//! pay, where an offer sits, how pay grows, how it compares with official
//! figures, and how far to trust it. Every figure comes from the model.

use serde::Serialize;

use super::area_check::{AreaCheck, area_check};
use super::model::{Evidence, FactorKind, FactorValue, SalaryModel};
use super::negotiation::{Advice, OfferFacts};
use super::offer::Offer;
use super::{EstimateInput, Percentiles, Resolved, format_years, middle_half, round_to_hundred};

/// One change that would raise this person's median, with where to read about it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WhatIf {
    /// The change, in words.
    pub change: String,
    /// Dollars it adds to the median; for a move that keeps a remote job's
    /// pay (`factor` `home`), to the median's buying power in national dollars.
    pub delta: i64,
    /// Guide section that explains it (`/guides/slug#section`).
    pub guide: String,
    /// The factor it changes (`skills`, `location`, `experience`, ...; `home`
    /// for where the person lives).
    pub factor: &'static str,
    /// The value it changes to.
    pub value: String,
}

/// How many what-if suggestions to offer at most.
const WHAT_IF_MAX: usize = 5;
/// How many to offer at least, even when little would help.
const WHAT_IF_MIN: usize = 3;
/// How many more years the experience suggestion looks ahead.
const MORE_YEARS: f64 = 3.0;

/// One candidate idea before it is put in words: only the few that make the
/// list are.
enum Change<'a> {
    /// Three more years, to this many.
    Years(f64),
    /// A skill or certification to add, or a single-choice factor's best value.
    Value(FactorKind, &'a FactorValue),
    /// Keep a location-independent job's pay and live in this location.
    Move(&'a FactorValue),
}

/// The changes that would raise the median most, best first.
///
/// Each candidate's median comes from the profile's multipliers, resolved once
/// ([`Resolved`]), rather than from a rebuilt input through the whole waterfall.
pub fn what_if(model: &SalaryModel, input: &EstimateInput, median: i64) -> Vec<WhatIf> {
    what_if_resolved(model, &Resolved::new(model, input), input, median)
}

/// [`what_if`] for a profile already resolved (an estimate resolves its
/// profile once, for the breakdown, what-if and the projection).
pub(super) fn what_if_resolved(
    model: &SalaryModel,
    resolved: &Resolved<'_>,
    input: &EstimateInput,
    median: i64,
) -> Vec<WhatIf> {
    let years = input.years;
    let mut candidates: Vec<(i64, Change<'_>)> = Vec::with_capacity(24);

    if years < super::MAX_YEARS {
        let later = (years + MORE_YEARS).min(super::MAX_YEARS);
        candidates.push((resolved.median(model, later) - median, Change::Years(later)));
    }

    // Adding a skill or certification changes only the premiums. (The
    // waterfall would look the added id up again; ids are unique in a
    // validated model, so that finds this very value.)
    let before_premiums = resolved.before_premiums_at(model, years);
    for kind in [FactorKind::Skills, FactorKind::Certifications] {
        let factor = model.factor(kind);
        let held = input.choices.multi(kind);
        for value in factor.values.iter().filter(|v| !held.contains(&v.id)) {
            let changed =
                resolved.median_with_premium(model, before_premiums, kind, value.multiplier - 1.0);
            candidates.push((changed - median, Change::Value(kind, value)));
        }
    }

    // For single-choice factors, only the best alternative is worth a line.
    for kind in [
        FactorKind::Location,
        FactorKind::Industry,
        FactorKind::CompanySize,
        FactorKind::Language,
        FactorKind::WorkArrangement,
    ] {
        let factor = model.factor(kind);
        let current = input.choices.single(kind).or(factor.default.as_deref());
        let best = factor
            .values
            .iter()
            .filter(|v| Some(v.id.as_str()) != current)
            .max_by(|a, b| a.multiplier.total_cmp(&b.multiplier));
        let Some(value) = best else { continue };
        let changed = resolved.median_with_single(model, years, kind, Some(value.multiplier));
        candidates.push((changed - median, Change::Value(kind, value)));
    }

    // A job that can be done from anywhere keeps its pay wherever its holder
    // lives: moving somewhere cheaper raises buying power, not the median.
    let living = &model.cost_of_living;
    let arrangement = input
        .choices
        .single(FactorKind::WorkArrangement)
        .or(model.factor(FactorKind::WorkArrangement).default.as_deref());
    if arrangement == Some(living.location_independent.as_str())
        && let Some((place, gain)) = super::living::move_gain(living, input.living_place(), median)
        && let Some(value) = model.factor(FactorKind::Location).value(place)
    {
        candidates.push((gain, Change::Move(value)));
    }

    // Best first; ties keep the order above (experience, skills, ...), which is stable.
    candidates.sort_by_key(|(delta, _)| std::cmp::Reverse(*delta));
    let helpful = candidates.iter().filter(|(delta, _)| *delta > 0).count();
    candidates.truncate(helpful.clamp(WHAT_IF_MIN, WHAT_IF_MAX));
    candidates
        .into_iter()
        .map(|(delta, change)| match change {
            Change::Years(later) => WhatIf {
                change: "Gain three more years of experience".to_owned(),
                delta,
                guide: model.experience_guide.clone(),
                factor: "experience",
                value: format_years(later),
            },
            Change::Move(value) => WhatIf {
                change: format!(
                    "Keep this remote job's pay and live in {} (buying power)",
                    value.label
                ),
                delta,
                guide: model.factor(FactorKind::WorkArrangement).guide.clone(),
                factor: "home",
                value: value.id.clone(),
            },
            Change::Value(kind, value) => WhatIf {
                change: describe(kind, value),
                delta,
                guide: model.factor(kind).guide.clone(),
                factor: kind.key(),
                value: value.id.clone(),
            },
        })
        .collect()
}

/// A what-if idea in words.
fn describe(kind: FactorKind, value: &FactorValue) -> String {
    match kind {
        FactorKind::Skills => format!("Add {} to your skills", value.label),
        FactorKind::Certifications => format!("Earn the {} certification", value.label),
        FactorKind::Location => format!("Work for an employer in {}", value.label),
        FactorKind::Industry => format!("Move to the {} industry", value.label.to_lowercase()),
        FactorKind::CompanySize => format!("Join a larger employer: {}", value.label),
        FactorKind::Language => format!("Make {} your main language", value.label),
        FactorKind::WorkArrangement => format!("Switch to {} work", value.label.to_lowercase()),
    }
}

/// A range of dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DollarRange {
    /// Low end.
    pub low: i64,
    /// High end.
    pub high: i64,
}

/// Base pay plus typical bonus and equity, at the median.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TotalComp {
    /// Low end of typical total pay counted as cash.
    pub low: i64,
    /// High end of typical total pay counted as cash.
    pub high: i64,
    /// Typical yearly bonus.
    pub bonus: DollarRange,
    /// Typical yearly equity grant value; from zero where shares are private.
    pub equity: DollarRange,
    /// Whether `equity` is in `low`/`high` (sellable stock) or shown apart.
    pub equity_counted_as_cash: bool,
    /// Source ids.
    pub sources: Vec<String>,
}

/// Total pay at the median for this person's company size.
pub fn total_comp(model: &SalaryModel, input: &EstimateInput, median: i64) -> TotalComp {
    let size = input
        .choices
        .single(FactorKind::CompanySize)
        .or(model.factor(FactorKind::CompanySize).default.as_deref())
        .unwrap_or_default();
    let pay = &model.total_pay;
    // Validation guarantees a band for every company size; a default band
    // (nothing on top) keeps this total if the data were ever incomplete.
    let band = pay.by_company_size.iter().find(|b| b.company_size == size);
    let share = |f: fn(&super::model::PayBand) -> f64| {
        band.map_or(0, |b| round_to_hundred(median as f64 * f(b)))
    };
    let bonus = DollarRange {
        low: share(|b| b.bonus_low),
        high: share(|b| b.bonus_high),
    };
    let equity_is_cash = band.is_some_and(|b| b.equity_is_cash);
    let equity = DollarRange {
        low: if equity_is_cash {
            share(|b| b.equity_low)
        } else {
            0
        },
        high: share(|b| b.equity_high),
    };
    let (equity_low, equity_high) = if equity_is_cash {
        (equity.low, equity.high)
    } else {
        (0, 0)
    };
    TotalComp {
        low: median + bonus.low + equity_low,
        high: median + bonus.high + equity_high,
        bonus,
        equity,
        equity_counted_as_cash: equity_is_cash,
        sources: pay.sources.clone(),
    }
}

/// Salaried or freelance work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Employment {
    /// An employee on a salary.
    #[default]
    Salaried,
    /// A freelancer or contractor billing by the hour.
    Freelance,
}

impl Employment {
    /// The id used in URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            Employment::Salaried => "salaried",
            Employment::Freelance => "freelance",
        }
    }
}

/// Where an offer sits and what to ask for.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OfferCheck {
    /// The offer as checked.
    pub offer: Offer,
    /// The offer's base as a percentile of this profile's band (1–99).
    pub percentile: u8,
    /// `below`, `within` or `above` the p25–p75 band.
    pub verdict: &'static str,
    /// What to ask for, by where the offer sits.
    #[serde(flatten)]
    pub advice: Advice,
    /// The offer's first four years of cash.
    #[serde(flatten)]
    pub cash: super::offer::OfferCash,
}

/// Places an offer in the band and gives the advice for where it sits.
pub fn check_offer(
    model: &SalaryModel,
    band: &Percentiles,
    offer: Offer,
    profile: &str,
) -> OfferCheck {
    let points = [
        (10.0, band.p10),
        (25.0, band.p25),
        (50.0, band.median),
        (75.0, band.p75),
        (90.0, band.p90),
    ];
    let base = offer.base as f64;
    let segment = |(p0, v0): (f64, i64), (p1, v1): (f64, i64)| {
        p0 + (base - v0 as f64) * (p1 - p0) / (v1 - v0).max(1) as f64
    };
    let percentile = if base <= points[0].1 as f64 {
        segment(points[0], points[1])
    } else if base >= points[4].1 as f64 {
        segment(points[3], points[4])
    } else {
        let i = points
            .windows(2)
            .position(|w| base <= w[1].1 as f64)
            .unwrap_or(3);
        segment(points[i], points[i + 1])
    };
    let verdict = if offer.base < band.p25 {
        "below"
    } else if offer.base > band.p75 {
        "above"
    } else {
        "within"
    };
    let schedule = (offer.grant > 0).then(|| model.vesting_schedule(offer.vesting.as_deref()));
    let schedule = schedule.flatten();
    let cash = super::offer::cash_by_year(&offer, schedule);
    let facts = OfferFacts {
        base: offer.base,
        years: &cash.years,
        profile,
    };
    // Validation guarantees at least one position, so there is always advice;
    // an empty one only if the data were ever incomplete.
    let mut advice = model.negotiation.advise(band, &facts).unwrap_or_default();
    if let Some(schedule) = schedule {
        advice.sources.extend(schedule.sources.iter().cloned());
    }
    OfferCheck {
        cash,
        offer,
        percentile: percentile.round().clamp(1.0, 99.0) as u8,
        verdict,
        advice,
    }
}

/// The band at one number of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProjectionPoint {
    /// Years of experience.
    pub years: u8,
    /// 25th percentile.
    pub p25: i64,
    /// Median.
    pub median: i64,
    /// 75th percentile.
    pub p75: i64,
}

/// The last year a projection shows.
pub const PROJECTION_YEARS: u8 = 20;

/// The p25–median–p75 band for this profile at each year from 0 to 20.
pub fn projection(model: &SalaryModel, input: &EstimateInput) -> Vec<ProjectionPoint> {
    projection_resolved(model, &Resolved::new(model, input))
}

/// [`projection`] for a profile already resolved.
pub(super) fn projection_resolved(
    model: &SalaryModel,
    resolved: &Resolved<'_>,
) -> Vec<ProjectionPoint> {
    (0..=PROJECTION_YEARS)
        .map(|years| {
            let at = f64::from(years);
            let median = resolved.median(model, at);
            let (p25, p75) = middle_half(model, median, at);
            ProjectionPoint {
                years,
                p25,
                median,
                p75,
            }
        })
        .collect()
}

/// Official percentiles beside our band, and what the difference means, with
/// a survey median of total pay as a second check.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CrossCheck {
    /// What the official figures describe.
    pub label: String,
    /// When they were measured, e.g. "May 2025".
    pub period: String,
    /// Their percentiles.
    pub p10: i64,
    /// 25th percentile.
    pub p25: i64,
    /// Median.
    pub median: i64,
    /// 75th percentile.
    pub p75: i64,
    /// 90th percentile.
    pub p90: i64,
    /// Source id of the figures.
    pub source: String,
    /// `below`, `overlaps` or `above`: where our p25–p75 band sits against theirs.
    pub position: &'static str,
    /// The comparison in a sentence.
    pub note: String,
    /// The second check: a survey median of total pay.
    pub survey: SurveyCheck,
    /// BLS's own figures for software developers where pay is set (or its
    /// state's, or the nation's, where BLS released no median there).
    pub area: AreaCheck,
}

/// A survey's median of self-reported total pay beside our base-pay median.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SurveyCheck {
    /// What the median describes.
    pub label: String,
    /// When the survey was run.
    pub period: String,
    /// The survey median, whole dollars a year.
    pub median: i64,
    /// How many respondents it rests on.
    pub respondents: i64,
    /// Their average years of professional experience.
    pub mean_years: f64,
    /// `total_pay`: salary, bonuses and perks, as respondents reported them.
    pub measures: &'static str,
    /// Source ids of the figures.
    pub sources: Vec<String>,
    /// `below`, `near` or `above`: where our median sits against theirs
    /// (near is within a tenth either way).
    pub position: &'static str,
    /// How the two differ, in sentences.
    pub note: String,
}

/// Compares our median with the survey's.
fn survey_check(model: &SalaryModel, band: &Percentiles) -> SurveyCheck {
    let survey = &model.cross_check.survey;
    let ratio = band.median as f64 / survey.median.max(1) as f64;
    let position = if ratio < 0.9 {
        "below"
    } else if ratio > 1.1 {
        "above"
    } else {
        "near"
    };
    let respondents = crate::money::usd(survey.respondents);
    let years = format_years(survey.mean_years);
    let comparison = match position {
        "below" => "Our median is well below it.",
        "above" => "Our median is well above it, even though it leaves out bonuses and perks.",
        _ => "Our median is close to it.",
    };
    // Written once, into the note itself.
    let note = format!(
        "{comparison} The survey median ({}) is total pay (salary, bonuses and perks) that {} US back-end developers reported themselves, at every level (back-end respondents in every country averaged {years} years of experience; the survey gives no US figure). This estimate is base salary only, from published wage data, so it usually sits below a total-pay figure.",
        crate::money::Usd(survey.median),
        respondents.trim_start_matches('$'),
    );
    SurveyCheck {
        label: survey.label.clone(),
        period: survey.period.clone(),
        median: survey.median,
        respondents: survey.respondents,
        mean_years: survey.mean_years,
        measures: "total_pay",
        sources: survey.sources.clone(),
        position,
        note,
    }
}

/// Compares our band with the official one, nationally and where pay is set
/// (`location`), and our median with the survey's.
pub fn cross_check(
    model: &SalaryModel,
    band: &Percentiles,
    years: f64,
    location: Option<&str>,
) -> CrossCheck {
    let figures = &model.cross_check;
    let [p10, p25, median, p75, p90] = figures.values;
    let years_text = super::years_phrase(years);
    let (position, note) = if band.p75 < p25 {
        (
            "below",
            format!(
                "Our band sits below the official middle half. Ours is backend pay at {years_text} of experience; theirs covers software developers at every level, so senior people lift it."
            ),
        )
    } else if band.p25 > p75 {
        (
            "above",
            format!(
                "Our band sits above the official middle half. Ours is backend pay at {years_text} of experience with your location and skills; theirs is the whole country's software developers, including lower-paid places and roles."
            ),
        )
    } else {
        (
            "overlaps",
            "Our band overlaps the official middle half for all US software developers.".to_owned(),
        )
    };
    CrossCheck {
        label: figures.label.clone(),
        period: figures.period.clone(),
        survey: survey_check(model, band),
        area: area_check(model, location, band, years),
        p10,
        p25,
        median,
        p75,
        p90,
        source: figures.sources.first().cloned().unwrap_or_default(),
        position,
        note,
    }
}

/// How far to trust an estimate, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confidence {
    /// `high`, `medium` or `low`.
    pub level: &'static str,
    /// Reasons, in words, for anything short of high.
    pub notes: Vec<String>,
}

/// Rates an estimate by how well its chosen factors are sourced and how far the
/// input is from the data.
pub fn confidence(model: &SalaryModel, input: &EstimateInput) -> Confidence {
    let mut weak = Vec::new();
    let mut moderate = false;
    for kind in FactorKind::ALL {
        let factor = model.factor(kind);
        let chosen: Vec<&str> = if kind.is_multi() {
            input
                .choices
                .multi(kind)
                .iter()
                .map(String::as_str)
                .collect()
        } else {
            // The neutral default multiplies by one, so its evidence does not matter.
            input
                .choices
                .single(kind)
                .filter(|id| Some(*id) != factor.default.as_deref())
                .into_iter()
                .collect()
        };
        for value in chosen.into_iter().filter_map(|id| factor.value(id)) {
            match value.evidence {
                Evidence::Weak => weak.push(value.label.clone()),
                Evidence::Moderate => moderate = true,
                Evidence::Strong => {}
            }
        }
    }
    let rules = model.confidence;
    let mut notes = Vec::new();
    let mut level = if weak.len() >= 2 {
        2
    } else if !weak.is_empty() || moderate {
        1
    } else {
        0
    };
    if !weak.is_empty() {
        notes.push(format!(
            "Thin evidence behind: {}. Treat those effects as informed judgement.",
            weak.join(", ")
        ));
    } else if moderate {
        notes.push(
            "Some factors rest on surveys of all tech roles or other countries, not US backend developers alone."
                .to_owned(),
        );
    }
    if input.years > rules.max_data_years {
        level = 2;
        notes.push(format!(
            "Published pay data stops around {} years of experience; past that we hold the curve flat instead of extrapolating.",
            format_years(rules.max_data_years)
        ));
    } else if input.years > rules.thin_years {
        level = level.max(1);
        notes.push(format!(
            "Few published figures cover more than {} years of experience.",
            format_years(rules.thin_years)
        ));
    }
    Confidence {
        level: ["high", "medium", "low"][level],
        notes,
    }
}
