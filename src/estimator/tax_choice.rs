//! How the person files and where they live, for take-home pay: the
//! request's `filing`, `home_city` and `home_state`, checked against the tax
//! tables, and the home state they lead to.

use serde::Serialize;

use super::input_error::{FieldError, InputError, shorten};
use super::model::SalaryModel;
use crate::tax::{Filing, State, TaxTables};

/// How the person files and where they live, for the taxes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TaxChoice {
    /// `single` (the default) or `joint`: married filing jointly, with one
    /// earner.
    pub filing: Filing,
    /// Where the person lives, when it taxes wages: a city or county id
    /// from `/api/v1/options` (`home_cities`). Its state is the home state
    /// unless `home_state` says otherwise.
    pub home_city: Option<String>,
    /// The home state's two-letter code (`NJ`), for an area that spans
    /// states; otherwise the principal state of `home` (or `location`).
    pub home_state: Option<String>,
}

impl TaxChoice {
    /// The home state to tax with: `home_state`, else `home_city`'s state,
    /// else the principal state of the place lived in; `None` for the whole
    /// country or a place the tables do not cover.
    pub fn state<'t>(&self, model: &'t SalaryModel, place: &str) -> Option<&'t State> {
        let tax = &model.tax;
        if let Some(code) = self.home_state.as_deref() {
            return tax.state(code);
        }
        if let Some(local) = self.home_city.as_deref().and_then(|id| tax.local(id)) {
            return tax.state(&local.state);
        }
        let area = model.bls.area(place)?;
        if area.kind == super::bls::AreaKind::National {
            return None;
        }
        tax.state(&area.state)
    }
}

/// Checks `home_state` and `home_city` against the tax tables: a state's
/// two-letter code, a city with a wage tax, and the city in that state.
pub(super) fn check_tax_choice(tax: &TaxTables, choice: &TaxChoice, errors: &mut Vec<FieldError>) {
    let state = match choice.home_state.as_deref() {
        None => None,
        Some(code) => match tax.state(code) {
            Some(state) => Some(state),
            None => {
                errors.push(FieldError::new(
                    "home_state",
                    InputError::UnknownHomeState {
                        value: shorten(code),
                    },
                ));
                None
            }
        },
    };
    let Some(id) = choice.home_city.as_deref() else {
        return;
    };
    match tax.local(id) {
        None => errors.push(FieldError::new(
            "home_city",
            InputError::UnknownValue {
                factor: "city with a wage tax".to_owned(),
                value: shorten(id),
            },
        )),
        Some(local) => {
            if let Some(state) = state.filter(|s| s.code != local.state) {
                errors.push(FieldError::new(
                    "home_city",
                    InputError::HomeCityNotInState {
                        city: local.name.clone(),
                        city_state: tax
                            .state(&local.state)
                            .map_or_else(|| local.state.clone(), |s| s.name.clone()),
                        state: state.name.clone(),
                    },
                ));
            }
        }
    }
}
