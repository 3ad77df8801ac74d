//! Parsing and checking the request as it arrives, every value still text:
//! the form, the API and the command line all validate through [`ProfileQuery`].
//! The wording of each problem lives in [`super::input_error`].

use super::bls::{AreaKind, Candidate, PlaceMatch};
use super::input::{Choices, EstimateInput};
use super::input_error::{EstimateError, FieldError, InputError, PlaceRole, shorten};
use super::insights::Employment;
use super::model::{FactorKind, MAX_YEARS, SalaryModel};
use super::offer::{EquityKind, Offer};
use super::tax_choice::{TaxChoice, check_tax_choice};
use crate::tax::Filing;

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
    /// A ZIP code or a city name ("98101", "Boise, ID"): when given, the
    /// server finds its BLS area and it sets `location`.
    pub place: Option<String>,
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
    /// Where the person lives as a ZIP code or a city name, resolved as
    /// `place` is; when given, it wins over `home`, as `place` wins over
    /// `location`.
    pub home_place: Option<String>,
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
    /// What the equity is: `public`, `private` or `none`.
    pub offer_equity_kind: Option<String>,
    /// `single` (default) or `joint`.
    pub filing: Option<String>,
    /// A city with a wage tax where the person lives.
    pub home_city: Option<String>,
    /// The home state's two-letter code, when not the area's principal state.
    pub home_state: Option<String>,
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
                "place" => &mut query.place,
                "industry" => &mut query.industry,
                "company_size" => &mut query.company_size,
                "language" => &mut query.language,
                "work_arrangement" => &mut query.work_arrangement,
                "home" => &mut query.home,
                "home_place" => &mut query.home_place,
                "employment" => &mut query.employment,
                "offer" => &mut query.offer,
                "offer_bonus" => &mut query.offer_bonus,
                "offer_equity" => &mut query.offer_equity,
                "offer_signing" => &mut query.offer_signing,
                "offer_grant" => &mut query.offer_grant,
                "offer_vesting" => &mut query.offer_vesting,
                "offer_equity_kind" => &mut query.offer_equity_kind,
                "filing" => &mut query.filing,
                "home_city" => &mut query.home_city,
                "home_state" => &mut query.home_state,
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
        let mut errors = Vec::new();
        // Fields are checked in the form's order, so the messages list the
        // way a person reads the form: years, where pay is set and the
        // profile's lists, then where the person lives.
        let years = match parse_years(self.years.as_deref()) {
            Ok(years) => years,
            Err(error) => {
                errors.push(FieldError::new("years", error));
                0.0
            }
        };
        let placed =
            |role: PlaceRole, listed: &Option<String>, errors: &mut Vec<FieldError>| match self
                .found_place(model, role)
            {
                None => listed.clone(),
                Some(Ok(found)) => Some(found.area.id.clone()),
                Some(Err(error)) => {
                    errors.push(FieldError::new(role.key(), error));
                    listed.clone()
                }
            };
        let listed = self
            .location
            .as_deref()
            .map(|value| listed_location(model, value).to_owned());
        let location = placed(PlaceRole::Pay, &listed, &mut errors);
        let choices = Choices {
            location,
            industry: self.industry.clone(),
            company_size: self.company_size.clone(),
            language: self.language.clone(),
            work_arrangement: self.work_arrangement.clone(),
            skills: self.skills.clone(),
            certifications: self.certifications.clone(),
        };
        check_choices(model, &choices, &mut errors);
        let home = placed(PlaceRole::Home, &self.home, &mut errors);
        check_home(model, home.as_deref(), &mut errors);
        let home = home.filter(|id| !id.trim().is_empty());
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
        let kind_text = self
            .offer_equity_kind
            .as_deref()
            .map(str::trim)
            .filter(|kind| !kind.is_empty());
        let equity_kind = match kind_text {
            None => None,
            Some(text) => match EquityKind::from_key(text) {
                Some(kind) => Some(kind),
                None => {
                    errors.push(FieldError::new(
                        "offer_equity_kind",
                        InputError::UnknownValue {
                            factor: "kind of equity".to_owned(),
                            value: shorten(text),
                        },
                    ));
                    None
                }
            },
        };
        let has_equity = grant.is_some_and(|g| g > 0) || equity.is_some_and(|e| e > 0);
        if equity_kind == Some(EquityKind::None) && has_equity {
            errors.push(FieldError::new(
                "offer_equity_kind",
                InputError::EquityKindNone,
            ));
        }
        // The kind alone (a form always sends it) does not make an offer.
        let extras = [bonus, equity, signing, grant].iter().any(Option::is_some);
        let offer = match (base, extras) {
            (Some(base), _) if base > 0 => Some(Offer {
                base,
                bonus: bonus.unwrap_or(0),
                equity: equity.unwrap_or(0),
                signing: signing.unwrap_or(0),
                grant: grant.unwrap_or(0),
                vesting: vesting.map(str::to_owned),
                // An offer that does not say is read as public stock, and
                // its result says so (`equity_kind_given`).
                equity_kind: equity_kind.unwrap_or(if has_equity {
                    EquityKind::Public
                } else {
                    EquityKind::None
                }),
                equity_kind_given: equity_kind.is_some(),
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
        let tax = self.tax_choice(&mut errors);
        check_tax_choice(&model.tax, &tax, &mut errors);
        if errors.is_empty() {
            Ok(EstimateInput {
                years,
                choices,
                home,
                employment,
                offer,
                tax,
            })
        } else {
            Err(EstimateError { errors })
        }
    }
}

impl ProfileQuery {
    /// The filing status and home city and state as sent, trimmed; a filing
    /// status that is neither `single` nor `joint` is an error, read as single.
    fn tax_choice(&self, errors: &mut Vec<FieldError>) -> TaxChoice {
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let filing = match self.filing.as_deref().map(str::trim) {
            None | Some("") => Filing::Single,
            Some(value) => value.parse().unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    "filing",
                    InputError::InvalidFiling {
                        value: shorten(value),
                    },
                ));
                Filing::Single
            }),
        };
        TaxChoice {
            filing,
            home_city: text(&self.home_city),
            home_state: text(&self.home_state).map(|s| s.to_ascii_uppercase()),
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

pub(super) fn check_years(years: f64) -> Result<(), InputError> {
    if !years.is_finite() {
        Err(InputError::YearsNotANumber)
    } else if !(0.0..=MAX_YEARS).contains(&years) {
        Err(InputError::YearsOutOfRange)
    } else {
        Ok(())
    }
}

pub(super) fn check_choices(model: &SalaryModel, choices: &Choices, errors: &mut Vec<FieldError>) {
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

/// How many places an ambiguous one lists before "and N more".
const SHORT_CHOICE: usize = 6;

impl ProfileQuery {
    /// The place typed for `role`, trimmed; `None` when nothing was typed.
    pub fn typed_place(&self, role: PlaceRole) -> Option<&str> {
        let typed = match role {
            PlaceRole::Pay => &self.place,
            PlaceRole::Home => &self.home_place,
        };
        typed.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }

    /// The area the place typed for `role` resolves to, when one was typed:
    /// `None` without a place, an error naming what was typed when it is
    /// unknown, or listing the choices when it lies in several areas.
    pub fn found_place<'m>(
        &self,
        model: &'m SalaryModel,
        role: PlaceRole,
    ) -> Option<Result<Candidate<'m>, InputError>> {
        let typed = self.typed_place(role)?;
        let locations = model.factor(FactorKind::Location);
        Some(match find_place(model, typed) {
            PlaceMatch::One(found) if locations.value(&found.area.id).is_some() => Ok(found),
            PlaceMatch::Several(choices) => {
                let mut choices: Vec<String> = choices
                    .iter()
                    .filter(|c| locations.value(&c.area.id).is_some())
                    .map(|c| match (c.state_fallback, c.place == c.area.name) {
                        (true, _) => format!("{} (outside its metros: {})", c.place, c.area.name),
                        (false, true) => c.place.clone(),
                        (false, false) => format!("{} ({})", c.place, c.area.name),
                    })
                    .collect();
                // A short choice: a city in 26 states reads better as a hint.
                if choices.len() > SHORT_CHOICE {
                    let more = choices.len() - SHORT_CHOICE;
                    choices.truncate(SHORT_CHOICE);
                    choices.push(format!("and {more} more"));
                }
                Err(InputError::AmbiguousPlace {
                    value: shorten(typed),
                    choices: choices.join("; "),
                    role,
                })
            }
            PlaceMatch::One(_) | PlaceMatch::Unknown => Err(InputError::UnknownPlace {
                value: shorten(typed),
                role,
            }),
        })
    }

    /// What the estimate says about the place typed for `role` when it
    /// resolved: where it lies, and when its state's figures stand in
    /// because it lies outside every BLS metropolitan area.
    pub fn place_note(&self, model: &SalaryModel, role: PlaceRole) -> Option<String> {
        let found = self.found_place(model, role)?.ok()?;
        Some(Self::note_for(model, &found))
    }

    /// Where a place that resolved lies, in a sentence; a location named by
    /// its own label is the whole of it.
    pub fn note_for(model: &SalaryModel, found: &Candidate<'_>) -> String {
        let label = model
            .factor(FactorKind::Location)
            .value(&found.area.id)
            .map(|value| value.label.as_str());
        if found.state_fallback {
            format!(
                "{} lies outside BLS's metropolitan areas, so {}'s figures apply.",
                found.place, found.area.name
            )
        } else if Some(found.place.as_str()) == label {
            let whole = match found.area.kind {
                AreaKind::National => "the whole country",
                AreaKind::State => "the whole state",
                AreaKind::Metro => "the whole metropolitan area",
                AreaKind::Nonmetro => "the whole area",
            };
            format!("{}: BLS's figures for {whole}.", found.place)
        } else {
            format!("{} lies in {}.", found.place, found.area.name)
        }
    }
}

/// The id of the location a `location` value names: a location's id, or its
/// label (any ASCII case), which is what the forms' location lists send, since
/// their options carry no value (563 ids were a fifth of a result page).
/// Anything else comes back as it is, for the check to refuse.
pub fn listed_location<'a>(model: &'a SalaryModel, value: &'a str) -> &'a str {
    let locations = model.factor(FactorKind::Location);
    if locations.value(value).is_some() {
        return value;
    }
    locations
        .value_labelled(value)
        .map_or(value, |found| found.id.as_str())
}

/// What a place field shows for a chosen location so that the resolver
/// finds the same location when the form is sent again: its label, and for
/// a state its name with [`WHOLE_STATE`] after it, since a state's bare
/// name is read as a city first ("New York" is the city).
pub fn place_text(model: &SalaryModel, id: &str) -> Option<String> {
    let value = model.factor(FactorKind::Location).value(id)?;
    Some(match model.bls.area(&value.id).map(|area| area.kind) {
        Some(AreaKind::State) => format!("{}{WHOLE_STATE}", value.label),
        _ => value.label.clone(),
    })
}

/// Follows a state's name in a place field to mean the state's own figures.
pub const WHOLE_STATE: &str = " (whole state)";

/// Resolves a typed place, in this order:
/// 1. a location's own label other than a state's, as the location lists
///    and every result name it ("Denver-Aurora-Centennial, CO"), and a
///    state's name followed by [`WHOLE_STATE`], so that a form can show a
///    chosen location in a place field ([`place_text`]) and be sent again
///    unchanged;
/// 2. a ZIP code or a city ([`Bls::find_place`](super::bls::Bls::find_place)):
///    "New York" is the city and "Washington" one of many towns;
/// 3. a state's bare name when no city has it ("Montana").
fn find_place<'m>(model: &'m SalaryModel, typed: &str) -> PlaceMatch<'m> {
    let typed = typed.trim();
    let locations = model.factor(FactorKind::Location);
    let labelled = |label: &str, states: bool| {
        let value = locations.value_labelled(label)?;
        let area = model.bls.area(&value.id)?;
        (states == (area.kind == AreaKind::State)).then(|| {
            PlaceMatch::One(Candidate {
                area,
                place: value.label.clone(),
                share: 1000,
                state_fallback: false,
            })
        })
    };
    let whole_state = typed
        .len()
        .checked_sub(WHOLE_STATE.len())
        .filter(|&at| typed.is_char_boundary(at))
        .filter(|&at| typed[at..].eq_ignore_ascii_case(WHOLE_STATE))
        .map(|at| &typed[..at]);
    if let Some(found) = match whole_state {
        Some(state) => labelled(state, true),
        None => labelled(typed, false),
    } {
        return found;
    }
    match model.bls.find_place(typed) {
        PlaceMatch::Unknown => labelled(typed, true).unwrap_or(PlaceMatch::Unknown),
        found => found,
    }
}

/// A place to live must be one of the locations, whose prices are known.
pub(super) fn check_home(model: &SalaryModel, home: Option<&str>, errors: &mut Vec<FieldError>) {
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
