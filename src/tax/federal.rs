//! Federal taxes on wages: income tax on wages less the standard deduction,
//! Social Security up to its wage base, Medicare on all wages and the
//! Additional Medicare Tax above its threshold.

use super::schedule::{Rate, micros};
use super::{Exact, Filing, TaxLevel, TaxTables};

/// The four federal lines, income tax first (the states that subtract it
/// read it from there).
pub(super) fn lines(tables: &TaxTables, wages: u64, filing: Filing) -> Vec<Exact> {
    let (standard_deduction, brackets) = tables.federal.filing.get(filing);
    let taxable = micros(wages.saturating_sub(*standard_deduction));
    let income_tax = brackets.tax(taxable);
    let income_marginal = if wages > *standard_deduction {
        brackets.marginal(taxable)
    } else {
        Rate::default()
    };

    let social_security = &tables.social_security;
    let medicare = &tables.medicare;
    let threshold = *medicare.additional_threshold.get(filing);
    vec![
        Exact {
            id: "federal-income-tax".to_owned(),
            label: "Federal income tax".to_owned(),
            level: TaxLevel::Federal,
            amount: income_tax,
            marginal: income_marginal,
            source: tables.federal.source.clone(),
        },
        Exact {
            id: "social-security".to_owned(),
            label: "Social Security".to_owned(),
            level: TaxLevel::Federal,
            amount: social_security
                .rate
                .of_dollars(wages.min(social_security.wage_base)),
            marginal: if wages < social_security.wage_base {
                social_security.rate
            } else {
                Rate::default()
            },
            source: social_security.source.clone(),
        },
        Exact {
            id: "medicare".to_owned(),
            label: "Medicare".to_owned(),
            level: TaxLevel::Federal,
            amount: medicare.rate.of_dollars(wages),
            marginal: medicare.rate,
            source: medicare.source.clone(),
        },
        Exact {
            id: "additional-medicare-tax".to_owned(),
            label: "Additional Medicare Tax".to_owned(),
            level: TaxLevel::Federal,
            amount: medicare
                .additional_rate
                .of_dollars(wages.saturating_sub(threshold)),
            marginal: if wages >= threshold {
                medicare.additional_rate
            } else {
                Rate::default()
            },
            source: medicare.additional_source.clone(),
        },
    ]
}
