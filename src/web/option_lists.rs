//! The forms' option lists, written once when content loads.
//!
//! The calculator lists all 563 locations for where pay is set, grouped by
//! state, and each comparison scenario lists them by name: 17 KB a list,
//! since an option's value is its label.
//! (Where the person lives is a place field, not a third list.) Building a
//! `Choice` for each option and escaping its label on every page was about a
//! quarter of a new result's CPU. Each list is now written out once, with the
//! place in each option where ` selected` goes; a page copies the list and
//! splices that one word in for its chosen option.
//!
//! The forms' short lists (industries, skills, filing status and the rest,
//! in `choices.rs`) are written the same way: escaping their ids and labels
//! on every page was most of what was left of writing a result's form. A
//! checkbox or radio group is a list too, marked ` checked`.

use std::fmt::{self, Write as _};

use askama::FastWritable;
use askama::filters::HtmlSafe;

use super::filters::Text;
use crate::estimator::{FactorKind, FactorValue, SalaryModel};

/// What marks a select's chosen option.
pub(super) const SELECTED: &str = " selected";
/// What marks a checkbox or radio group's chosen input.
pub(super) const CHECKED: &str = " checked";

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
            by_state.bare_option(value);
        }
        if group.is_some() {
            by_state.html.push_str("</optgroup>");
        }
        let mut by_name = OptionListWriter::default();
        for value in locations.in_form_order() {
            by_name.bare_option(value);
        }
        Self {
            by_state: by_state.finish(SELECTED),
            by_name: by_name.finish(SELECTED),
        }
    }
}

/// A select's options, or a checkbox or radio group's items, written out
/// once, and where in them each entry's ` selected` (or ` checked`) would go.
#[derive(Debug)]
pub struct OptionList {
    html: Box<str>,
    /// Each entry's id and the byte just after its `value="…"`, by id.
    marks: Box<[(Box<str>, usize)]>,
    /// What marks a chosen entry: ` selected` for options, ` checked` for
    /// inputs.
    word: &'static str,
}

impl OptionList {
    /// The list with the entry whose id is `chosen` marked, or none marked
    /// when no entry has that id.
    pub fn selecting(&self, chosen: Option<&str>) -> SelectedOptions<'_> {
        self.marked(Marks::One(chosen.and_then(|id| self.mark(id))))
    }

    /// The id of the entry whose id is `id`, ignoring ASCII case (state
    /// codes are matched so).
    pub fn find_ignoring_case(&self, id: &str) -> Option<&str> {
        self.marks
            .iter()
            .find(|(mark_id, _)| mark_id.eq_ignore_ascii_case(id))
            .map(|(mark_id, _)| &**mark_id)
    }

    /// The list with every entry whose id is among `chosen` marked, each
    /// once however often it is named.
    pub fn checking<'c>(&self, chosen: impl IntoIterator<Item = &'c str>) -> SelectedOptions<'_> {
        let mut at: Vec<usize> = chosen.into_iter().filter_map(|id| self.mark(id)).collect();
        at.sort_unstable();
        at.dedup();
        self.marked(Marks::Many(at))
    }

    fn marked(&self, at: Marks) -> SelectedOptions<'_> {
        SelectedOptions {
            html: &self.html,
            word: self.word,
            at,
        }
    }

    /// How many bytes the options take in a page.
    pub fn byte_len(&self) -> usize {
        self.html.len()
    }

    /// Whether an entry has this id.
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

/// Writes an [`OptionList`]: an entry at a time, noting where each entry's
/// mark goes.
#[derive(Default)]
pub(super) struct OptionListWriter {
    html: String,
    marks: Vec<(Box<str>, usize)>,
}

impl OptionListWriter {
    /// A location, as the long lists write it: no line of its own, no
    /// `</option>` (HTML ends an option at the next option, optgroup or the
    /// end of its list; 1,126 of them were a twelfth of a page) and no
    /// `value`, so that the option's value is its label: 563 ids were a
    /// fifth of a result page, and the server reads a location's label as
    /// well as its id ([`crate::estimator::listed_location`]).
    fn bare_option(&mut self, value: &FactorValue) {
        self.html.push_str("<option");
        self.marks.push((value.id.as_str().into(), self.html.len()));
        self.html.push('>');
        push_escaped(&mut self.html, &value.label);
    }

    /// A select's option on a line of its own, as the forms' short lists
    /// write them (the template loop they replace did so).
    pub(super) fn option(&mut self, id: &str, label: &str) {
        self.html.push_str("\n<option value=\"");
        push_escaped(&mut self.html, id);
        self.html.push('"');
        self.marks.push((id.into(), self.html.len()));
        self.html.push('>');
        push_escaped(&mut self.html, label);
        self.html.push_str("</option>\n");
    }

    /// A checkbox or radio (`kind`) of the group `name`, with its label, as
    /// a list item on a line of its own; its element id is `id_prefix-id`.
    pub(super) fn input(&mut self, kind: &str, id_prefix: &str, name: &str, id: &str, label: &str) {
        let html = &mut self.html;
        html.push_str("\n<li><input type=\"");
        html.push_str(kind);
        html.push_str("\" id=\"");
        push_escaped(html, id_prefix);
        html.push('-');
        push_escaped(html, id);
        html.push_str("\" name=\"");
        push_escaped(html, name);
        html.push_str("\" value=\"");
        push_escaped(html, id);
        html.push('"');
        self.marks.push((id.into(), html.len()));
        html.push_str("> <label for=\"");
        push_escaped(html, id_prefix);
        html.push('-');
        push_escaped(html, id);
        html.push_str("\">");
        push_escaped(html, label);
        html.push_str("</label></li>\n");
    }

    /// The list, whose chosen entries are marked with `word`.
    pub(super) fn finish(mut self, word: &'static str) -> OptionList {
        self.marks.sort_unstable();
        OptionList {
            html: self.html.into(),
            marks: self.marks.into(),
            word,
        }
    }
}

fn push_escaped(html: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = write!(html, "{}", Text(text));
}

/// Where a page marks its list: at most one entry (a select or radio group)
/// or any number (a checkbox group), in the list's order.
#[derive(Debug, Clone)]
enum Marks {
    One(Option<usize>),
    Many(Vec<usize>),
}

impl Default for Marks {
    fn default() -> Self {
        Self::One(None)
    }
}

/// An [`OptionList`] as one page writes it, with its chosen entries marked;
/// by default, no list at all.
#[derive(Debug, Clone, Default)]
pub struct SelectedOptions<'a> {
    html: &'a str,
    word: &'static str,
    at: Marks,
}

impl SelectedOptions<'_> {
    fn write_to(&self, dest: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        let at = match &self.at {
            Marks::One(at) => at.as_slice(),
            Marks::Many(at) => at.as_slice(),
        };
        let mut from = 0;
        for &at in at {
            dest.write_str(&self.html[from..at])?;
            dest.write_str(self.word)?;
            from = at;
        }
        dest.write_str(&self.html[from..])
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

    use crate::estimator::bundled::model;

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
        assert!(page.contains(&format!("<option selected>{label}<option>")));
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
            assert_eq!(html.matches("<option").count(), locations.values.len());
            assert!(locations.values.iter().all(|v| list.contains(&v.id)));
        }
        let grouped = lists.by_state.selecting(None).to_string();
        assert_eq!(
            grouped.matches("<optgroup ").count(),
            grouped.matches("</optgroup>").count()
        );
        assert!(grouped.contains("<optgroup label=\"Idaho\">"));
    }

    /// An option's value is its text, which the server must read back as
    /// that option's location and no other.
    #[test]
    fn every_option_text_is_read_back_as_its_own_location() {
        let model = model();
        for value in &model.factor(FactorKind::Location).values {
            let shown = Text(&value.label).to_string();
            let sent = shown.replace("&amp;", "&").replace("&#39;", "'");
            assert_eq!(
                crate::estimator::listed_location(&model, &sent),
                value.id,
                "{sent}"
            );
        }
    }
}
