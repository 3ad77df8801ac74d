//! The options of the forms' selects, checkbox and radio groups, shared by the
//! calculator, comparison and report forms.

use super::filters::Text;
use crate::estimator::{EquityKind, FactorValue, SalaryModel};

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
    values: &'a [FactorValue],
    selected: impl Fn(&str) -> bool,
) -> Vec<Choice<'a>> {
    values
        .iter()
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
