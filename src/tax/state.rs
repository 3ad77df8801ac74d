//! State income tax on wages and the payroll contributions states take from
//! employees.

use super::schedule::{Micros, PhaseOut, Rate, Schedule, micros};
use super::{Exact, Filing, Recapture, State, StateFiling, TaxLevel, TaxTables};

/// A state's income tax and what a local tax may be based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StateTax {
    /// Taxable income after deductions and exemptions (millionths).
    pub taxable_income: Micros,
    /// The tax after credits (millionths).
    pub tax: Micros,
    /// The rate on the next dollar of taxable income.
    pub marginal: Rate,
}

/// `state`'s income tax on `wages`. `federal_income_tax` (whole dollars, as
/// on the federal return) and `payroll_taxes` (Social Security, Medicare and
/// the Additional Medicare Tax, exact) are subtracted where the state allows
/// it.
pub(super) fn income_tax(
    state: &State,
    wages: u64,
    filing: Filing,
    federal_income_tax: i64,
    payroll_taxes: Micros,
) -> StateTax {
    match &state.income_tax {
        None => StateTax {
            taxable_income: 0,
            tax: 0,
            marginal: Rate::default(),
        },
        Some(by_filing) => filing_tax(
            by_filing.get(filing),
            wages,
            federal_income_tax,
            payroll_taxes,
        ),
    }
}

fn filing_tax(
    rules: &StateFiling,
    wages: u64,
    federal_income_tax: i64,
    payroll_taxes: Micros,
) -> StateTax {
    // Wages are the whole income, so they are the state's adjusted gross
    // income that every phase-out and tier is measured on.
    let income = wages;
    let mut standard_deduction = PhaseOut::apply_all(
        &rules.standard_deduction_phase_out,
        micros(rules.standard_deduction.at(income)),
        income,
    );
    if rules.itemized_payroll_taxes {
        standard_deduction = standard_deduction.max(payroll_taxes);
    }
    let exemption = PhaseOut::apply_all(
        &rules.exemption_phase_out,
        micros(rules.exemption.at(income)),
        income,
    );
    let federal_deduction = rules.federal_tax_deduction.as_ref().map_or(0, |d| {
        let federal = micros(u64::try_from(federal_income_tax).unwrap_or(0));
        let share = d.share.at(income).of_micros(federal);
        match &d.cap {
            Some(cap) => share.min(micros(cap.at(income))),
            None => share,
        }
    });
    let payroll_deduction = rules
        .payroll_tax_deduction_cap
        .map_or(0, |cap| payroll_taxes.min(micros(cap)));
    let taxable_income =
        (micros(income) - standard_deduction - exemption - federal_deduction - payroll_deduction)
            .max(0);
    if rules
        .zero_at_or_below
        .is_some_and(|floor| taxable_income <= micros(floor))
    {
        return StateTax {
            taxable_income,
            tax: 0,
            marginal: Rate::default(),
        };
    }

    let mut tax = if rules.whole_dollar_bracket_starts {
        rules.brackets.tax_from_whole_dollar_starts(taxable_income)
    } else {
        rules.brackets.tax(taxable_income)
    };
    if let Some(recapture) = &rules.recapture {
        tax = with_recapture(&rules.brackets, recapture, income, taxable_income, tax);
    }
    tax += rules.charges.iter().map(|c| c.at(income)).sum::<Micros>();
    if let Some(share) = &rules.credit_share {
        tax -= share.at(income).of_micros(tax);
    }
    let credit = PhaseOut::apply_all(
        &rules.credit_phase_out,
        micros(rules.credit.at(income)),
        income,
    );
    StateTax {
        taxable_income,
        tax: (tax - credit).max(0),
        marginal: if taxable_income > 0 {
            rules.brackets.marginal(taxable_income)
        } else {
            Rate::default()
        },
    }
}

/// New York's tax on `taxable_income` for New York AGI `income`, given the
/// tax by its rate schedule, as the tax computation worksheets in the
/// IT-201 instructions compute it once income is above the recapture's
/// start. With the worksheet for the taxable income's range (`step`):
///
/// - line 3 is the step's rate on all taxable income; once income is
///   `phase_in` or more above the start of the phase-in (the recapture's
///   start for the first worksheet, the step's `from` after it), that is the
///   tax ("Stop" on line 3);
/// - otherwise the tax is the schedule's tax (line 4), plus the recapture
///   base (whole dollars as printed; none on the first worksheet), plus the
///   incremental benefit (line 3 less line 4 less the base) times the income
///   over the start of the phase-in divided by `phase_in` and rounded to the
///   fourth decimal place.
///
/// Above `top_rate_above` of income all taxable income is taxed at the top
/// bracket's rate, whatever its range.
fn with_recapture(
    brackets: &Schedule,
    recapture: &Recapture,
    income: u64,
    taxable_income: Micros,
    schedule_tax: Micros,
) -> Micros {
    if income <= recapture.start {
        return schedule_tax;
    }
    if income > recapture.top_rate_above {
        let top = brackets.0.last().map_or(Rate::default(), |b| b.rate);
        return top.of_micros(taxable_income);
    }
    let Some(step) = recapture
        .steps
        .iter()
        .rev()
        .find(|step| taxable_income > micros(step.from) || step.from == 0)
    else {
        return schedule_tax;
    };
    let flat = step.rate.of_micros(taxable_income);
    let over = income.saturating_sub(step.from.max(recapture.start));
    if over >= recapture.phase_in {
        return flat;
    }
    let base = micros(step.base);
    let incremental_benefit = flat - schedule_tax - base;
    schedule_tax
        + base
        + incremental_benefit * phased_in_ten_thousandths(over, recapture.phase_in) / 10_000
}

/// `over / phase_in` rounded half up to the fourth decimal place, in
/// ten-thousandths, as the worksheets round it.
pub(super) fn phased_in_ten_thousandths(over: u64, phase_in: u64) -> i128 {
    let phase_in = i128::from(phase_in.max(1));
    (i128::from(over) * 20_000 + phase_in) / (2 * phase_in)
}

/// The state's payroll contributions on `wages`.
pub(super) fn payroll<'a>(
    tables: &'a TaxTables,
    state: &'a str,
    wages: u64,
) -> impl Iterator<Item = Exact> + 'a {
    tables
        .payroll
        .iter()
        .filter(move |p| p.state == state)
        .map(move |p| {
            let base = p.wage_base.map_or(wages, |limit| wages.min(limit));
            let mut amount = p.share.of_micros(p.rate.of_dollars(base));
            let mut marginal = if p.wage_base.is_none_or(|limit| wages < limit) {
                Rate((u64::from(p.rate.0) * u64::from(p.share.0) / 1_000_000) as u32)
            } else {
                Rate::default()
            };
            if let Some(cap) = p.cap
                && amount >= micros(cap)
            {
                amount = micros(cap);
                marginal = Rate::default();
            }
            Exact {
                id: p.id.clone(),
                label: p.label.clone(),
                level: TaxLevel::State,
                amount,
                marginal,
                source: p.source.clone(),
            }
        })
}
