//! The forms' selects, checkbox and radio groups: their lists written once
//! per version of the content ([`FormLists`]), and which entries a query
//! chooses. The report form (`share.rs`) still lists its few choices per page
//! ([`ChoiceField`]).

use super::filters::Text;
use super::option_lists::{
    CHECKED, LocationLists, OptionList, OptionListWriter, SELECTED, SelectedOptions,
};
use crate::estimator::compare::LABELS;
use crate::estimator::{EquityKind, Factor, FactorKind, SalaryModel};
use crate::tax::{Filing, TaxTables};

/// One option of a select, checkbox group or radio group, borrowing its id
/// and label from the data. Both are written with [`Text`]'s quicker
/// escaping.
pub(super) struct Choice<'a> {
    pub(super) id: Text<'a>,
    pub(super) label: Text<'a>,
    pub(super) selected: bool,
}

/// A select, checkbox group or radio group listed per page, with its message
/// if it is bad (the report form's, in `share.rs`).
pub(super) struct ChoiceField<'a> {
    pub(super) name: &'static str,
    pub(super) label: String,
    pub(super) choices: Vec<Choice<'a>>,
    pub(super) error: Option<String>,
}

/// A select, checkbox group or radio group whose entries are a list written
/// once, marked for this page, with its message if it is bad.
pub(super) struct ListField<'a> {
    pub(super) name: &'static str,
    pub(super) label: String,
    pub(super) hint: String,
    pub(super) options: SelectedOptions<'a>,
    pub(super) error: Option<String>,
}

/// Every list the calculator and compare forms show, for one version of the
/// content: each id and label escaped once, the home lists sorted once.
#[derive(Debug)]
pub struct FormLists {
    /// Where pay is set.
    pub locations: LocationLists,
    /// The calculator's own lists.
    pub calculator: CalculatorLists,
    /// The lists each comparison scenario shows.
    pub scenario: ScenarioLists,
    /// Each scenario's checkbox groups, whose ids and names carry its label.
    pub scenario_checkboxes: Vec<ScenarioCheckboxes>,
    /// Filing statuses.
    pub filing: OptionList,
    /// "None of these", then the cities and counties that tax residents'
    /// wages, by name.
    pub home_city: OptionList,
    /// "The state where you live", then the states and DC by name.
    pub home_state: OptionList,
    /// The grant vesting schedules.
    pub offer_vesting: OptionList,
    /// The kinds of equity.
    pub offer_equity_kind: OptionList,
}

/// The calculator's selects (in the data file's order), checkboxes and
/// radios.
#[derive(Debug)]
pub struct CalculatorLists {
    pub industry: OptionList,
    pub company_size: OptionList,
    pub language: OptionList,
    pub skills: OptionList,
    pub certifications: OptionList,
    pub work_arrangement: OptionList,
    pub employment: OptionList,
}

/// A comparison scenario's selects, in form order, the same for every
/// scenario.
#[derive(Debug)]
pub struct ScenarioLists {
    pub industry: OptionList,
    pub company_size: OptionList,
    pub language: OptionList,
    pub work_arrangement: OptionList,
    pub employment: OptionList,
}

/// One scenario's checkbox groups.
#[derive(Debug)]
pub struct ScenarioCheckboxes {
    pub label: &'static str,
    pub skills: OptionList,
    pub certifications: OptionList,
}

/// The kinds of work, as the forms offer them.
const EMPLOYMENTS: [(&str, &str); 2] = [
    ("salaried", "Salaried employee"),
    ("freelance", "Freelance or contract"),
];

impl FormLists {
    pub fn new(model: &SalaryModel) -> Self {
        let values = |kind: FactorKind| {
            model
                .factor(kind)
                .values
                .iter()
                .map(|v| (v.id.as_str(), v.label.as_str()))
        };
        let in_form_order = |kind: FactorKind| {
            options(
                model
                    .factor(kind)
                    .in_form_order()
                    .map(|v| (v.id.as_str(), v.label.as_str())),
            )
        };
        let checkboxes = |kind: FactorKind, id_prefix: &str, name: &str| {
            inputs("checkbox", id_prefix, name, values(kind))
        };
        let radios = |name: &str, entries| inputs("radio", name, name, entries);
        let work = FactorKind::WorkArrangement.key();
        Self {
            locations: LocationLists::new(model),
            calculator: CalculatorLists {
                industry: options(values(FactorKind::Industry)),
                company_size: options(values(FactorKind::CompanySize)),
                language: options(values(FactorKind::Language)),
                skills: checkboxes(FactorKind::Skills, "skills", "skills"),
                certifications: checkboxes(
                    FactorKind::Certifications,
                    "certifications",
                    "certifications",
                ),
                work_arrangement: radios(work, values(FactorKind::WorkArrangement).collect()),
                employment: radios("employment", EMPLOYMENTS.to_vec()),
            },
            scenario: ScenarioLists {
                industry: in_form_order(FactorKind::Industry),
                company_size: in_form_order(FactorKind::CompanySize),
                language: in_form_order(FactorKind::Language),
                work_arrangement: in_form_order(FactorKind::WorkArrangement),
                employment: options(EMPLOYMENTS),
            },
            scenario_checkboxes: LABELS
                .iter()
                .map(|&label| {
                    let group = |kind: FactorKind| {
                        let key = kind.key();
                        checkboxes(kind, &format!("{label}-{key}"), &format!("{label}.{key}"))
                    };
                    ScenarioCheckboxes {
                        label,
                        skills: group(FactorKind::Skills),
                        certifications: group(FactorKind::Certifications),
                    }
                })
                .collect(),
            filing: options(Filing::ALL.map(|f| (f.as_str(), f.label()))),
            home_city: options(home_cities(&model.tax)),
            home_state: options(home_states(&model.tax)),
            offer_vesting: options(
                model
                    .vesting_schedules
                    .iter()
                    .map(|s| (s.id.as_str(), s.label.as_str())),
            ),
            offer_equity_kind: options(EquityKind::ALL.map(|k| (k.key(), k.label()))),
        }
    }

    /// A scenario's checkbox groups, by its label (`a`, `b` or `c`).
    pub fn scenario_checkboxes(&self, label: &str) -> Option<&ScenarioCheckboxes> {
        self.scenario_checkboxes.iter().find(|s| s.label == label)
    }

    /// The filing statuses, with the one sent chosen: single when none (or
    /// a bad one) is.
    pub fn filing(&self, chosen: &str) -> SelectedOptions<'_> {
        let chosen: Filing = chosen.trim().parse().unwrap_or_default();
        self.filing.selecting(Some(chosen.as_str()))
    }

    /// The home cities, with the one sent chosen, or "none" when none is.
    pub fn home_city(&self, chosen: &str) -> SelectedOptions<'_> {
        let chosen = chosen.trim();
        let found = self.home_city.contains(chosen).then_some(chosen);
        self.home_city.selecting(found.or(Some("")))
    }

    /// The home states, with the one sent chosen (its code in any case), or
    /// "the state where you live" when none is.
    pub fn home_state(&self, chosen: &str) -> SelectedOptions<'_> {
        let found = self.home_state.find_ignoring_case(chosen.trim());
        self.home_state.selecting(found.or(Some("")))
    }

    /// The vesting schedules, with the one sent chosen; the first when none
    /// is.
    pub fn offer_vesting<'l>(&'l self, model: &SalaryModel, chosen: &str) -> SelectedOptions<'l> {
        let chosen = match chosen {
            "" => model.vesting_schedules.first().map(|s| s.id.as_str()),
            id => Some(id),
        };
        self.offer_vesting.selecting(chosen)
    }

    /// The kinds of equity, with the one sent chosen; `public`, the reading
    /// of an offer that does not say, when none is.
    pub fn offer_equity_kind(&self, chosen: &str) -> SelectedOptions<'_> {
        let chosen = EquityKind::from_key(chosen.trim()).unwrap_or_default();
        self.offer_equity_kind.selecting(Some(chosen.key()))
    }
}

/// A factor's list with the value sent chosen, or the factor's default when
/// none is.
pub(super) fn factor_value<'l>(
    list: &'l OptionList,
    factor: &Factor,
    chosen: Option<&str>,
) -> SelectedOptions<'l> {
    let chosen = chosen
        .filter(|id| !id.is_empty())
        .or(factor.default.as_deref());
    list.selecting(chosen)
}

/// A checkbox group with every value sent ticked.
pub(super) fn factor_values<'l>(list: &'l OptionList, chosen: &[String]) -> SelectedOptions<'l> {
    list.checking(chosen.iter().map(String::as_str))
}

/// The kinds of work with salaried chosen, or freelance when it is sent.
pub(super) fn employment<'l>(list: &'l OptionList, chosen: Option<&str>) -> SelectedOptions<'l> {
    let freelance = chosen == Some("freelance");
    list.selecting(Some(if freelance { "freelance" } else { "salaried" }))
}

fn options<'v>(entries: impl IntoIterator<Item = (&'v str, &'v str)>) -> OptionList {
    let mut list = OptionListWriter::default();
    for (id, label) in entries {
        list.option(id, label);
    }
    list.finish(SELECTED)
}

fn inputs<'v>(
    kind: &str,
    id_prefix: &str,
    name: &str,
    entries: impl IntoIterator<Item = (&'v str, &'v str)>,
) -> OptionList {
    let mut list = OptionListWriter::default();
    for (id, label) in entries {
        list.input(kind, id_prefix, name, id, label);
    }
    list.finish(CHECKED)
}

/// "None of these", then the cities and counties that tax residents' wages,
/// by name.
fn home_cities(tax: &TaxTables) -> Vec<(&str, &str)> {
    let mut cities: Vec<(&str, &str)> = tax
        .locals
        .iter()
        .map(|local| (local.id.as_str(), local.name.as_str()))
        .collect();
    cities.sort_by(|a, b| a.1.cmp(b.1));
    std::iter::once(("", "None of these"))
        .chain(cities)
        .collect()
}

/// "The state where you live", then the states and DC by name.
fn home_states(tax: &TaxTables) -> Vec<(&str, &str)> {
    let mut states: Vec<(&str, &str)> = tax
        .states
        .values()
        .map(|state| (state.code.as_str(), state.name.as_str()))
        .collect();
    states.sort_by(|a, b| a.1.cmp(b.1));
    std::iter::once(("", "The state where you live (above)"))
        .chain(states)
        .collect()
}

/// The hint beside every equity-kind field.
pub(super) const EQUITY_KIND_HINT: &str = "Public stock counts as cash as it vests; private company equity is shown but not counted, since it may never be sold.";

/// The hint beside every filing field.
pub(super) const FILING_HINT: &str =
    "For take-home pay. Married filing jointly counts one earner: your spouse has no income.";

/// The hint beside every home city field.
pub(super) const HOME_CITY_HINT: &str = "Only if you live in one of these: each taxes its residents' wages. Its state becomes your home state.";

/// The hint beside every home state field.
pub(super) const HOME_STATE_HINT: &str = "Taxes are those of the state you live in, as a remote worker files. Choose one if your area spans states (New York's takes in part of New Jersey) or is the whole country.";

#[cfg(test)]
mod tests;
