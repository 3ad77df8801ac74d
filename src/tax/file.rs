//! The tax data file's shape, as written: what `content/data/tax-2026.toml`
//! may contain, field by field. [`super::data`] checks it and builds the
//! tables.

use jiff::civil::Date;
use serde::Deserialize;

use super::LocalBase;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TaxFile {
    /// The tax year every figure is for.
    pub(super) tax_year: u16,
    /// When a figure in the file last changed.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub(super) updated: Date,
    /// What the calculation leaves out or simplifies, and which figures are
    /// projections rather than published: stated to readers on `/sources`.
    pub(super) notes: Vec<String>,
    /// Every agency page a figure comes from.
    pub(super) sources: Vec<SourceFile>,
    /// Federal income tax.
    pub(super) federal: FederalFile,
    /// Social Security's employee share.
    pub(super) social_security: SocialSecurityFile,
    /// Medicare's employee share and the Additional Medicare Tax.
    pub(super) medicare: MedicareFile,
    /// The fifty states and DC.
    pub(super) states: Vec<StateFile>,
    /// Contributions states take from employees' wages (disability, paid
    /// leave, long-term care).
    #[serde(default)]
    pub(super) payroll: Vec<PayrollFile>,
    /// City and county taxes on residents' wages.
    #[serde(default)]
    pub(super) locals: Vec<LocalFile>,
}

/// An agency page, as cited.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceFile {
    /// Stable id that figures cite.
    pub(super) id: String,
    /// The agency that publishes it (never a site that repeats it).
    pub(super) agency: String,
    /// The page's or document's title.
    pub(super) title: String,
    /// Its address.
    pub(super) url: String,
    /// When the agency published or last revised it, as the page says
    /// (`2025-10-09`, or `2025-10` when only the month is given).
    pub(super) published: String,
    /// What was read on the page to check the figures, and when; or that it
    /// could not be opened, and where the figure came from meanwhile. For
    /// maintainers only: never rendered, never in the API (readers see the
    /// agency, title, address and date).
    pub(super) read: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FederalFile {
    /// The source of the brackets and standard deduction.
    pub(super) source: String,
    /// Single filers.
    pub(super) single: FederalFilingFile,
    /// Married filing jointly.
    pub(super) joint: FederalFilingFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FederalFilingFile {
    /// The standard deduction, in dollars.
    pub(super) standard_deduction: u64,
    /// `[from, rate]` pairs, ascending, the first from 0.
    pub(super) brackets: Vec<(u64, f64)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SocialSecurityFile {
    /// The source of the wage base.
    pub(super) source: String,
    /// The employee's rate.
    pub(super) rate: f64,
    /// Wages above this pay none (the contribution and benefit base).
    pub(super) wage_base: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MedicareFile {
    /// The source of the rate.
    pub(super) source: String,
    /// The employee's rate on all wages.
    pub(super) rate: f64,
    /// The source of the Additional Medicare Tax.
    pub(super) additional_source: String,
    /// The Additional Medicare Tax's rate on wages above the threshold.
    pub(super) additional_rate: f64,
    /// Where the Additional Medicare Tax starts, by filing status.
    pub(super) additional_threshold: ByFilingFile<u64>,
}

/// A value for each filing status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ByFilingFile<T> {
    pub(super) single: T,
    pub(super) joint: T,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StateFile {
    /// Postal code (`CA`).
    pub(super) code: String,
    /// Name (`California`).
    pub(super) name: String,
    /// Source of the income-tax figures.
    pub(super) source: String,
    /// Single filers; absent, with `joint`, in a state that taxes no wages.
    #[serde(default)]
    pub(super) single: Option<StateFilingFile>,
    /// Married filing jointly, one earner.
    #[serde(default)]
    pub(super) joint: Option<StateFilingFile>,
}

/// An amount that is the same at every income, or `[over, amount]` tiers.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum AmountFile<T> {
    Flat(T),
    Tiers(Vec<(u64, T)>),
}

impl<T: Copy + Default> Default for AmountFile<T> {
    fn default() -> Self {
        AmountFile::Flat(T::default())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StateFilingFile {
    /// `[from, rate]` pairs, ascending, the first from 0.
    pub(super) brackets: Vec<(u64, f64)>,
    /// Taxable income at or below this pays nothing (Ohio).
    #[serde(default)]
    pub(super) zero_at_or_below: Option<u64>,
    /// Standard deduction, flat or by income tier.
    #[serde(default)]
    pub(super) standard_deduction: AmountFile<u64>,
    /// How the standard deduction shrinks at higher incomes.
    #[serde(default)]
    pub(super) standard_deduction_phase_out: Vec<PhaseOutFile>,
    /// Personal exemption subtracted from income.
    #[serde(default)]
    pub(super) exemption: AmountFile<u64>,
    /// How the exemption shrinks at higher incomes.
    #[serde(default)]
    pub(super) exemption_phase_out: Vec<PhaseOutFile>,
    /// Credits every wage earner gets (a personal exemption credit, a
    /// taxpayer credit), off the tax.
    #[serde(default)]
    pub(super) credit: AmountFile<u64>,
    /// How the credit shrinks at higher incomes.
    #[serde(default)]
    pub(super) credit_phase_out: Vec<PhaseOutFile>,
    /// A credit that is a share of the tax, by income tier.
    #[serde(default)]
    pub(super) credit_share: Option<AmountFile<f64>>,
    /// Federal income tax subtracted from income, where the state allows it.
    #[serde(default)]
    pub(super) federal_tax_deduction: Option<FederalTaxDeductionFile>,
    /// Social Security and Medicare paid, subtracted up to this many dollars.
    #[serde(default)]
    pub(super) payroll_tax_deduction_cap: Option<u64>,
    /// Social Security and Medicare withheld may be itemised instead of the
    /// standard deduction; the larger is taken.
    #[serde(default)]
    pub(super) itemized_payroll_taxes: bool,
    /// The rate schedule prints the tax at each bracket's start in whole
    /// dollars, and the tax is that figure plus the bracket's rate on the
    /// excess (New York's tables).
    #[serde(default)]
    pub(super) whole_dollar_bracket_starts: bool,
    /// The lower brackets' benefit taken back above an income (New York's
    /// supplemental tax).
    #[serde(default)]
    pub(super) recapture: Option<RecaptureFile>,
    /// Fixed charges that grow with income.
    #[serde(default)]
    pub(super) charges: Vec<StepChargeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepChargeFile {
    /// Income above which the charge starts.
    pub(super) start: u64,
    /// Size of a counted step of income (a part counts as a whole).
    pub(super) step: u64,
    /// Dollars per step.
    pub(super) amount: u64,
    /// The most it adds.
    pub(super) max: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PhaseOutFile {
    /// Income above which the amount shrinks.
    pub(super) start: u64,
    /// Share of each dollar over `start` taken off the amount; or `width`.
    #[serde(default)]
    pub(super) rate: Option<f64>,
    /// Dollars over `start` at which the amount is gone, in proportion on
    /// the way; or `rate`.
    #[serde(default)]
    pub(super) width: Option<u64>,
    /// Size of a counted step of income (1 when smooth).
    #[serde(default = "one")]
    pub(super) step: u64,
    /// The least the amount falls to.
    #[serde(default)]
    pub(super) floor: u64,
}

pub(super) fn one() -> u64 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FederalTaxDeductionFile {
    /// Share of the federal income tax subtracted, flat or by income tier.
    pub(super) share: AmountFile<f64>,
    /// The most subtracted, flat or by income tier; no cap when absent.
    #[serde(default)]
    pub(super) cap: Option<AmountFile<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecaptureFile {
    /// Income above which the lower brackets' benefit is taken back.
    pub(super) start: u64,
    /// Dollars of income over which each step phases in.
    pub(super) phase_in: u64,
    /// Income above which all taxable income is taxed at the top bracket's
    /// rate.
    pub(super) top_rate_above: u64,
    /// `[from taxable income, rate on all taxable income, recapture base]`:
    /// one tax computation worksheet each, with the rate of its line 3 and
    /// the dollar amount of its recapture-base line.
    pub(super) steps: Vec<(u64, f64, u64)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PayrollFile {
    /// Stable id (`ca-sdi`), the tax line's id.
    pub(super) id: String,
    /// The state whose residents' wages it applies to.
    pub(super) state: String,
    /// What readers see (`California State Disability Insurance`).
    pub(super) label: String,
    /// The rate (the whole premium, when `share` is given).
    pub(super) rate: f64,
    /// The employee's share of `rate`, where the programme sets one.
    #[serde(default)]
    pub(super) share: Option<f64>,
    /// Wages above this pay none.
    #[serde(default)]
    pub(super) wage_base: Option<u64>,
    /// The most an employee pays in a year.
    #[serde(default)]
    pub(super) cap: Option<u64>,
    /// The source of the rate and limits.
    pub(super) source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LocalFile {
    /// Stable id (`new-york-city`): the `home_city` value.
    pub(super) id: String,
    /// What readers see (`New York City`).
    pub(super) name: String,
    /// The state it lies in.
    pub(super) state: String,
    /// The tax line's label (`New York City income tax`).
    pub(super) label: String,
    /// What the rate applies to.
    pub(super) base: LocalBase,
    /// A flat rate; or `brackets` instead.
    #[serde(default)]
    pub(super) rate: Option<f64>,
    /// Graduated rates by filing status; or `rate` instead.
    #[serde(default)]
    pub(super) brackets: Option<ByFilingFile<Vec<(u64, f64)>>>,
    /// Wages above this pay none.
    #[serde(default)]
    pub(super) wage_base: Option<u64>,
    /// Exemption off the base by filing status (Detroit's $600 each).
    #[serde(default)]
    pub(super) exemption: Option<ByFilingFile<u64>>,
    /// The source of the rate.
    pub(super) source: String,
}
