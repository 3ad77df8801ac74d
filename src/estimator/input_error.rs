//! What is wrong with a request, field by field, in words a person
//! understands, and the stable codes API clients match on.

use std::borrow::Cow;

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
    /// A place that is no ZIP code or city we know.
    #[error(
        "We could not find “{value}”. Type a five-digit ZIP code or a US city, such as 83702 or Boise, ID, {or}.",
        or = match .role {
            PlaceRole::Pay => "or choose an area from the list",
            PlaceRole::Home => "or leave it empty if you live where pay is set",
        }
    )]
    UnknownPlace {
        /// The place as typed, shortened.
        value: String,
        /// Which place it was meant to be: only where pay is set has a list.
        role: PlaceRole,
    },
    /// A place in several areas: a ZIP code split between them, or a city
    /// name in several states.
    #[error(
        "“{value}” is in more than one area: {choices}. Add the state (such as “Springfield, IL”){or}.",
        or = match .role {
            PlaceRole::Pay => ", type a ZIP code, or choose an area from the list",
            PlaceRole::Home => " or type a ZIP code",
        }
    )]
    AmbiguousPlace {
        /// The place as typed, shortened.
        value: String,
        /// The places and areas it could be, in words.
        choices: String,
        /// Which place it was meant to be: only where pay is set has a list.
        role: PlaceRole,
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
    /// Equity entered for an offer said to have none.
    #[error(
        "You entered equity but chose “No equity”: choose public company stock or private company equity, or clear the equity."
    )]
    EquityKindNone,
    /// A bonus or equity amount without the base salary it belongs to.
    #[error("Enter the offer's base salary too, so it can be compared.")]
    OfferBaseMissing,
    /// A filing status other than single or married filing jointly.
    #[error(
        "“{value}” is not a filing status we calculate. Choose single or married filing jointly."
    )]
    InvalidFiling {
        /// The value as sent, shortened.
        value: String,
    },
    /// A home state that is no state's two-letter code.
    #[error(
        "“{value}” is not a US state's two-letter code. Type one such as NJ or DC, or leave it empty."
    )]
    UnknownHomeState {
        /// The value as sent, shortened.
        value: String,
    },
    /// A home city in another state than the home state given.
    #[error("{city} is in {city_state}, not {state}. Change the home state or the city.")]
    HomeCityNotInState {
        /// The city's name.
        city: String,
        /// Its state's name.
        city_state: String,
        /// The home state's name.
        state: String,
    },
    /// More values than the factor has.
    #[error("Choose at most {max} {factor}.")]
    TooManyValues {
        /// The factor's name in lower case.
        factor: String,
        /// How many values the factor has.
        max: usize,
    },
}

/// The two places a query may give as typed text, each resolved the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRole {
    /// Where pay is set: `place`, which sets `location`.
    Pay,
    /// Where the person lives: `home_place`, which sets `home`.
    Home,
}

impl PlaceRole {
    /// The field's name in the form, the API and its problems.
    pub fn key(self) -> &'static str {
        match self {
            PlaceRole::Pay => "place",
            PlaceRole::Home => "home_place",
        }
    }
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
            InputError::UnknownPlace { .. } => "unknown_place",
            InputError::AmbiguousPlace { .. } => "ambiguous_place",
            InputError::TooManyValues { .. } => "too_many_values",
            InputError::OfferNotANumber => "offer_not_a_number",
            InputError::OfferOutOfRange => "offer_out_of_range",
            InputError::OfferBaseMissing => "offer_base_missing",
            InputError::GrantAndYearlyEquity => "grant_and_yearly_equity",
            InputError::EquityKindNone => "equity_kind_none",
            InputError::InvalidFiling { .. } => "invalid_filing",
            InputError::UnknownHomeState { .. } => "unknown_home_state",
            InputError::HomeCityNotInState { .. } => "home_city_not_in_state",
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
    pub(super) fn new(field: &'static str, error: InputError) -> Self {
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

/// Keeps an echoed value short, so a huge or hostile id cannot flood a page.
pub(crate) fn shorten(value: &str) -> String {
    const LIMIT: usize = 40;
    match value.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}
