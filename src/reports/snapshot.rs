//! The published aggregates held in memory: what pages, estimates and the API
//! read, so none of them waits on the database. Swapped in whole.

use std::collections::BTreeMap;

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
        self.cells
            .get(&cell_key(location, &model.band(years), employment))
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
