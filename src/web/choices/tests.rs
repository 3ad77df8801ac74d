//! Each list written once, marked for a choice, against what the forms'
//! template loops wrote per page before (kept here as the reference),
//! for every field and every choice.

use askama::Template;

use super::*;
use crate::estimator::FactorValue;

/// The select loop as `select_field` and `scenario_select` wrote it.
#[derive(Template)]
#[template(
    source = "<select>\n    {% for choice in choices %}\n    <option value=\"{{ choice.id }}\"{% if choice.selected %} selected{% endif %}>{{ choice.label }}</option>\n    {% endfor %}\n  </select>",
    ext = "html",
    whitespace = "minimize"
)]
struct OldSelect<'a> {
    choices: Vec<Choice<'a>>,
}

/// The checkbox and radio loops as the calculator, compare and
/// `radio_group` wrote them.
#[derive(Template)]
#[template(
    source = "<ul>\n      {% for choice in choices %}\n      <li><input type=\"{{ kind }}\" id=\"{{ prefix }}-{{ choice.id }}\" name=\"{{ name }}\" value=\"{{ choice.id }}\"{% if choice.selected %} checked{% endif %}> <label for=\"{{ prefix }}-{{ choice.id }}\">{{ choice.label }}</label></li>\n      {% endfor %}\n    </ul>",
    ext = "html",
    whitespace = "minimize"
)]
struct OldInputs<'a> {
    kind: &'static str,
    prefix: Text<'a>,
    name: Text<'a>,
    choices: Vec<Choice<'a>>,
}

fn model() -> SalaryModel {
    crate::estimator::bundled::parse(crate::estimator::bundled::MODEL)
        .expect("the bundled data file is valid")
}

fn old_select(choices: Vec<Choice<'_>>) -> String {
    OldSelect { choices }.render().unwrap()
}

fn new_select(options: SelectedOptions<'_>) -> String {
    format!("<select>\n{options}\n</select>")
}

fn old_inputs(kind: &'static str, prefix: &str, name: &str, choices: Vec<Choice<'_>>) -> String {
    OldInputs {
        kind,
        prefix: Text(prefix),
        name: Text(name),
        choices,
    }
    .render()
    .unwrap()
}

fn new_inputs(options: SelectedOptions<'_>) -> String {
    format!("<ul>\n{options}\n</ul>")
}

/// The old per-page choices: each entry, selected where `selected` says.
fn choices<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: impl Fn(usize, &str) -> bool,
) -> Vec<Choice<'a>> {
    entries
        .into_iter()
        .enumerate()
        .map(|(i, (id, label))| Choice {
            id: Text(id),
            label: Text(label),
            selected: selected(i, id),
        })
        .collect()
}

fn pairs<'a>(values: impl IntoIterator<Item = &'a FactorValue>) -> Vec<(&'a str, &'a str)> {
    values
        .into_iter()
        .map(|v| (v.id.as_str(), v.label.as_str()))
        .collect()
}

/// Every id a field lists, with an empty and an unknown one.
fn tried<'a>(entries: &[(&'a str, &'a str)]) -> Vec<&'a str> {
    let mut ids: Vec<&str> = entries.iter().map(|(id, _)| *id).collect();
    ids.extend(["", "not-a-choice"]);
    ids
}

#[test]
fn factor_selects_match_the_old_loop_for_every_choice() {
    let model = model();
    let lists = FormLists::new(&model);
    let fields = [
        (FactorKind::Industry, &lists.calculator.industry, false),
        (
            FactorKind::CompanySize,
            &lists.calculator.company_size,
            false,
        ),
        (FactorKind::Language, &lists.calculator.language, false),
        (FactorKind::Industry, &lists.scenario.industry, true),
        (FactorKind::CompanySize, &lists.scenario.company_size, true),
        (FactorKind::Language, &lists.scenario.language, true),
        (
            FactorKind::WorkArrangement,
            &lists.scenario.work_arrangement,
            true,
        ),
    ];
    for (kind, list, form_order) in fields {
        let factor = model.factor(kind);
        let entries = if form_order {
            pairs(factor.in_form_order())
        } else {
            pairs(&factor.values)
        };
        for sent in tried(&entries) {
            let chosen = Some(sent)
                .filter(|id| !id.is_empty())
                .or(factor.default.as_deref());
            let old = old_select(choices(entries.clone(), |_, id| chosen == Some(id)));
            let new = new_select(factor_value(list, factor, Some(sent)));
            assert_eq!(new, old, "{kind:?} with {sent:?}");
        }
    }
}

#[test]
fn checkbox_and_radio_groups_match_the_old_loop_for_every_choice() {
    let model = model();
    let lists = FormLists::new(&model);
    let mut groups = vec![
        (
            "skills",
            "skills",
            FactorKind::Skills,
            &lists.calculator.skills,
        ),
        (
            "certifications",
            "certifications",
            FactorKind::Certifications,
            &lists.calculator.certifications,
        ),
    ];
    let prefixed: Vec<(String, String, FactorKind, &OptionList)> = lists
        .scenario_checkboxes
        .iter()
        .flat_map(|s| {
            [
                (FactorKind::Skills, &s.skills),
                (FactorKind::Certifications, &s.certifications),
            ]
            .map(|(kind, list)| {
                let key = kind.key();
                (
                    format!("{}-{key}", s.label),
                    format!("{}.{key}", s.label),
                    kind,
                    list,
                )
            })
        })
        .collect();
    assert_eq!(prefixed.len(), LABELS.len() * 2);
    groups.extend(
        prefixed
            .iter()
            .map(|(prefix, name, kind, list)| (prefix.as_str(), name.as_str(), *kind, *list)),
    );
    for (prefix, name, kind, list) in groups {
        let entries = pairs(&model.factor(kind).values);
        let ids = tried(&entries);
        let mut sent_sets: Vec<Vec<String>> = ids.iter().map(|id| vec![id.to_string()]).collect();
        // Several at once, one twice, and in another order than listed.
        sent_sets.push(
            ids.iter()
                .rev()
                .step_by(2)
                .map(|id| id.to_string())
                .collect(),
        );
        sent_sets.push(vec![ids[0].to_string(), ids[0].to_string()]);
        sent_sets.push(Vec::new());
        for sent in sent_sets {
            let old = old_inputs(
                "checkbox",
                prefix,
                name,
                choices(entries.clone(), |_, id| sent.iter().any(|s| s == id)),
            );
            let new = new_inputs(factor_values(list, &sent));
            assert_eq!(new, old, "{name} with {sent:?}");
        }
    }
    let work = model.factor(FactorKind::WorkArrangement);
    let entries = pairs(&work.values);
    for sent in tried(&entries) {
        let chosen = Some(sent)
            .filter(|id| !id.is_empty())
            .or(work.default.as_deref());
        let old = old_inputs(
            "radio",
            "work_arrangement",
            "work_arrangement",
            choices(entries.clone(), |_, id| chosen == Some(id)),
        );
        let new = new_inputs(factor_value(
            &lists.calculator.work_arrangement,
            work,
            Some(sent),
        ));
        assert_eq!(new, old, "work_arrangement with {sent:?}");
    }
    for sent in [
        None,
        Some(""),
        Some("salaried"),
        Some("freelance"),
        Some("other"),
    ] {
        let freelance = sent == Some("freelance");
        let old_choices = || choices(EMPLOYMENTS, |_, id| (id == "freelance") == freelance);
        let old = old_inputs("radio", "employment", "employment", old_choices());
        let new = new_inputs(employment(&lists.calculator.employment, sent));
        assert_eq!(new, old, "employment with {sent:?}");
        let old = old_select(old_choices());
        let new = new_select(employment(&lists.scenario.employment, sent));
        assert_eq!(new, old, "scenario employment with {sent:?}");
    }
}

#[test]
fn tax_and_offer_selects_match_the_old_loop_for_every_choice() {
    let model = model();
    let lists = FormLists::new(&model);

    let filings = Filing::ALL.map(|f| (f.as_str(), f.label()));
    for sent in tried(&filings).into_iter().chain([" joint "]) {
        let chosen: Filing = sent.trim().parse().unwrap_or_default();
        let old = old_select(choices(filings, |_, id| id == chosen.as_str()));
        assert_eq!(new_select(lists.filing(sent)), old, "filing {sent:?}");
    }

    let cities = home_cities(&model.tax);
    assert!(cities[1..].is_sorted_by(|a, b| a.1 <= b.1));
    assert_eq!(cities.len(), model.tax.locals.len() + 1);
    for sent in tried(&cities) {
        let found = cities[1..].iter().any(|(id, _)| *id == sent);
        let old = old_select(choices(cities.clone(), |i, id| {
            if i == 0 { !found } else { id == sent }
        }));
        assert_eq!(new_select(lists.home_city(sent)), old, "home city {sent:?}");
    }

    let states = home_states(&model.tax);
    assert!(states[1..].is_sorted_by(|a, b| a.1 <= b.1));
    assert_eq!(states.len(), model.tax.states.len() + 1);
    let lower: Vec<String> = states
        .iter()
        .map(|(id, _)| id.to_ascii_lowercase())
        .collect();
    for sent in tried(&states)
        .into_iter()
        .chain(lower.iter().map(String::as_str))
    {
        let found = states[1..]
            .iter()
            .any(|(id, _)| id.eq_ignore_ascii_case(sent.trim()));
        let old = old_select(choices(states.clone(), |i, id| {
            if i == 0 {
                !found
            } else {
                id.eq_ignore_ascii_case(sent.trim())
            }
        }));
        assert_eq!(
            new_select(lists.home_state(sent)),
            old,
            "home state {sent:?}"
        );
    }

    let schedules: Vec<(&str, &str)> = model
        .vesting_schedules
        .iter()
        .map(|s| (s.id.as_str(), s.label.as_str()))
        .collect();
    for sent in tried(&schedules) {
        let old = old_select(choices(schedules.clone(), |i, id| {
            id == sent || (i == 0 && sent.is_empty())
        }));
        let new = new_select(lists.offer_vesting(&model, sent));
        assert_eq!(new, old, "vesting {sent:?}");
    }

    let kinds = EquityKind::ALL.map(|k| (k.key(), k.label()));
    for sent in tried(&kinds) {
        let chosen = EquityKind::from_key(sent.trim()).unwrap_or_default();
        let old = old_select(choices(kinds, |_, id| id == chosen.key()));
        let new = new_select(lists.offer_equity_kind(sent));
        assert_eq!(new, old, "equity kind {sent:?}");
    }
}
