//! The one salary estimator behind the calculator, the JSON API, the command line
//! and the figures inside guides.
//!
//! Pure by design: no HTTP, templates, files or clocks. Data in ([`SalaryModel`],
//! [`EstimateInput`] or a raw [`ProfileQuery`]), [`Estimate`] out, or an
//! [`EstimateError`] that names each bad field in words a person understands.

pub mod bls;
#[cfg(test)]
pub(crate) mod bundled;
pub mod compare;
mod curve;
pub mod hourly;
pub mod insights;
pub mod living;
pub mod model;
pub mod offer;
pub mod reports;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use hourly::{HourlyRate, HourlyStep};
pub use insights::{
    Confidence, CrossCheck, DollarRange, Employment, Offer, OfferCheck, ProjectionPoint,
    SurveyCheck, TotalComp, WhatIf,
};
pub use living::{CostOfLiving, PriceParities};
pub use model::{
    ChangelogEntry, Evidence, Factor, FactorKind, FactorValue, Figure, FigureUnit, Level,
    MAX_YEARS, ModelError, SalaryModel, Source,
};
pub use offer::{OfferCash, OfferYear, VestingSchedule};

/// The chosen value of every factor, as ids; `None` means "use the default".
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
pub struct Choices {
    /// Location id (default `us`).
    pub location: Option<String>,
    /// Industry id.
    pub industry: Option<String>,
    /// Company size id.
    pub company_size: Option<String>,
    /// Main language id.
    pub language: Option<String>,
    /// Work arrangement id.
    pub work_arrangement: Option<String>,
    /// Skill ids.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Certification ids.
    #[serde(default)]
    pub certifications: Vec<String>,
}

impl Choices {
    fn single(&self, kind: FactorKind) -> Option<&str> {
        match kind {
            FactorKind::Location => self.location.as_deref(),
            FactorKind::Industry => self.industry.as_deref(),
            FactorKind::CompanySize => self.company_size.as_deref(),
            FactorKind::Language => self.language.as_deref(),
            FactorKind::WorkArrangement => self.work_arrangement.as_deref(),
            FactorKind::Skills | FactorKind::Certifications => None,
        }
        .filter(|id| !id.is_empty())
    }

    fn multi(&self, kind: FactorKind) -> &[String] {
        match kind {
            FactorKind::Skills => &self.skills,
            FactorKind::Certifications => &self.certifications,
            _ => &[],
        }
    }
}

/// A typed request for an estimate: years as a number, factor values as ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EstimateInput {
    /// Years of professional experience, 0 to 50; fractions allowed.
    pub years: f64,
    /// The chosen factor values.
    #[serde(flatten)]
    pub choices: Choices,
    /// Where the person lives, when it differs from `location` (where the
    /// employer sets pay, as for a remote job): a location id that sets buying
    /// power only.
    pub home: Option<String>,
    /// Salaried or freelance; changes how hourly pay is shown.
    pub employment: Employment,
    /// An offer to check against the band, if the person has one.
    pub offer: Option<Offer>,
}

impl EstimateInput {
    /// The location id whose prices set buying power: where the person lives.
    pub fn living_place(&self) -> &str {
        self.home
            .as_deref()
            .filter(|id| !id.is_empty())
            .or(self.choices.location.as_deref())
            .unwrap_or_default()
    }

    /// The calculator query for this input, listing only what was chosen, in the
    /// form's order; links built from it reopen the same estimate.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let choices = &self.choices;
        let mut pairs = vec![("years".to_owned(), format_years(self.years))];
        for (key, value) in [
            ("location", &choices.location),
            ("industry", &choices.industry),
            ("company_size", &choices.company_size),
            ("language", &choices.language),
            ("work_arrangement", &choices.work_arrangement),
        ] {
            if let Some(value) = value {
                pairs.push((key.to_owned(), value.clone()));
            }
        }
        if let Some(home) = &self.home {
            pairs.push(("home".to_owned(), home.clone()));
        }
        pairs.extend(
            choices
                .skills
                .iter()
                .map(|s| ("skills".to_owned(), s.clone())),
        );
        pairs.extend(
            choices
                .certifications
                .iter()
                .map(|c| ("certifications".to_owned(), c.clone())),
        );
        if self.employment != Employment::Salaried {
            pairs.push(("employment".to_owned(), self.employment.key().to_owned()));
        }
        if let Some(offer) = &self.offer {
            pairs.push(("offer".to_owned(), offer.base.to_string()));
            for (key, amount) in [
                ("offer_bonus", offer.bonus),
                ("offer_equity", offer.equity),
                ("offer_signing", offer.signing),
                ("offer_grant", offer.grant),
            ] {
                if amount > 0 {
                    pairs.push((key.to_owned(), amount.to_string()));
                }
            }
            if let Some(vesting) = offer.vesting.as_ref().filter(|_| offer.grant > 0) {
                pairs.push(("offer_vesting".to_owned(), vesting.clone()));
            }
        }
        pairs
    }
}

/// The same request as a browser or a shell sends it: every value still text.
///
/// The calculator form, `GET /api/v1/estimate`, `POST /api/v1/estimate` and the
/// command line all arrive here, so they are validated by one piece of code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileQuery {
    /// Years of experience as typed.
    pub years: Option<String>,
    /// Location id.
    pub location: Option<String>,
    /// Industry id.
    pub industry: Option<String>,
    /// Company size id.
    pub company_size: Option<String>,
    /// Main language id.
    pub language: Option<String>,
    /// Work arrangement id.
    pub work_arrangement: Option<String>,
    /// Location id of where the person lives, if not where pay is set.
    pub home: Option<String>,
    /// Skill ids (the key repeats, as a browser sends checkboxes).
    pub skills: Vec<String>,
    /// Certification ids.
    pub certifications: Vec<String>,
    /// `salaried` (default) or `freelance`.
    pub employment: Option<String>,
    /// Offered yearly base salary, as typed ("120000", "$120,000").
    pub offer: Option<String>,
    /// Offered yearly bonus.
    pub offer_bonus: Option<String>,
    /// Offered yearly equity value.
    pub offer_equity: Option<String>,
    /// Offered one-time signing bonus.
    pub offer_signing: Option<String>,
    /// Offered equity grant, its whole value.
    pub offer_grant: Option<String>,
    /// The grant's vesting schedule id.
    pub offer_vesting: Option<String>,
}

impl ProfileQuery {
    /// Builds a query from decoded `key=value` pairs, as a URL query string has
    /// them: list keys may repeat; for any other key the first value counts, and
    /// unknown keys (tracking tags, say) are ignored.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut query = Self::default();
        for (key, value) in pairs {
            let slot = match key.as_ref() {
                "skills" => {
                    query.skills.push(value.into());
                    continue;
                }
                "certifications" => {
                    query.certifications.push(value.into());
                    continue;
                }
                "years" => &mut query.years,
                "location" => &mut query.location,
                "industry" => &mut query.industry,
                "company_size" => &mut query.company_size,
                "language" => &mut query.language,
                "work_arrangement" => &mut query.work_arrangement,
                "home" => &mut query.home,
                "employment" => &mut query.employment,
                "offer" => &mut query.offer,
                "offer_bonus" => &mut query.offer_bonus,
                "offer_equity" => &mut query.offer_equity,
                "offer_signing" => &mut query.offer_signing,
                "offer_grant" => &mut query.offer_grant,
                "offer_vesting" => &mut query.offer_vesting,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.into());
            }
        }
        query
    }

    /// Whether nothing at all was asked (an empty calculator form).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Checks every field and returns the typed input, or every problem found.
    pub fn validate(&self, model: &SalaryModel) -> Result<EstimateInput, EstimateError> {
        let choices = Choices {
            location: self.location.clone(),
            industry: self.industry.clone(),
            company_size: self.company_size.clone(),
            language: self.language.clone(),
            work_arrangement: self.work_arrangement.clone(),
            skills: self.skills.clone(),
            certifications: self.certifications.clone(),
        };
        let mut errors = Vec::new();
        let years = match parse_years(self.years.as_deref()) {
            Ok(years) => years,
            Err(error) => {
                errors.push(FieldError::new("years", error));
                0.0
            }
        };
        check_choices(model, &choices, &mut errors);
        check_home(model, self.home.as_deref(), &mut errors);
        let home = self.home.clone().filter(|id| !id.trim().is_empty());
        let employment = match self.employment.as_deref().map(str::trim) {
            None | Some("" | "salaried") => Employment::Salaried,
            Some("freelance") => Employment::Freelance,
            Some(other) => {
                errors.push(FieldError::new(
                    "employment",
                    InputError::UnknownValue {
                        factor: "kind of employment".to_owned(),
                        value: shorten(other),
                    },
                ));
                Employment::Salaried
            }
        };
        let mut amount =
            |field: &'static str, text: &Option<String>| match parse_dollars(text.as_deref()) {
                Ok(value) => value,
                Err(error) => {
                    errors.push(FieldError::new(field, error));
                    None
                }
            };
        let base = amount("offer", &self.offer);
        let bonus = amount("offer_bonus", &self.offer_bonus);
        let equity = amount("offer_equity", &self.offer_equity);
        let signing = amount("offer_signing", &self.offer_signing);
        let grant = amount("offer_grant", &self.offer_grant);
        let vesting = self
            .offer_vesting
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty());
        if let Some(id) = vesting
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
        if grant.is_some_and(|g| g > 0) && equity.is_some_and(|e| e > 0) {
            errors.push(FieldError::new(
                "offer_grant",
                InputError::GrantAndYearlyEquity,
            ));
        }
        let extras = [bonus, equity, signing, grant].iter().any(Option::is_some);
        let offer = match (base, extras) {
            (Some(base), _) if base > 0 => Some(Offer {
                base,
                bonus: bonus.unwrap_or(0),
                equity: equity.unwrap_or(0),
                signing: signing.unwrap_or(0),
                grant: grant.unwrap_or(0),
                vesting: vesting.map(str::to_owned),
            }),
            (Some(_), _) => {
                errors.push(FieldError::new("offer", InputError::OfferOutOfRange));
                None
            }
            (None, true) => {
                errors.push(FieldError::new("offer", InputError::OfferBaseMissing));
                None
            }
            (None, false) => None,
        };
        if errors.is_empty() {
            Ok(EstimateInput {
                years,
                choices,
                home,
                employment,
                offer,
            })
        } else {
            Err(EstimateError { errors })
        }
    }
}

/// Largest offer amount accepted; anything larger is a typo, not a salary.
const MAX_OFFER: i64 = 10_000_000;

/// Parses a dollar amount as people type it: "120000", "120,000", "$120,000.00".
fn parse_dollars(text: Option<&str>) -> Result<Option<i64>, InputError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    let cleaned: String = text
        .strip_prefix('$')
        .unwrap_or(text)
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let value: f64 = cleaned.parse().map_err(|_| InputError::OfferNotANumber)?;
    if !value.is_finite() {
        return Err(InputError::OfferNotANumber);
    }
    if !(0.0..=MAX_OFFER as f64).contains(&value) {
        return Err(InputError::OfferOutOfRange);
    }
    Ok(Some(value.round() as i64))
}

/// Parses years as a person types them ("4", "2.5", " 10 ").
fn parse_years(text: Option<&str>) -> Result<f64, InputError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(InputError::MissingYears);
    }
    let years: f64 = text.parse().map_err(|_| InputError::YearsNotANumber)?;
    check_years(years)?;
    Ok(years)
}

fn check_years(years: f64) -> Result<(), InputError> {
    if !years.is_finite() {
        Err(InputError::YearsNotANumber)
    } else if !(0.0..=MAX_YEARS).contains(&years) {
        Err(InputError::YearsOutOfRange)
    } else {
        Ok(())
    }
}

fn check_choices(model: &SalaryModel, choices: &Choices, errors: &mut Vec<FieldError>) {
    for kind in FactorKind::ALL {
        let factor = model.factor(kind);
        let ids: Vec<&str> = if kind.is_multi() {
            let ids = choices.multi(kind);
            if ids.len() > factor.values.len() {
                errors.push(FieldError::new(
                    kind.key(),
                    InputError::TooManyValues {
                        factor: factor.label.to_lowercase(),
                        max: factor.values.len(),
                    },
                ));
                continue;
            }
            ids.iter().map(String::as_str).collect()
        } else {
            choices.single(kind).into_iter().collect()
        };
        if let Some(unknown) = ids.iter().find(|id| factor.value(id).is_none()) {
            // List factors are named in the plural ("Skills"); one bad value
            // is "not a skill we know".
            let name = factor.label.to_lowercase();
            let name = match name.strip_suffix('s') {
                Some(one) if kind.is_multi() => one.to_owned(),
                _ => name,
            };
            errors.push(FieldError::new(
                kind.key(),
                InputError::UnknownValue {
                    factor: name,
                    value: shorten(unknown),
                },
            ));
        }
    }
}

/// A place to live must be one of the locations, whose prices are known.
fn check_home(model: &SalaryModel, home: Option<&str>, errors: &mut Vec<FieldError>) {
    let Some(home) = home.filter(|id| !id.is_empty()) else {
        return;
    };
    if model.factor(FactorKind::Location).value(home).is_none() {
        errors.push(FieldError::new(
            "home",
            InputError::UnknownValue {
                factor: "location".to_owned(),
                value: shorten(home),
            },
        ));
    }
}

/// Keeps an echoed value short, so a huge or hostile id cannot flood a page.
fn shorten(value: &str) -> String {
    const LIMIT: usize = 40;
    match value.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// No years were given.
    #[error("Enter your years of professional experience, from 0 to 50.")]
    MissingYears,
    /// Years were not a finite number.
    #[error("Years of experience must be a number, such as 4 or 2.5.")]
    YearsNotANumber,
    /// Years were outside 0–50.
    #[error("Years of experience must be between 0 and 50.")]
    YearsOutOfRange,
    /// An id that the data file does not define.
    #[error("“{value}” is not {article} {factor} we know. Choose one from the list.", article = indefinite_article(.factor))]
    UnknownValue {
        /// The factor's name in lower case.
        factor: String,
        /// The id as sent, shortened.
        value: String,
    },
    /// An offer amount that is not a number.
    #[error("Enter the amount in dollars, such as 120000 or $120,000.")]
    OfferNotANumber,
    /// An offer amount outside what a salary can be.
    #[error("Enter a yearly amount between $1 and $10,000,000.")]
    OfferOutOfRange,
    /// Both a grant and a yearly equity value: the same equity counted twice.
    #[error("Enter either the whole grant or its yearly value, not both.")]
    GrantAndYearlyEquity,
    /// A bonus or equity amount without the base salary it belongs to.
    #[error("Enter the offer's base salary too, so it can be compared.")]
    OfferBaseMissing,
    /// More values than the factor has.
    #[error("Choose at most {max} {factor}.")]
    TooManyValues {
        /// The factor's name in lower case.
        factor: String,
        /// How many values the factor has.
        max: usize,
    },
}

/// "a" or "an" before a factor's name: "an industry", "a location". The names
/// are ours, and none starts with a silent or a "you"-sounding vowel.
fn indefinite_article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl InputError {
    /// A stable snake_case code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::MissingYears => "missing_years",
            InputError::YearsNotANumber => "years_not_a_number",
            InputError::YearsOutOfRange => "years_out_of_range",
            InputError::UnknownValue { .. } => "unknown_value",
            InputError::TooManyValues { .. } => "too_many_values",
            InputError::OfferNotANumber => "offer_not_a_number",
            InputError::OfferOutOfRange => "offer_out_of_range",
            InputError::OfferBaseMissing => "offer_base_missing",
            InputError::GrantAndYearlyEquity => "grant_and_yearly_equity",
        }
    }
}

/// One bad field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as in the form and the API; a comparison's fields
    /// carry their scenario's prefix (`b.years`).
    pub field: Cow<'static, str>,
    /// The problem.
    pub error: InputError,
}

impl FieldError {
    fn new(field: &'static str, error: InputError) -> Self {
        Self {
            field: Cow::Borrowed(field),
            error,
        }
    }

    /// The same problem, named for one scenario of a comparison (`b.years`).
    pub fn in_scenario(self, label: &str) -> Self {
        Self {
            field: Cow::Owned(format!("{label}.{}", self.field)),
            error: self.error,
        }
    }
}

/// Every problem with an estimate request, one per bad field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .errors.iter().map(|e| format!("{}: {}", e.field, e.error)).collect::<Vec<_>>().join("; "))]
pub struct EstimateError {
    /// The bad fields, in form order.
    pub errors: Vec<FieldError>,
}

impl EstimateError {
    /// The message for one field, if that field is bad.
    pub fn message_for(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.error.to_string())
    }
}

/// Yearly base pay percentiles in whole dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Percentiles {
    /// 10th percentile.
    pub p10: i64,
    /// 25th percentile.
    pub p25: i64,
    /// Median.
    pub median: i64,
    /// 75th percentile.
    pub p75: i64,
    /// 90th percentile.
    pub p90: i64,
}

/// One step of the explanation: what a factor did to the median.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FactorEffect {
    /// Which factor (`experience`, `location`, `skills`, ...).
    pub factor: &'static str,
    /// The chosen value's id (years, for experience).
    pub value: String,
    /// The chosen value in words.
    pub label: String,
    /// What the factor multiplies pay by (1 for the starting point).
    pub multiplier: f64,
    /// Dollars this step adds to the median (the starting median, for experience).
    pub effect: i64,
    /// Source ids behind the value.
    pub sources: Vec<String>,
}

/// An explained salary estimate.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Estimate {
    /// Currency of every money figure.
    pub currency: String,
    /// Experience level id (`entry`, `mid`, `senior`, `staff`).
    pub level: String,
    /// Experience level in words.
    pub level_label: String,
    /// The request that produced this estimate, with defaults filled in.
    pub input: EstimateInput,
    /// Yearly base pay percentiles.
    pub base: Percentiles,
    /// The median explained step by step: the steps' effects add up to it.
    pub factors: Vec<FactorEffect>,
    /// Changes that would raise the median most, best first.
    pub what_if: Vec<WhatIf>,
    /// Base plus typical bonus and equity, at the median.
    pub total_comp: TotalComp,
    /// The band as an hourly rate (a freelance rate, or the salaried equivalent).
    pub hourly: HourlyRate,
    /// Where an offer sits, when one was given.
    pub offer: Option<OfferCheck>,
    /// Buying power where the person lives; market pay above is never scaled by it.
    pub cost_of_living: CostOfLiving,
    /// p25, median and p75 for this profile from 0 to 20 years.
    pub projection: Vec<ProjectionPoint>,
    /// Official percentiles beside ours.
    pub cross_check: CrossCheck,
    /// `high`, `medium` or `low`.
    pub confidence: &'static str,
    /// Why confidence is not high, in words.
    pub confidence_notes: Vec<String>,
    /// Every source cited anywhere in this estimate.
    pub sources: Vec<Source>,
    /// Version of the data file.
    pub data_version: String,
    /// What visitors' reports for this profile say and did, when its cell
    /// has enough approved reports; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<reports::ReportsEffect>,
}

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
    let mut errors = Vec::new();
    if let Err(error) = check_years(input.years) {
        errors.push(FieldError::new("years", error));
    }
    check_choices(model, &input.choices, &mut errors);
    check_home(model, input.home.as_deref(), &mut errors);
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
    if !errors.is_empty() {
        return Err(EstimateError { errors });
    }
    Ok(compute(model, input, cell))
}

/// Rounds to the nearest hundred dollars: the model is not more precise than that.
pub(crate) fn round_to_hundred(value: f64) -> i64 {
    // Pay in this model is at most a few million dollars, far inside i64.
    ((value / 100.0).round() * 100.0) as i64
}

fn round_multiplier(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
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
        for multiplier in singles.iter().flatten() {
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
    Percentiles {
        p10: round_to_hundred(median as f64 * ratio(0)),
        p25: round_to_hundred(median as f64 * ratio(1)),
        median,
        p75: round_to_hundred(median as f64 * ratio(2)),
        p90: round_to_hundred(median as f64 * ratio(3)),
    }
}

/// The input with every default filled in and repeated ids dropped.
fn normalized(model: &SalaryModel, input: &EstimateInput) -> EstimateInput {
    let mut filled = input.clone();
    filled.home = input.home.clone().filter(|id| !id.is_empty());
    for kind in FactorKind::ALL {
        let factor = model.factor(kind);
        if kind.is_multi() {
            let mut kept: Vec<String> = Vec::new();
            for id in input.choices.multi(kind) {
                if !kept.contains(id) {
                    kept.push(id.clone());
                }
            }
            match kind {
                FactorKind::Skills => filled.choices.skills = kept,
                _ => filled.choices.certifications = kept,
            }
        } else if let Some(id) = input.choices.single(kind).or(factor.default.as_deref()) {
            set_single(&mut filled.choices, kind, id);
        }
    }
    filled
}

fn compute(
    model: &SalaryModel,
    input: &EstimateInput,
    cell: Option<&reports::ReportsCell>,
) -> Estimate {
    let input = normalized(model, input);
    let years = input.years;
    let level = model.level_for(years);
    let (median, mut factors) = Resolved::new(model, &input).explain(model, years);
    let confidence = insights::confidence(model, &input);
    let (median, reports) = reports::apply(model, median, confidence.level, cell, &mut factors);
    let base = percentiles(model, median, years);
    let location = input
        .choices
        .location
        .as_deref()
        .and_then(|id| model.factor(FactorKind::Location).value(id))
        .map(|v| v.label.as_str())
        .unwrap_or_default();
    let profile = format!(
        "{} of backend experience in {location}",
        years_phrase(years)
    );
    let total_comp = insights::total_comp(model, &input, median);
    let offer = input.offer.clone().map(|offer| {
        insights::check_offer(
            model,
            &base,
            offer,
            &profile,
            total_comp.equity_counted_as_cash,
        )
    });
    let hourly = hourly::hourly(model, &base, input.employment);
    let cross_check = insights::cross_check(model, &base, years);
    let cost_of_living =
        living::cost_of_living(&model.cost_of_living, input.living_place(), median);

    let mut cited: Vec<&str> = factors
        .iter()
        .flat_map(|f| f.sources.iter())
        .chain(&total_comp.sources)
        .chain(&hourly.sources)
        .chain(std::iter::once(&cross_check.source))
        .chain(&cross_check.survey.sources)
        .chain(offer.iter().flat_map(|o| o.sources.iter()))
        .chain(std::iter::once(&cost_of_living.source))
        .map(String::as_str)
        .collect();
    cited.sort_unstable();
    let sources = model
        .sources
        .iter()
        .filter(|source| cited.binary_search(&source.id.as_str()).is_ok())
        .cloned()
        .collect();
    Estimate {
        currency: model.currency.clone(),
        level: level.id.clone(),
        level_label: level.label.clone(),
        what_if: insights::what_if(model, &input, median),
        projection: insights::projection(model, &input),
        input,
        base,
        factors,
        total_comp,
        hourly,
        offer,
        cost_of_living,
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
    let rounded = (years * 100.0).round() / 100.0;
    format!("{rounded}")
}

/// Years in words: "1 year", "4 years", "2.5 years".
pub fn years_phrase(years: f64) -> String {
    let text = format_years(years);
    if text == "1" {
        "1 year".to_owned()
    } else {
        format!("{text} years")
    }
}

#[cfg(test)]
mod pinned;
#[cfg(test)]
mod tests;
