//! The data file as its authors write it, and how the model is built from it
//! once [`SalaryModel::parse`] has read and validated it: figure ids resolved
//! into numbers, curves fitted through the knots.
//!
//! The raw types stay private to the model; the estimator only sees the
//! built [`SalaryModel`].

use std::sync::Arc;

use jiff::civil::Date;
use serde::Deserialize;

use super::{
    ChangelogEntry, ConfidenceRules, CrossCheckFigures, Factor, FactorKind, FactorValue, Figure,
    FreelanceCosts, Hourly, Knot, Level, Negotiation, SalaryModel, Source, SurveyFigures, TotalPay,
};
use crate::estimator::bls::Bls;
use crate::estimator::curve::MonotoneCurve;
use crate::estimator::living::RegionalPrices;
use crate::positions::Positions;
use crate::tax::TaxTables;

/// The whole data file, as written by its authors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ModelFile {
    /// Data version shown with every estimate, e.g. "2026.11.1".
    pub(super) version: String,
    /// When the data was last revised.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub(super) updated: Date,
    /// ISO currency code of every money figure in the file.
    pub(super) currency: String,
    /// Every publication a figure rests on.
    pub(super) sources: Vec<Source>,
    /// Published figures quoted in guides.
    #[serde(default)]
    pub(super) figures: Vec<Figure>,
    /// What changed in each data version, newest first.
    pub(super) changelog: Vec<ChangelogEntry>,
    /// The base pay curve by years of experience.
    pub(super) experience: ExperienceFile,
    /// Largest combined premium that skills and certifications may add.
    pub(super) premium_cap: f64,
    /// Location multipliers.
    pub(super) location: FactorFile,
    /// Industry multipliers.
    pub(super) industry: FactorFile,
    /// Company size multipliers.
    pub(super) company_size: FactorFile,
    /// Main-language multipliers.
    pub(super) language: FactorFile,
    /// Skill premiums (several may be chosen).
    pub(super) skills: FactorFile,
    /// Certification premiums (several may be chosen).
    pub(super) certifications: FactorFile,
    /// On-site, hybrid or remote multipliers.
    pub(super) work_arrangement: FactorFile,
    /// Bonus and equity on top of base pay.
    pub(super) total_pay: TotalPay,
    /// Hourly equivalents and freelance rates.
    pub(super) hourly: Hourly,
    /// How counter-offers are chosen and phrased.
    pub(super) negotiation: Negotiation,
    /// Which published figures to show beside our band.
    pub(super) cross_check: CrossCheckFile,
    /// Where the data thins out.
    pub(super) confidence: ConfidenceRules,
    /// BEA price parities by location, for buying power.
    pub(super) cost_of_living: crate::estimator::living::CostOfLivingFile,
    /// How equity grants vest; the first is the default.
    pub(super) vesting_schedules: Vec<crate::estimator::offer::VestingSchedule>,
    /// Visitors' reports: checks, publishing thresholds and blending.
    pub(super) reports: crate::estimator::reports::ReportsModel,
}

/// Figure ids of the published figures shown beside every estimate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CrossCheckFile {
    /// What the official percentiles describe.
    pub(super) label: String,
    /// Figure id of the 10th percentile.
    pub(super) p10: String,
    /// Figure id of the 25th percentile.
    pub(super) p25: String,
    /// Figure id of the median.
    pub(super) median: String,
    /// Figure id of the 75th percentile.
    pub(super) p75: String,
    /// Figure id of the 90th percentile.
    pub(super) p90: String,
    /// A survey median of total pay, shown as a second check.
    pub(super) survey: SurveyCheckFile,
}

/// Figure ids of the survey check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SurveyCheckFile {
    /// What the survey median describes.
    pub(super) label: String,
    /// Figure id of the median (yearly dollars).
    pub(super) median: String,
    /// Figure id of the number of respondents behind it.
    pub(super) respondents: String,
    /// Figure id of the respondents' average years of experience.
    pub(super) mean_years: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExperienceFile {
    /// Guide section that explains experience and pay.
    pub(super) guide: String,
    /// Sources of the curve.
    pub(super) sources: Vec<String>,
    /// Why the knots have the values they have.
    pub(super) basis: String,
    /// Percentiles at chosen years, from year 0 to year 50.
    pub(super) knots: Vec<Knot>,
    /// Named bands of years.
    pub(super) levels: Vec<Level>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FactorFile {
    /// Name of the factor shown to readers.
    pub(super) label: String,
    /// Guide section that explains the factor.
    pub(super) guide: String,
    /// The neutral value used when none is chosen (single-choice factors only).
    #[serde(default)]
    pub(super) default: Option<String>,
    /// Every value a person can choose; for a factor built from BLS's areas
    /// (`bls_source`), none: they are made from `content/data/oews/`.
    #[serde(default)]
    pub(super) values: Vec<FactorValue>,
    /// The source of BLS's OEWS release: every BLS area with software
    /// developers becomes a value of this factor, its median over the nation's.
    #[serde(default)]
    pub(super) bls_source: Option<String>,
    /// The name of the nation's value (BLS calls it "National").
    #[serde(default)]
    pub(super) national_label: Option<String>,
    /// States (USPS codes) whose areas are left out, with a comment saying why.
    #[serde(default)]
    pub(super) left_out_states: Vec<String>,
}

impl SalaryModel {
    /// The model from a validated file: figure ids resolved into numbers,
    /// curves fitted through the knots.
    pub(super) fn build(
        file: ModelFile,
        bls: Arc<Bls>,
        tax: Arc<TaxTables>,
        prices: &RegionalPrices,
    ) -> Self {
        let cost_of_living = crate::estimator::living::PriceParities::build(
            file.cost_of_living,
            prices,
            &super::location_places(&bls, &file.location.values),
        );
        let xs: Vec<f64> = file.experience.knots.iter().map(|k| k.years).collect();
        let median: Vec<f64> = file.experience.knots.iter().map(|k| k.median).collect();
        let ratio = |pick: fn(&Knot) -> f64| {
            let ys = file
                .experience
                .knots
                .iter()
                .map(|k| pick(k) / k.median)
                .collect();
            MonotoneCurve::new(xs.clone(), ys)
        };
        let ratio_curves = [
            ratio(|k| k.p10),
            ratio(|k| k.p25),
            ratio(|k| k.p75),
            ratio(|k| k.p90),
        ];
        let median_curve = MonotoneCurve::new(xs.clone(), median);
        let figure = |id: &str| {
            file.figures
                .iter()
                .find(|f| f.id == id)
                .map_or(0, Figure::whole)
        };
        let find = |id: &str| file.figures.iter().find(|f| f.id == id);
        let period = |id: &str| find(id).map(|f| f.vintage.clone()).unwrap_or_default();
        let sources_of = |id: &str| find(id).map(|f| f.sources.clone()).unwrap_or_default();
        let share = |id: &str| find(id).map_or(0.0, |f| f.value / 100.0);
        let check = &file.cross_check;
        let survey = &check.survey;
        let freelance = &file.hourly.freelance;
        // Benefits and paid leave are shares of compensation cost; a salary pays
        // wages and paid leave, so both are taken relative to that sum.
        let salary_share = share(&freelance.wages_share) + share(&freelance.paid_leave_share);
        let freelance_costs = FreelanceCosts {
            social_security_tax: share(&freelance.social_security_tax),
            medicare_tax: share(&freelance.medicare_tax),
            social_security_wage_base: find(&freelance.social_security_wage_base)
                .map_or(0.0, |f| f.value),
            benefits_share: (share(&freelance.insurance_share)
                + share(&freelance.retirement_share))
                / salary_share,
            paid_leave_share: share(&freelance.paid_leave_share) / salary_share,
            unbilled_share: share(&freelance.unbilled_share),
            tax_sources: merged(&[
                sources_of(&freelance.social_security_tax),
                sources_of(&freelance.medicare_tax),
                sources_of(&freelance.social_security_wage_base),
            ]),
            benefit_sources: merged(&[
                sources_of(&freelance.wages_share),
                sources_of(&freelance.paid_leave_share),
                sources_of(&freelance.insurance_share),
                sources_of(&freelance.retirement_share),
            ]),
            unbilled_sources: sources_of(&freelance.unbilled_share),
        };
        let cross_check = CrossCheckFigures {
            label: check.label.clone(),
            period: period(&check.median),
            survey: SurveyFigures {
                label: survey.label.clone(),
                period: period(&survey.median),
                median: figure(&survey.median),
                respondents: figure(&survey.respondents),
                mean_years: find(&survey.mean_years).map_or(0.0, |f| f.value),
                sources: merged(&[
                    sources_of(&survey.median),
                    sources_of(&survey.respondents),
                    sources_of(&survey.mean_years),
                ]),
            },
            values: [
                figure(&check.p10),
                figure(&check.p25),
                figure(&check.median),
                figure(&check.p75),
                figure(&check.p90),
            ],
            sources: file
                .figures
                .iter()
                .filter(|f| f.id == check.median)
                .flat_map(|f| f.sources.clone())
                .collect(),
        };
        let mut levels = file.experience.levels;
        levels.sort_by(|a, b| a.from_years.total_cmp(&b.from_years));
        let factors = [
            (FactorKind::Location, file.location),
            (FactorKind::Industry, file.industry),
            (FactorKind::CompanySize, file.company_size),
            (FactorKind::Language, file.language),
            (FactorKind::WorkArrangement, file.work_arrangement),
            (FactorKind::Skills, file.skills),
            (FactorKind::Certifications, file.certifications),
        ]
        .map(|(kind, factor)| {
            Factor::new(
                kind,
                factor.label,
                factor.guide,
                factor.default,
                factor.values,
            )
        });
        // Validation keeps ids unique.
        let source_positions = Positions::of(file.sources.iter().map(|s| s.id.as_str()));
        Self {
            version: file.version,
            updated: file.updated,
            currency: file.currency,
            sources: file.sources.into_iter().map(std::sync::Arc::new).collect(),
            source_positions,
            figures: file.figures,
            changelog: file.changelog,
            knots: file.experience.knots,
            experience_sources: file.experience.sources,
            experience_basis: file.experience.basis,
            experience_guide: file.experience.guide,
            total_pay: file.total_pay,
            hourly: file.hourly,
            negotiation: file.negotiation,
            cross_check,
            freelance_costs,
            confidence: file.confidence,
            levels,
            reports: file.reports,
            premium_cap: file.premium_cap,
            cost_of_living,
            vesting_schedules: file.vesting_schedules,
            bls,
            tax,
            factors,
            median_curve,
            ratio_curves,
        }
    }
}

/// Source ids from several lists, each once, in first-seen order.
fn merged(lists: &[Vec<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in lists.iter().flatten() {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}
