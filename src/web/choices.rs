//! The options of the forms' selects, checkbox and radio groups, shared by the
//! calculator, comparison and report forms.

use super::filters::Text;
use crate::estimator::{EquityKind, FactorValue, SalaryModel};
use crate::tax::{Filing, TaxTables};

/// One option of a select, checkbox group or radio group, borrowing its id
/// and label from the data: a calculator form lists about 130 options, and
/// copying each pair cost more than estimating. Both are written with
/// [`Text`]'s quicker escaping.
pub(super) struct Choice<'a> {
    pub(super) id: Text<'a>,
    pub(super) label: Text<'a>,
    pub(super) selected: bool,
}

/// A select, checkbox group or radio group, with its message if it is bad
/// (also the report form's, in `share.rs`).
pub(super) struct ChoiceField<'a> {
    pub(super) name: &'static str,
    pub(super) label: String,
    pub(super) hint: String,
    pub(super) choices: Vec<Choice<'a>>,
    pub(super) error: Option<String>,
}

/// A factor's values as options, each selected where `selected` says so:
/// the one way the calculator, compare and report forms list them.
pub(super) fn value_choices<'a>(
    values: impl IntoIterator<Item = &'a FactorValue>,
    selected: impl Fn(&str) -> bool,
) -> Vec<Choice<'a>> {
    values
        .into_iter()
        .map(|v| Choice {
            id: Text(&v.id),
            label: Text(&v.label),
            selected: selected(&v.id),
        })
        .collect()
}

/// The vesting schedules as options; the first is chosen when none is.
pub(super) fn vesting_choices<'a>(model: &'a SalaryModel, chosen: &str) -> Vec<Choice<'a>> {
    model
        .vesting_schedules
        .iter()
        .enumerate()
        .map(|(i, schedule)| Choice {
            id: Text(&schedule.id),
            label: Text(&schedule.label),
            selected: schedule.id == chosen || (i == 0 && chosen.is_empty()),
        })
        .collect()
}

/// The kinds of equity as options; `public`, the reading of an offer that
/// does not say, is chosen when none is.
pub(super) fn equity_kind_choices(chosen: &str) -> Vec<Choice<'static>> {
    let chosen = EquityKind::from_key(chosen.trim()).unwrap_or_default();
    EquityKind::ALL
        .into_iter()
        .map(|kind| Choice {
            id: Text(kind.key()),
            label: Text(kind.label()),
            selected: kind == chosen,
        })
        .collect()
}

/// The hint beside every equity-kind field.
pub(super) const EQUITY_KIND_HINT: &str = "Public stock counts as cash as it vests; private company equity is shown but not counted, since it may never be sold.";

/// The filing statuses as options; single when none (or a bad one) is sent.
pub(super) fn filing_choices(chosen: &str) -> Vec<Choice<'static>> {
    let chosen: Filing = chosen.trim().parse().unwrap_or_default();
    Filing::ALL
        .into_iter()
        .map(|filing| Choice {
            id: Text(filing.as_str()),
            label: Text(filing.label()),
            selected: filing == chosen,
        })
        .collect()
}

/// The hint beside every filing field.
pub(super) const FILING_HINT: &str =
    "For take-home pay. Married filing jointly counts one earner: your spouse has no income.";

/// The cities and counties that tax residents' wages, after "none".
pub(super) fn home_city_choices<'a>(tax: &'a TaxTables, chosen: &str) -> Vec<Choice<'a>> {
    let chosen = chosen.trim();
    let mut cities: Vec<Choice<'a>> = tax
        .locals
        .iter()
        .map(|local| Choice {
            id: Text(&local.id),
            label: Text(&local.name),
            selected: local.id == chosen,
        })
        .collect();
    cities.sort_by(|a, b| a.label.cmp(&b.label));
    let none = Choice {
        id: Text(""),
        label: Text("None of these"),
        selected: !cities.iter().any(|c| c.selected),
    };
    std::iter::once(none).chain(cities).collect()
}

/// The hint beside every home city field.
pub(super) const HOME_CITY_HINT: &str = "Only if you live in one of these: each taxes its residents' wages. Its state becomes your home state.";

/// The states and DC by name, after "the state of where you live".
pub(super) fn home_state_choices<'a>(tax: &'a TaxTables, chosen: &str) -> Vec<Choice<'a>> {
    let chosen = chosen.trim();
    let mut states: Vec<Choice<'a>> = tax
        .states
        .values()
        .map(|state| Choice {
            id: Text(&state.code),
            label: Text(&state.name),
            selected: state.code.eq_ignore_ascii_case(chosen),
        })
        .collect();
    states.sort_by(|a, b| a.label.cmp(&b.label));
    let same = Choice {
        id: Text(""),
        label: Text("The state where you live (above)"),
        selected: !states.iter().any(|c| c.selected),
    };
    std::iter::once(same).chain(states).collect()
}

/// The hint beside every home state field.
pub(super) const HOME_STATE_HINT: &str = "Taxes are those of the state you live in, as a remote worker files. Choose one if your area spans states (New York's takes in part of New Jersey) or is the whole country.";
