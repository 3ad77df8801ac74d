//! The place field of the calculator, comparison and report forms: a ZIP code
//! or a city name, resolved by the server through the estimator's one
//! resolver ([`ProfileQuery::found_place`]) and shown again with where it was
//! found, or with the message beside it.

use crate::estimator::{ProfileQuery, SalaryModel};

/// What the hint says before anything is typed.
const PLACE_HINT: &str = "Such as 83702 or Boise, ID: it chooses the location below.";

/// One place field: its name (`place`, or `b.place` in a comparison), the id
/// its label, hint and message are found by, what was typed, and what the
/// server made of it.
pub(super) struct PlaceField {
    pub(super) name: String,
    pub(super) id: String,
    pub(super) value: String,
    /// Where the typed place was found, or what to type.
    pub(super) hint: String,
    pub(super) error: Option<String>,
}

impl PlaceField {
    /// The field for `query`'s place; `scenario` prefixes its name and id
    /// (`a.place`, `a-place`) on the comparison.
    pub(super) fn new(
        model: &SalaryModel,
        query: &ProfileQuery,
        scenario: Option<&str>,
        error: Option<String>,
    ) -> Self {
        let (name, id) = match scenario {
            Some(label) => (format!("{label}.place"), format!("{label}-place")),
            None => ("place".to_owned(), "place".to_owned()),
        };
        Self {
            name,
            id,
            value: query.place.clone().unwrap_or_default(),
            hint: query
                .place_note(model)
                .unwrap_or_else(|| PLACE_HINT.to_owned()),
            error,
        }
    }
}

/// The location a form shows chosen: the typed place's area when it was
/// found, so the list shows what was used, else the list's own choice.
pub(super) fn located(model: &SalaryModel, query: &ProfileQuery) -> Option<String> {
    query
        .found_place(model)
        .and_then(Result::ok)
        .map(|found| found.area.id.clone())
        .or_else(|| query.location.clone())
}
