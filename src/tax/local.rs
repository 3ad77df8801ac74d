//! City and county taxes on residents' wages.

use super::schedule::{Micros, Rate, micros};
use super::state::StateTax;
use super::{Exact, Filing, Local, LocalBase, TaxLevel};

/// `local`'s tax on a resident's `wages`.
pub(super) fn line(local: &Local, wages: u64, filing: Filing, state: &StateTax) -> Exact {
    let exemption = micros(*local.exemption.get(filing));
    let base: Micros = match local.base {
        LocalBase::Wages => micros(local.wage_base.map_or(wages, |limit| wages.min(limit))),
        LocalBase::StateTaxableIncome => state.taxable_income,
        LocalBase::StateTax => state.tax,
    };
    let base = (base - exemption).max(0);
    let schedule = local.schedule.get(filing);
    Exact {
        id: local.id.clone(),
        label: local.label.clone(),
        level: TaxLevel::Local,
        amount: schedule.tax(base),
        marginal: match local.base {
            _ if base <= 0 => Default::default(),
            // A share of the state's tax moves with the state's rate.
            LocalBase::StateTax => Rate(
                (u64::from(schedule.marginal(base).0) * u64::from(state.marginal.0) / 1_000_000)
                    as u32,
            ),
            _ => schedule.marginal(base),
        },
        source: local.source.clone(),
    }
}
