//! The forms' long option lists, written once when content loads.
//!
//! The calculator lists all 563 locations for where pay is set, grouped by
//! state, and each comparison scenario lists them by name: 33 KB a list.
//! (Where the person lives is a place field, not a third list.) Building a
//! `Choice` for each option and escaping its label on every page was about a
//! quarter of a new result's CPU. Each list is now written out once, with the
//! place in each option where ` selected` goes; a page copies the list and
//! splices that one word in for its chosen option.

use std::fmt::{self, Write as _};

use askama::FastWritable;
use askama::filters::HtmlSafe;

use super::filters::Text;
use crate::estimator::{FactorKind, FactorValue, SalaryModel};

/// The location lists every form shares, for one version of the content.
#[derive(Debug)]
pub struct LocationLists {
    /// Where pay is set, as the calculator lists it: the nation first, then
    /// an optgroup per state holding the state's own figures and its areas,
    /// in the data file's order.
    pub by_state: OptionList,
    /// The same locations with the nation first and the rest by name, as
    /// each comparison scenario lists them.
    pub by_name: OptionList,
}

impl LocationLists {
    pub fn new(model: &SalaryModel) -> Self {
        let locations = model.factor(FactorKind::Location);
        let mut by_state = OptionListWriter::default();
        let mut group: Option<&str> = None;
        for value in &locations.values {
            let state = model
                .bls
                .area(&value.id)
                .and_then(|area| model.bls.state(&area.state))
                .map(|state| state.name.as_str());
            if state != group {
                if group.is_some() {
                    by_state.html.push_str("</optgroup>");
                }
                if let Some(name) = state {
                    by_state.html.push_str("<optgroup label=\"");
                    push_escaped(&mut by_state.html, name);
                    by_state.html.push_str("\">");
                }
                group = state;
            }
            by_state.option(value);
        }
        if group.is_some() {
            by_state.html.push_str("</optgroup>");
        }
        let mut by_name = OptionListWriter::default();
        for value in locations.in_form_order() {
            by_name.option(value);
        }
        Self {
            by_state: by_state.finish(),
            by_name: by_name.finish(),
        }
    }
}

/// A select's options written out, and where in them each option's
/// ` selected` would go.
#[derive(Debug)]
pub struct OptionList {
    html: Box<str>,
    /// Each option's id and the byte just after its `value="…"`, by id.
    marks: Box<[(Box<str>, usize)]>,
}

impl OptionList {
    /// The list with the option whose id is `chosen` selected, or none
    /// selected when no option has that id.
    pub fn selecting(&self, chosen: Option<&str>) -> SelectedOptions<'_> {
        SelectedOptions {
            html: &self.html,
            selected_at: chosen.and_then(|id| self.mark(id)),
        }
    }

    /// How many bytes the options take in a page.
    pub fn byte_len(&self) -> usize {
        self.html.len()
    }

    /// Whether an option has this id.
    pub fn contains(&self, id: &str) -> bool {
        self.mark(id).is_some()
    }

    fn mark(&self, id: &str) -> Option<usize> {
        self.marks
            .binary_search_by(|(mark_id, _)| (**mark_id).cmp(id))
            .ok()
            .map(|found| self.marks[found].1)
    }
}

#[derive(Default)]
struct OptionListWriter {
    html: String,
    marks: Vec<(Box<str>, usize)>,
}

impl OptionListWriter {
    fn option(&mut self, value: &FactorValue) {
        self.html.push_str("<option value=\"");
        push_escaped(&mut self.html, &value.id);
        self.html.push('"');
        self.marks.push((value.id.as_str().into(), self.html.len()));
        self.html.push('>');
        // No `</option>`: HTML ends an option at the next option, optgroup or
        // the end of its list, and 1,126 of them were a twelfth of a page.
        push_escaped(&mut self.html, &value.label);
    }

    fn finish(mut self) -> OptionList {
        self.marks.sort_unstable();
        OptionList {
            html: self.html.into(),
            marks: self.marks.into(),
        }
    }
}

fn push_escaped(html: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = write!(html, "{}", Text(text));
}

/// An [`OptionList`] as one page writes it, with its chosen option marked.
#[derive(Debug, Clone, Copy)]
pub struct SelectedOptions<'a> {
    html: &'a str,
    selected_at: Option<usize>,
}

impl SelectedOptions<'_> {
    fn write_to(self, dest: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        match self.selected_at {
            Some(at) => {
                dest.write_str(&self.html[..at])?;
                dest.write_str(" selected")?;
                dest.write_str(&self.html[at..])
            }
            None => dest.write_str(self.html),
        }
    }
}

impl fmt::Display for SelectedOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl FastWritable for SelectedOptions<'_> {
    fn write_into(&self, dest: &mut dyn fmt::Write, _: &dyn askama::Values) -> askama::Result<()> {
        Ok(self.write_to(dest)?)
    }
}

// Written escaped, once, when the list was made.
impl HtmlSafe for SelectedOptions<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> SalaryModel {
        crate::estimator::bundled::parse(crate::estimator::bundled::MODEL)
            .expect("the bundled data file is valid")
    }

    #[test]
    fn a_list_marks_exactly_the_chosen_option() {
        let model = model();
        let lists = LocationLists::new(&model);
        let page = lists.by_name.selecting(Some("seattle")).to_string();
        assert_eq!(page.matches(" selected").count(), 1);
        let label = &model
            .factor(FactorKind::Location)
            .value("seattle")
            .unwrap()
            .label;
        assert!(page.contains(&format!(
            "<option value=\"seattle\" selected>{label}<option "
        )));
        let none = lists.by_name.selecting(Some("atlantis")).to_string();
        assert!(!none.contains(" selected"));
        assert_eq!(none, lists.by_name.selecting(None).to_string());
    }

    #[test]
    fn both_lists_hold_every_location_once() {
        let model = model();
        let lists = LocationLists::new(&model);
        let locations = model.factor(FactorKind::Location);
        for list in [&lists.by_state, &lists.by_name] {
            let html = list.selecting(None).to_string();
            assert_eq!(html.matches("<option ").count(), locations.values.len());
            assert!(locations.values.iter().all(|v| list.contains(&v.id)));
        }
        let grouped = lists.by_state.selecting(None).to_string();
        assert_eq!(
            grouped.matches("<optgroup ").count(),
            grouped.matches("</optgroup>").count()
        );
        assert!(grouped.contains("<optgroup label=\"Idaho\">"));
    }
}
