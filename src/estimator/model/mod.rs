//! The salary model: the typed, validated form of `content/data/salary-model.toml`.
//!
//! [`SalaryModel::parse`] turns TOML text into a model and checks every rule the
//! estimator relies on (ordered percentiles, known source ids, one default per
//! factor...). Reading the file is the caller's job, so this stays pure.
//!
//! This module holds the model's public types; `file` holds the file as written
//! and builds the model from it, `validate` holds the rules.

use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::bls::Bls;
use super::curve::MonotoneCurve;
use super::living::RegionalPrices;
pub use super::model_error::ModelError;
use crate::positions::Positions;
use crate::tax::TaxTables;

mod file;
mod from_bls;
mod validate;
mod value_index;

use file::ModelFile;
pub(crate) use from_bls::location_places;
use validate::validate;
use value_index::{Key, ValueIndex};

/// The years of experience the model covers; inputs outside it are refused.
pub const MAX_YEARS: f64 = 50.0;

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
    /// Low end of published freelance backend rates, dollars an hour: shown
    /// beside a freelance rate as context, never a floor under it.
    pub min_rate: i64,
    /// High end of published freelance backend rates, dollars an hour: context,
    /// never a cap on the person's own arithmetic.
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

/// How counter-offers are chosen and phrased, by where the offer sits.
pub use super::negotiation::Negotiation;

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
    /// Choices in the data file's order; set once, by [`Factor::new`], which
    /// indexes them.
    pub values: Vec<FactorValue>,
    /// Indexes into `values` by id, for [`Factor::value`].
    by_id: ValueIndex,
    /// Indexes into `values` by label, for [`Factor::value_labelled`].
    by_label: ValueIndex,
    /// Indexes into `values` in the order forms list them.
    form_order: Vec<u16>,
}

impl Factor {
    /// A factor with its values indexed: by id, since every estimate looks
    /// its choices up and there are 560 locations; by label, since the
    /// location lists send their options' labels; and in the order forms
    /// list them (the data's order, but locations alphabetically after the
    /// nation), since every form page lists them and sorting 560 names per
    /// page was a tenth of a new result's CPU.
    pub fn new(
        kind: FactorKind,
        label: String,
        guide: String,
        default: Option<String>,
        values: Vec<FactorValue>,
    ) -> Self {
        let indexes = || (0..values.len()).map(|i| i as u16);
        let by_id = ValueIndex::new(&values, Key::Id);
        let by_label = ValueIndex::new(&values, Key::Label);
        let mut form_order: Vec<u16> = indexes().collect();
        if kind == FactorKind::Location && form_order.len() > 1 {
            form_order[1..].sort_by(|&a, &b| {
                values[usize::from(a)]
                    .label
                    .cmp(&values[usize::from(b)].label)
            });
        }
        Self {
            kind,
            label,
            guide,
            default,
            values,
            by_id,
            by_label,
            form_order,
        }
    }

    /// Looks a value up by id.
    pub fn value(&self, id: &str) -> Option<&FactorValue> {
        self.by_id.find(&self.values, id)
    }

    /// Looks a value up by its label as typed or as a location list sends
    /// it: any ASCII case, spaces around it ignored.
    pub fn value_labelled(&self, label: &str) -> Option<&FactorValue> {
        self.by_label.find(&self.values, label.trim())
    }

    /// The values in the order forms list them: the data file's, except that
    /// locations follow the nation alphabetically.
    pub fn in_form_order(&self) -> impl Iterator<Item = &FactorValue> {
        self.form_order
            .iter()
            .map(|&i| &self.values[usize::from(i)])
    }
}

/// Positions in [`SalaryModel::sources`] by source id.
/// The validated salary model the estimator runs on.
#[derive(Debug, Clone)]
pub struct SalaryModel {
    /// Data version shown with every estimate.
    pub version: String,
    /// When the data was last revised.
    pub updated: Date,
    /// ISO currency code of every money figure.
    pub currency: String,
    /// Every source, in the file's order. Shared: each estimate lists the
    /// twenty or so it cites, and copying their titles and notes was a
    /// twentieth of a new result.
    pub sources: Vec<std::sync::Arc<Source>>,
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
    /// The tax tables take-home pay is computed from (tax year 2026), loaded
    /// beside the model like BLS's files.
    pub tax: Arc<TaxTables>,
    /// Each source's position in `sources`, by id: every estimate looks up
    /// the twenty or so it cites.
    source_positions: Positions,
    /// Every factor, in [`FactorKind::ALL`] order (indexed by [`FactorKind::index`]).
    factors: [Factor; 7],
    pub(super) median_curve: MonotoneCurve,
    /// Ratio curves to the median for p10, p25, p75 and p90.
    pub(super) ratio_curves: [MonotoneCurve; 4],
}

impl SalaryModel {
    /// The factor of a kind; every kind is present in a validated model.
    pub fn factor(&self, kind: FactorKind) -> &Factor {
        // `build` fills the array in FactorKind::ALL order, so the index cannot miss.
        &self.factors[kind.index()]
    }

    /// Looks a source up by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_position(id).map(|at| &*self.sources[at])
    }

    /// Where the source with this id is in [`SalaryModel::sources`].
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.source_positions.get(id)
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

impl SalaryModel {
    /// Parses and validates the data file's text over BLS's figures (which
    /// make the locations and the industries' multipliers) and BEA's price
    /// levels (each location's buying power), reporting every problem found.
    /// The tax tables ride along for take-home pay; BEA's rows are copied
    /// into the model's parities, so the caller may drop them.
    pub fn parse(
        text: &str,
        bls: Arc<Bls>,
        tax: Arc<TaxTables>,
        prices: &RegionalPrices,
    ) -> Result<Self, Vec<ModelError>> {
        let mut file: ModelFile = toml::from_str(text).map_err(|error| {
            let entry = match error.span() {
                Some(span) => format!("line {}", line_of(text, span.start)),
                None => "file".to_owned(),
            };
            vec![ModelError::new(entry, error.message().to_owned())]
        })?;
        let mut errors = from_bls::from_bls(&mut file, &bls);
        errors.extend(validate(&file, &bls, prices));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self::build(file, bls, tax, prices))
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.lines().count().max(1))
}
