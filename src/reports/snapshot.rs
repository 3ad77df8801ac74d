//! The published aggregates held in memory: what pages, estimates and the API
//! read, so none of them waits on the database. Swapped in whole.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use super::aggregate::cell_key;
use crate::estimator::reports::{ReportsCell, ReportsModel};
use crate::estimator::{EstimateInput, FactorKind, SalaryModel};

/// Every published cell, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportsSnapshot {
    /// Cells by `location|band|employment` or `national|band`.
    pub cells: BTreeMap<String, ReportsCell>,
}

impl ReportsSnapshot {
    /// The cell of a profile, if it is published.
    pub fn cell_for(
        &self,
        model: &ReportsModel,
        location: &str,
        years: f64,
        employment: &str,
    ) -> Option<&ReportsCell> {
        // Asked for every new result, and nearly always of a snapshot with
        // no cell for it: the key is written on the stack, not allocated.
        if self.cells.is_empty() {
            return None;
        }
        let mut key = StackKey::default();
        let written = write!(key, "{location}|")
            .and_then(|()| model.write_band(years, &mut key))
            .and_then(|()| write!(key, "|{employment}"));
        match written {
            Ok(()) => self.cells.get(key.as_str()),
            // Longer than any key the data makes; looked up all the same.
            Err(fmt::Error) => self
                .cells
                .get(&cell_key(location, &model.band(years), employment)),
        }
    }
}

/// A short key written into a fixed buffer; writing past its end fails.
struct StackKey {
    bytes: [u8; 96],
    len: usize,
}

impl Default for StackKey {
    fn default() -> Self {
        Self {
            bytes: [0; 96],
            len: 0,
        }
    }
}

impl StackKey {
    fn as_str(&self) -> &str {
        // Only whole `str`s are written in.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackKey {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        room.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl ReportsSnapshot {
    /// The cell of a validated estimate request, if it is published.
    pub fn cell_for_input(
        &self,
        model: &SalaryModel,
        input: &EstimateInput,
    ) -> Option<&ReportsCell> {
        let location = input
            .choices
            .location
            .as_deref()
            .filter(|id| !id.is_empty())
            .or(model.factor(FactorKind::Location).default.as_deref())?;
        self.cell_for(
            &model.reports,
            location,
            input.years,
            input.employment.key(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::estimator::bundled::model;

    #[test]
    fn a_cell_is_found_by_the_key_the_aggregates_use() {
        let model = model();
        let long = "x".repeat(200);
        let mut snapshot = ReportsSnapshot::default();
        let cases = [
            ("seattle", 0.0, "salaried"),
            ("seattle", 4.0, "freelance"),
            ("us", 12.5, "salaried"),
            ("us", 40.0, "salaried"),
            (long.as_str(), 7.0, "salaried"),
        ];
        for (i, (location, years, employment)) in cases.into_iter().enumerate() {
            let key = cell_key(location, &model.reports.band(years), employment);
            let cell = ReportsCell {
                band: Default::default(),
                median: 100_000 + i64::try_from(i).unwrap(),
                p25: None,
                p75: None,
                updated: jiff::civil::date(2026, 1, 1),
            };
            snapshot.cells.insert(key, cell);
        }
        for (i, (location, years, employment)) in cases.into_iter().enumerate() {
            let cell = snapshot.cell_for(&model.reports, location, years, employment);
            let median = 100_000 + i64::try_from(i).unwrap();
            assert_eq!(cell.map(|c| c.median), Some(median), "{location}");
        }
        assert!(
            snapshot
                .cell_for(&model.reports, "boston", 4.0, "salaried")
                .is_none()
        );
        assert!(
            snapshot
                .cell_for(&model.reports, "seattle", 4.0, "salaried")
                .is_none()
        );
    }
}
