//! The salary model: the typed, validated form of `content/data/salary-model.toml`.
//!
//! [`SalaryModel::parse`] turns TOML text into a model and checks every rule the
//! estimator relies on (ordered percentiles, known source ids, one default per
//! factor...). Reading the file is the caller's job, so this stays pure.

use std::collections::HashSet;
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::bls::Bls;
use super::curve::MonotoneCurve;

/// The years of experience the model covers; inputs outside it are refused.
pub const MAX_YEARS: f64 = 50.0;

/// The whole data file, as written by its authors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    /// Data version shown with every estimate, e.g. "2026.11.1".
    version: String,
    /// When the data was last revised.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    updated: Date,
    /// ISO currency code of every money figure in the file.
    currency: String,
    /// Every publication a figure rests on.
    sources: Vec<Source>,
    /// Published figures quoted in guides.
    #[serde(default)]
    figures: Vec<Figure>,
    /// What changed in each data version, newest first.
    changelog: Vec<ChangelogEntry>,
    /// The base pay curve by years of experience.
    experience: ExperienceFile,
    /// Largest combined premium that skills and certifications may add.
    premium_cap: f64,
    /// Location multipliers.
    location: FactorFile,
    /// Industry multipliers.
    industry: FactorFile,
    /// Company size multipliers.
    company_size: FactorFile,
    /// Main-language multipliers.
    language: FactorFile,
    /// Skill premiums (several may be chosen).
    skills: FactorFile,
    /// Certification premiums (several may be chosen).
    certifications: FactorFile,
    /// On-site, hybrid or remote multipliers.
    work_arrangement: FactorFile,
    /// Bonus and equity on top of base pay.
    total_pay: TotalPay,
    /// Hourly equivalents and freelance rates.
    hourly: Hourly,
    /// How counter-offers are chosen and phrased.
    negotiation: Negotiation,
    /// Which published figures to show beside our band.
    cross_check: CrossCheckFile,
    /// Where the data thins out.
    confidence: ConfidenceRules,
    /// BEA price parities by location, for buying power.
    cost_of_living: super::living::CostOfLivingFile,
    /// How equity grants vest; the first is the default.
    vesting_schedules: Vec<super::offer::VestingSchedule>,
    /// Visitors' reports: checks, publishing thresholds and blending.
    reports: super::reports::ReportsModel,
}

/// Typical bonus and equity by company size.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalPay {
    /// Sources of the shares.
    pub sources: Vec<String>,
    /// The figures behind them, in words.
    pub basis: String,
    /// How well the figures support them.
    pub evidence: Evidence,
    /// One band per company-size value.
    pub by_company_size: Vec<PayBand>,
}

/// Bonus and equity as shares of base pay at one company size.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayBand {
    /// The company-size id this band is for.
    pub company_size: String,
    /// Lowest typical bonus, as a share of base.
    pub bonus_low: f64,
    /// Highest typical bonus, as a share of base.
    pub bonus_high: f64,
    /// Lowest typical yearly equity, as a share of base.
    pub equity_low: f64,
    /// Highest typical yearly equity, as a share of base.
    pub equity_high: f64,
    /// Whether the equity can usually be sold (public-company stock); private
    /// shares are never added to cash pay.
    pub equity_is_cash: bool,
}

/// Hourly equivalents of yearly pay, and freelance rates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hourly {
    /// Paid hours in a full-time year.
    pub hours_per_year: f64,
    /// Lowest published freelance rate, dollars an hour.
    pub min_rate: i64,
    /// Highest published freelance rate, dollars an hour.
    pub max_rate: i64,
    /// Sources of the rates.
    pub sources: Vec<String>,
    /// The figures behind them, in words.
    pub basis: String,
    /// How well the figures support them.
    pub evidence: Evidence,
    /// Figure ids of the costs a freelance rate covers.
    pub freelance: FreelanceFile,
}

/// Figure ids of what an employer pays that a freelancer covers alone; each
/// becomes one step of the freelance rate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreelanceFile {
    /// Social Security part of the self-employment tax, percent.
    pub social_security_tax: String,
    /// Medicare part of the self-employment tax, percent.
    pub medicare_tax: String,
    /// Yearly earnings subject to Social Security tax, dollars.
    pub social_security_wage_base: String,
    /// Wages and salaries, percent of employers' compensation costs.
    pub wages_share: String,
    /// Paid leave, percent of employers' compensation costs.
    pub paid_leave_share: String,
    /// Insurance, percent of employers' compensation costs.
    pub insurance_share: String,
    /// Retirement and savings, percent of employers' compensation costs.
    pub retirement_share: String,
    /// Share of a freelancer's working hours no client pays for, percent.
    pub unbilled_share: String,
}

impl FreelanceFile {
    /// Each field with its name and the unit its figure must have.
    pub(super) fn ids(&self) -> [(&'static str, &str, FigureUnit); 8] {
        [
            (
                "social_security_tax",
                &self.social_security_tax,
                FigureUnit::Percent,
            ),
            ("medicare_tax", &self.medicare_tax, FigureUnit::Percent),
            (
                "social_security_wage_base",
                &self.social_security_wage_base,
                FigureUnit::Year,
            ),
            ("wages_share", &self.wages_share, FigureUnit::Percent),
            (
                "paid_leave_share",
                &self.paid_leave_share,
                FigureUnit::Percent,
            ),
            (
                "insurance_share",
                &self.insurance_share,
                FigureUnit::Percent,
            ),
            (
                "retirement_share",
                &self.retirement_share,
                FigureUnit::Percent,
            ),
            ("unbilled_share", &self.unbilled_share, FigureUnit::Percent),
        ]
    }
}

/// The costs a freelance rate covers, resolved from the figures.
#[derive(Debug, Clone)]
pub struct FreelanceCosts {
    /// Social Security tax rate for the self-employed, as a share (0.124).
    pub social_security_tax: f64,
    /// Medicare tax rate for the self-employed, as a share (0.029).
    pub medicare_tax: f64,
    /// Earnings subject to Social Security tax, dollars a year.
    pub social_security_wage_base: f64,
    /// Insurance and retirement an employer pays, as a share of salary.
    pub benefits_share: f64,
    /// Paid leave, as a share of salary (the time off a freelancer is not paid for).
    pub paid_leave_share: f64,
    /// Share of working hours no client pays for.
    pub unbilled_share: f64,
    /// Sources of the tax figures.
    pub tax_sources: Vec<String>,
    /// Sources of the benefit and paid-leave figures.
    pub benefit_sources: Vec<String>,
    /// Sources of the unbilled-time figure.
    pub unbilled_sources: Vec<String>,
}

/// How a counter-offer is chosen and phrased.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negotiation {
    /// The market percentile to ask for: 50, 75 or 90.
    pub counter_percentile: u8,
    /// The smallest raise over the offer worth asking for, as a share.
    pub min_raise: f64,
    /// The largest raise over the offer that stays credible, as a share.
    pub max_raise: f64,
    /// Counters are rounded up to a multiple of this many dollars.
    pub round_to: i64,
    /// Sources of the advice.
    pub sources: Vec<String>,
    /// The advice, in words.
    pub basis: String,
    /// Lines of the script, with placeholders {counter}, {p25}, {median}, {p75}, {profile}.
    pub script: Vec<String>,
}

/// Figure ids of the published figures shown beside every estimate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CrossCheckFile {
    /// What the official percentiles describe.
    label: String,
    /// Figure id of the 10th percentile.
    p10: String,
    /// Figure id of the 25th percentile.
    p25: String,
    /// Figure id of the median.
    median: String,
    /// Figure id of the 75th percentile.
    p75: String,
    /// Figure id of the 90th percentile.
    p90: String,
    /// A survey median of total pay, shown as a second check.
    survey: SurveyCheckFile,
}

/// Figure ids of the survey check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyCheckFile {
    /// What the survey median describes.
    label: String,
    /// Figure id of the median (yearly dollars).
    median: String,
    /// Figure id of the number of respondents behind it.
    respondents: String,
    /// Figure id of the respondents' average years of experience.
    mean_years: String,
}

/// Official percentiles shown beside our band, resolved from the figures.
#[derive(Debug, Clone)]
pub struct CrossCheckFigures {
    /// What the figures describe.
    pub label: String,
    /// When the figures were measured, e.g. "May 2025".
    pub period: String,
    /// p10, p25, median, p75, p90 in whole dollars.
    pub values: [i64; 5],
    /// Sources of the figures.
    pub sources: Vec<String>,
    /// The survey check.
    pub survey: SurveyFigures,
}

/// A survey's median of total pay, resolved from the figures.
#[derive(Debug, Clone)]
pub struct SurveyFigures {
    /// What the median describes.
    pub label: String,
    /// When the survey was run, e.g. "2025 survey".
    pub period: String,
    /// The median, whole dollars a year.
    pub median: i64,
    /// How many respondents it rests on.
    pub respondents: i64,
    /// The respondents' average years of experience.
    pub mean_years: f64,
    /// Sources of the figures.
    pub sources: Vec<String>,
}

/// Where the data thins out.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceRules {
    /// Past this many years, confidence is at most medium.
    pub thin_years: f64,
    /// Past this many years, confidence is low and the page says why.
    pub max_data_years: f64,
}

/// Placeholders a negotiation script may use.
pub const SCRIPT_PLACEHOLDERS: [&str; 5] = ["{counter}", "{p25}", "{median}", "{p75}", "{profile}"];

/// A publication behind one or more figures.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id that factor values cite.
    pub id: String,
    /// Title of the publication.
    pub title: String,
    /// Who first published it: the primary publisher, never a site that
    /// only repeated it.
    pub publisher: String,
    /// Year of the figures' publication.
    pub year: u16,
    /// The primary page's address; absent only where none is known (then
    /// `note` says so to readers).
    #[serde(default)]
    pub url: Option<String>,
    /// Who we read the figures from, when only a second-hand copy was seen:
    /// shown to readers as "as republished by …".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub republished_by: Option<String>,
    /// Address of that second-hand copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub republished_url: Option<String>,
    /// What a reader should know about this source, in reader words. Notes for
    /// maintainers go in TOML comments beside the entry, never here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One data version and what changed in it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    /// The data version this entry describes.
    pub version: String,
    /// When it was published.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub date: Date,
    /// What changed and why, one item each.
    pub changes: Vec<String>,
}

/// A published figure quoted in prose through the `figure` shortcode.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// Stable id used by guides.
    pub id: String,
    /// What the figure measures.
    pub label: String,
    /// The figure: whole dollars for money, a number of people for a count,
    /// or a number such as 15.8 for a percent or years.
    pub value: f64,
    /// What the value counts: yearly or hourly dollars, a percent, people, years.
    pub unit: FigureUnit,
    /// When the figure was measured, as the source states it.
    pub vintage: String,
    /// Sources of the figure.
    pub sources: Vec<String>,
}

/// What a figure's value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureUnit {
    /// Yearly pay in whole dollars.
    Year,
    /// Hourly rate in whole dollars.
    Hour,
    /// A percent, e.g. 15.8 for 15.8%.
    Percent,
    /// A number of people (survey respondents, jobs).
    Count,
    /// A number of years, e.g. 12.7.
    Years,
}

impl FigureUnit {
    /// Whether values of this unit must be whole numbers.
    pub fn is_whole(self) -> bool {
        matches!(
            self,
            FigureUnit::Year | FigureUnit::Hour | FigureUnit::Count
        )
    }
}

impl Figure {
    /// The value in whole units, for money and counts (validated whole).
    pub fn whole(&self) -> i64 {
        // Validation keeps figures positive and below a trillion.
        self.value.round() as i64
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExperienceFile {
    /// Guide section that explains experience and pay.
    guide: String,
    /// Sources of the curve.
    sources: Vec<String>,
    /// Why the knots have the values they have.
    basis: String,
    /// Percentiles at chosen years, from year 0 to year 50.
    knots: Vec<Knot>,
    /// Named bands of years.
    levels: Vec<Level>,
}

/// Yearly base pay percentiles for the default profile at one number of years.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knot {
    /// Years of experience.
    pub years: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// A named experience band such as "entry" or "senior".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Stable id ("entry", "mid", ...).
    pub id: String,
    /// Name shown to readers.
    pub label: String,
    /// First year of the band; it runs to the next level's first year.
    pub from_years: f64,
    /// The year that stands for the level in guide tables.
    pub typical_years: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactorFile {
    /// Name of the factor shown to readers.
    label: String,
    /// Guide section that explains the factor.
    guide: String,
    /// The neutral value used when none is chosen (single-choice factors only).
    #[serde(default)]
    default: Option<String>,
    /// Every value a person can choose; for a factor built from BLS's areas
    /// (`bls_source`), none: they are made from `content/data/oews/`.
    #[serde(default)]
    values: Vec<FactorValue>,
    /// The source of BLS's OEWS release: every BLS area with software
    /// developers becomes a value of this factor, its median over the nation's.
    #[serde(default)]
    bls_source: Option<String>,
    /// The name of the nation's value (BLS calls it "National").
    #[serde(default)]
    national_label: Option<String>,
    /// States (USPS codes) whose areas are left out, with a comment saying why.
    #[serde(default)]
    left_out_states: Vec<String>,
}

/// One choice of a factor, with the multiplier and the evidence behind it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactorValue {
    /// Stable id used in URLs, the API and the command line.
    pub id: String,
    /// Name shown to readers.
    pub label: String,
    /// Multiplier on pay; for skills and certifications `multiplier - 1` is an
    /// additive premium. Left out in the file when `naics` names BLS's figures.
    #[serde(default)]
    pub multiplier: f64,
    /// The figures that justify the multiplier, in words (made from BLS's
    /// figures when `naics` is given).
    #[serde(default)]
    pub basis: String,
    /// Ids of the sources of those figures.
    pub sources: Vec<String>,
    /// How well the figures support the multiplier.
    pub evidence: Evidence,
    /// An industry's NAICS code in BLS's OEWS files: the multiplier is that
    /// industry's median for software developers over the national one.
    #[serde(default, skip_serializing)]
    pub naics: Option<String>,
}

/// How well the published figures support a factor value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Judgement from thin or indirect figures.
    Weak,
    /// Survey figures that are indirect (other roles, other countries).
    Moderate,
    /// Official figures for this occupation.
    Strong,
}

/// The factors a person can set, in the order the breakdown applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    /// Metro area or the United States as a whole.
    Location,
    /// Employer's industry.
    Industry,
    /// Employer's head count.
    CompanySize,
    /// Main programming language.
    Language,
    /// On-site, hybrid or remote.
    WorkArrangement,
    /// Skills (several at once).
    Skills,
    /// Certifications (several at once).
    Certifications,
}

impl FactorKind {
    /// Every factor, in breakdown order.
    pub const ALL: [FactorKind; 7] = [
        FactorKind::Location,
        FactorKind::Industry,
        FactorKind::CompanySize,
        FactorKind::Language,
        FactorKind::WorkArrangement,
        FactorKind::Skills,
        FactorKind::Certifications,
    ];

    /// The factor's position in [`FactorKind::ALL`]; the estimator looks
    /// factors up by it dozens of times per estimate.
    pub const fn index(self) -> usize {
        match self {
            FactorKind::Location => 0,
            FactorKind::Industry => 1,
            FactorKind::CompanySize => 2,
            FactorKind::Language => 3,
            FactorKind::WorkArrangement => 4,
            FactorKind::Skills => 5,
            FactorKind::Certifications => 6,
        }
    }

    /// The name used for this factor in URLs, JSON and the data file.
    pub fn key(self) -> &'static str {
        match self {
            FactorKind::Location => "location",
            FactorKind::Industry => "industry",
            FactorKind::CompanySize => "company_size",
            FactorKind::Language => "language",
            FactorKind::WorkArrangement => "work_arrangement",
            FactorKind::Skills => "skills",
            FactorKind::Certifications => "certifications",
        }
    }

    /// Parses a factor name as written in URLs and shortcodes.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// Whether a person may choose several values at once.
    pub fn is_multi(self) -> bool {
        matches!(self, FactorKind::Skills | FactorKind::Certifications)
    }
}

/// One factor's label, neutral value and choices.
#[derive(Debug, Clone)]
pub struct Factor {
    /// Which factor this is.
    pub kind: FactorKind,
    /// Name shown to readers.
    pub label: String,
    /// Guide section that explains the factor (`/guides/slug#section`).
    pub guide: String,
    /// Neutral value for single-choice factors.
    pub default: Option<String>,
    /// Choices in the data file's order.
    pub values: Vec<FactorValue>,
}

impl Factor {
    /// Looks a value up by id.
    pub fn value(&self, id: &str) -> Option<&FactorValue> {
        self.values.iter().find(|value| value.id == id)
    }
}

/// The validated salary model the estimator runs on.
#[derive(Debug, Clone)]
pub struct SalaryModel {
    /// Data version shown with every estimate.
    pub version: String,
    /// When the data was last revised.
    pub updated: Date,
    /// ISO currency code of every money figure.
    pub currency: String,
    /// Every source, in the file's order.
    pub sources: Vec<Source>,
    /// Published figures quoted in guides.
    pub figures: Vec<Figure>,
    /// What changed in each data version, newest first.
    pub changelog: Vec<ChangelogEntry>,
    /// Knots of the experience curve, as written.
    pub knots: Vec<Knot>,
    /// Sources of the experience curve.
    pub experience_sources: Vec<String>,
    /// Why the experience curve has its shape.
    pub experience_basis: String,
    /// Guide section that explains experience and pay.
    pub experience_guide: String,
    /// Bonus and equity on top of base pay.
    pub total_pay: TotalPay,
    /// Hourly equivalents and freelance rates.
    pub hourly: Hourly,
    /// How counter-offers are chosen and phrased.
    pub negotiation: Negotiation,
    /// Official percentiles shown beside our band.
    pub cross_check: CrossCheckFigures,
    /// The costs a freelance rate covers.
    pub freelance_costs: FreelanceCosts,
    /// Where the data thins out.
    pub confidence: ConfidenceRules,
    /// Experience bands, sorted by first year.
    pub levels: Vec<Level>,
    /// Visitors' reports: checks, publishing thresholds and blending.
    pub reports: super::reports::ReportsModel,
    /// Largest combined premium of skills and certifications.
    pub premium_cap: f64,
    /// BEA price parities by location, for buying power.
    pub cost_of_living: super::living::PriceParities,
    /// How equity grants vest; the first is the default.
    pub vesting_schedules: Vec<super::offer::VestingSchedule>,
    /// BLS's own figures for every area and industry (OEWS May 2025).
    pub bls: Arc<Bls>,
    /// Every factor, in [`FactorKind::ALL`] order (indexed by [`FactorKind::index`]).
    factors: [Factor; 7],
    pub(super) median_curve: MonotoneCurve,
    /// Ratio curves to the median for p10, p25, p75 and p90.
    pub(super) ratio_curves: [MonotoneCurve; 4],
}

/// A problem in the data file: which entry, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entry}: {problem}")]
pub struct ModelError {
    /// Where in the file, e.g. `location.values[3] (id "seattle")`.
    pub entry: String,
    /// What is wrong, in words an author can act on.
    pub problem: String,
}

impl ModelError {
    pub(crate) fn new(entry: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            entry: entry.into(),
            problem: problem.into(),
        }
    }
}

impl SalaryModel {
    /// Parses and validates the data file's text over BLS's figures (which
    /// make the locations and the industries' multipliers), reporting every
    /// problem found.
    pub fn parse(text: &str, bls: Arc<Bls>) -> Result<Self, Vec<ModelError>> {
        let mut file: ModelFile = toml::from_str(text).map_err(|error| {
            let entry = match error.span() {
                Some(span) => format!("line {}", line_of(text, span.start)),
                None => "file".to_owned(),
            };
            vec![ModelError::new(entry, error.message().to_owned())]
        })?;
        let mut errors = from_bls(&mut file, &bls);
        errors.extend(validate(&file, &bls));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self::build(file, bls))
    }

    fn build(file: ModelFile, bls: Arc<Bls>) -> Self {
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
        let cost_of_living = super::living::PriceParities::build(
            file.cost_of_living,
            &bls.location_places(&file.location.values),
        );
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
        .map(|(kind, factor)| Factor {
            kind,
            label: factor.label,
            guide: factor.guide,
            default: factor.default,
            values: factor.values,
        });
        Self {
            version: file.version,
            updated: file.updated,
            currency: file.currency,
            sources: file.sources,
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
            factors,
            median_curve,
            ratio_curves,
        }
    }

    /// The factor of a kind; every kind is present in a validated model.
    pub fn factor(&self, kind: FactorKind) -> &Factor {
        // `build` fills the array in FactorKind::ALL order, so the index cannot miss.
        &self.factors[kind.index()]
    }

    /// Looks a source up by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.id == id)
    }

    /// A vesting schedule by id, or the default (the first) when `id` is
    /// `None`; `None` for an unknown id.
    pub fn vesting_schedule(&self, id: Option<&str>) -> Option<&super::offer::VestingSchedule> {
        match id.filter(|id| !id.is_empty()) {
            Some(id) => self.vesting_schedules.iter().find(|s| s.id == id),
            None => self.vesting_schedules.first(),
        }
    }

    /// Looks a reference figure up by id.
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|figure| figure.id == id)
    }

    /// The experience band that `years` falls in.
    pub fn level_for(&self, years: f64) -> &Level {
        self.levels
            .iter()
            .rev()
            .find(|level| level.from_years <= years)
            .unwrap_or(&self.levels[0])
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

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.lines().count().max(1))
}

/// Fills in what BLS's figures give: every location from BLS's areas, and the
/// multiplier and basis of each industry that names its NAICS code.
fn from_bls(file: &mut ModelFile, bls: &Bls) -> Vec<ModelError> {
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
            factor.values = bls.locations(source, label, &factor.left_out_states);
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
            match bls.industry_ratio(naics) {
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

fn validate(file: &ModelFile, bls: &Bls) -> Vec<ModelError> {
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
    let locations = bls.location_places(&file.location.values);
    let arrangement_ids: Vec<&str> = file
        .work_arrangement
        .values
        .iter()
        .map(|v| v.id.as_str())
        .collect();
    super::living::validate(
        &file.cost_of_living,
        &locations,
        &arrangement_ids,
        &|id| source_ids.contains(id),
        &mut errors,
    );
    super::offer::validate(
        &file.vesting_schedules,
        &|id| source_ids.contains(id),
        &mut errors,
    );
    file.reports.validate(&mut errors, &check_sources);
    errors
}

/// Checks that an entry's source ids exist, recording a problem if not.
pub(crate) type SourceCheck<'a> = dyn Fn(&str, &[String], &mut Vec<ModelError>) + 'a;

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
    let negotiation = &file.negotiation;
    check_sources("negotiation", &negotiation.sources, errors);
    if ![50, 75, 90].contains(&negotiation.counter_percentile) {
        errors.push(ModelError::new(
            "negotiation.counter_percentile",
            "must be 50, 75 or 90",
        ));
    }
    if !(0.0..=0.5).contains(&negotiation.min_raise)
        || !(negotiation.min_raise..=1.0).contains(&negotiation.max_raise)
        || negotiation.round_to <= 0
    {
        errors.push(ModelError::new(
            "negotiation",
            "needs 0 ≤ min_raise ≤ max_raise ≤ 1 (min_raise at most 0.5) and a positive round_to",
        ));
    }
    for (i, line) in negotiation.script.iter().enumerate() {
        let mut rest = line.clone();
        for placeholder in SCRIPT_PLACEHOLDERS {
            rest = rest.replace(placeholder, "");
        }
        if rest.contains('{') || rest.contains('}') {
            errors.push(ModelError::new(
                format!("negotiation.script[{i}]"),
                format!(
                    "unknown placeholder; use {}",
                    SCRIPT_PLACEHOLDERS.join(", ")
                ),
            ));
        }
    }
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
