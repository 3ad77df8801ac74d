//! Take-home pay on wages for one tax year: federal income tax, Social
//! Security and Medicare, state income tax and the payroll contributions
//! states take from employees, and city or county taxes on residents' wages.
//!
//! Pure like the estimator: the tables come in (parsed once at start-up from
//! `content/data/tax-2026.toml` by [`TaxTables::parse`]), a [`TaxQuery`]
//! comes in, a [`TakeHome`] goes out. No HTTP, no files.
//!
//! What is taxed: wages only, one earner, the standard deduction and the
//! credits every wage earner gets. The state and the city are the home's, as
//! a remote worker files: a person who lives in one state and works in
//! another pays the home state, which credits tax paid to the work state, so
//! the home state's figure is the one to plan with in most cases.
//!
//! Money: every line is computed exactly in millionths of a dollar and
//! rounded once, half away from zero, to whole dollars (see [`schedule`]).

pub mod data;
mod federal;
mod file;
mod local;
pub mod schedule;
mod state;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::positions::Positions;

pub use data::{STATE_CODES, TaxDataError};
use schedule::{Micros, PhaseOut, Rate, Schedule, StepCharge, Tiers, to_dollars};

/// Path of the tax tables inside the content tree.
pub const TAX_PATH: &str = "data/tax-2026.toml";

/// How the return is filed.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Filing {
    /// Single.
    #[default]
    Single,
    /// Married filing jointly, with one earner (the other spouse has no
    /// income).
    Joint,
}

impl Filing {
    /// Both, in the order forms list them.
    pub const ALL: [Filing; 2] = [Filing::Single, Filing::Joint];

    /// What readers see.
    pub fn label(self) -> &'static str {
        match self {
            Filing::Single => "Single",
            Filing::Joint => "Married filing jointly (one earner)",
        }
    }

    /// The value in forms, URLs and JSON (`single`, `joint`).
    pub fn as_str(self) -> &'static str {
        match self {
            Filing::Single => "single",
            Filing::Joint => "joint",
        }
    }
}

impl FromStr for Filing {
    type Err = TaxError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "single" => Ok(Filing::Single),
            "joint" => Ok(Filing::Joint),
            other => Err(TaxError::InvalidFiling(other.to_owned())),
        }
    }
}

impl fmt::Display for Filing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value for each filing status.
#[derive(Debug, Clone, PartialEq)]
pub struct ByFiling<T> {
    /// Single filers.
    pub single: T,
    /// Married filing jointly.
    pub joint: T,
}

impl<T> ByFiling<T> {
    /// The value for `filing`.
    pub fn get(&self, filing: Filing) -> &T {
        match filing {
            Filing::Single => &self.single,
            Filing::Joint => &self.joint,
        }
    }
}

/// An agency page the figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TaxSource {
    /// Stable id that tax lines cite.
    pub id: String,
    /// The publishing agency (`Internal Revenue Service`).
    pub agency: String,
    /// The page's or document's title.
    pub title: String,
    /// Its address.
    pub url: String,
    /// When the agency published it, as the page says.
    pub published: String,
}

/// Federal income tax.
#[derive(Debug, Clone, PartialEq)]
pub struct Federal {
    /// Source of the brackets and standard deduction.
    pub source: String,
    /// Standard deduction and brackets by filing status.
    pub filing: ByFiling<(u64, Schedule)>,
}

/// Social Security's employee share.
#[derive(Debug, Clone, PartialEq)]
pub struct SocialSecurity {
    /// Source of the wage base.
    pub source: String,
    /// The employee's rate.
    pub rate: Rate,
    /// Wages above this pay none.
    pub wage_base: u64,
}

/// Medicare's employee share and the Additional Medicare Tax.
#[derive(Debug, Clone, PartialEq)]
pub struct Medicare {
    /// Source of the rate.
    pub source: String,
    /// The employee's rate on all wages.
    pub rate: Rate,
    /// Source of the Additional Medicare Tax.
    pub additional_source: String,
    /// Its rate on wages above the threshold.
    pub additional_rate: Rate,
    /// Where it starts. Fixed in statute, not indexed.
    pub additional_threshold: ByFiling<u64>,
}

/// A state (or DC).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Postal code (`CA`).
    pub code: String,
    /// Name (`California`).
    pub name: String,
    /// Source of its income-tax figures.
    pub source: String,
    /// Its income tax on wages; `None` where it taxes none.
    pub income_tax: Option<ByFiling<StateFiling>>,
}

/// A state's income tax for one filing status, in the order a return
/// computes it: income less the standard deduction, exemption and any
/// federal tax subtracted; tax by the brackets plus any recapture and
/// charges; less credits.
#[derive(Debug, Clone, PartialEq)]
pub struct StateFiling {
    /// The brackets on taxable income.
    pub brackets: Schedule,
    /// Taxable income at or below this pays nothing (Ohio).
    pub zero_at_or_below: Option<u64>,
    /// Standard deduction by income tier.
    pub standard_deduction: Tiers<u64>,
    /// How it shrinks at higher incomes.
    pub standard_deduction_phase_out: Vec<PhaseOut>,
    /// Personal exemption by income tier.
    pub exemption: Tiers<u64>,
    /// How it shrinks at higher incomes.
    pub exemption_phase_out: Vec<PhaseOut>,
    /// Credits every wage earner gets, off the tax, by income tier.
    pub credit: Tiers<u64>,
    /// How they shrink at higher incomes.
    pub credit_phase_out: Vec<PhaseOut>,
    /// A credit that is this share of the tax, by income tier (Connecticut's
    /// personal tax credit).
    pub credit_share: Option<Tiers<Rate>>,
    /// Federal income tax subtracted from income (Alabama, Missouri, Oregon).
    pub federal_tax_deduction: Option<FederalTaxDeduction>,
    /// Social Security and Medicare paid, subtracted up to this many dollars
    /// (Massachusetts, $2,000).
    pub payroll_tax_deduction_cap: Option<u64>,
    /// Social Security and Medicare withheld may be itemised in place of the
    /// standard deduction (Alabama), so the larger of the two is taken.
    pub itemized_payroll_taxes: bool,
    /// The brackets are read as a schedule printed in whole dollars: the
    /// tax at the start of income's bracket, rounded to the dollar, plus the
    /// bracket's rate on the excess (New York).
    pub whole_dollar_bracket_starts: bool,
    /// Lower brackets' benefit taken back at higher incomes (New York).
    pub recapture: Option<Recapture>,
    /// Fixed charges that grow with income (Connecticut's add-back and
    /// recaptures, Idaho's permanent building fund tax).
    pub charges: Vec<StepCharge>,
}

/// How much federal income tax a state lets residents subtract.
#[derive(Debug, Clone, PartialEq)]
pub struct FederalTaxDeduction {
    /// Share of the federal tax, by income tier.
    pub share: Tiers<Rate>,
    /// The most subtracted, by income tier; no cap when `None`.
    pub cap: Option<Tiers<u64>>,
}

/// New York's supplemental tax, as the tax computation worksheets of the
/// IT-201 instructions compute it: above `start` of income the benefit of
/// the lower brackets is taken back, phased in over `phase_in` dollars of
/// income, until the whole taxable income is taxed at one rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Recapture {
    /// Income above which recapture begins.
    pub start: u64,
    /// Dollars of income over which each step phases in.
    pub phase_in: u64,
    /// Income above which all taxable income is taxed at the top bracket's
    /// rate.
    pub top_rate_above: u64,
    /// One worksheet per range of taxable income, ascending.
    pub steps: Vec<RecaptureStep>,
}

/// One of New York's tax computation worksheets: the one used when taxable
/// income is above `from` (and not above the next step's `from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecaptureStep {
    /// Taxable income above which this worksheet applies.
    pub from: u64,
    /// The rate the worksheet applies to all taxable income once the
    /// recapture has phased in.
    pub rate: Rate,
    /// The benefit already taken back by the steps below, in whole dollars
    /// as the worksheet prints it (0 for the first).
    pub base: u64,
}

/// A contribution a state takes from employees' wages.
#[derive(Debug, Clone, PartialEq)]
pub struct Payroll {
    /// Stable id, the tax line's id (`ca-sdi`).
    pub id: String,
    /// The state.
    pub state: String,
    /// What readers see.
    pub label: String,
    /// The rate.
    pub rate: Rate,
    /// The employee's share of the rate (1 when the employee pays it all).
    pub share: Rate,
    /// Wages above this pay none.
    pub wage_base: Option<u64>,
    /// The most an employee pays in a year.
    pub cap: Option<u64>,
    /// Source of the rate and limits.
    pub source: String,
}

/// What a local tax's rate applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalBase {
    /// Wages (Philadelphia, Ohio cities, Kansas City, St. Louis, Louisville).
    Wages,
    /// The state's taxable income (New York City, Maryland counties,
    /// Indiana counties with their own exemptions).
    StateTaxableIncome,
    /// The state's income tax (Yonkers' surcharge).
    StateTax,
}

/// A city's or county's tax on residents' wages.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// Stable id: the `home_city` value and the tax line's id.
    pub id: String,
    /// What readers see (`New York City`).
    pub name: String,
    /// The state it lies in.
    pub state: String,
    /// The tax line's label.
    pub label: String,
    /// What the rate applies to.
    pub base: LocalBase,
    /// Rates by filing status (one bracket for a flat rate).
    pub schedule: ByFiling<Schedule>,
    /// Wages above this pay none.
    pub wage_base: Option<u64>,
    /// Exemption off the base, by filing status (Detroit).
    pub exemption: ByFiling<u64>,
    /// Source of the rate.
    pub source: String,
}

/// Everything in the tax data file, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TaxTables {
    /// The tax year the figures are for.
    pub tax_year: u16,
    /// When a figure last changed.
    pub updated: Date,
    /// What the calculation leaves out or simplifies, for readers.
    pub notes: Vec<String>,
    /// Every agency page cited. Shared: every take-home figure lists the
    /// few it cites, and copied each one's five strings.
    pub sources: Vec<Arc<TaxSource>>,
    /// Each source's position in `sources`, by id.
    source_positions: Positions,
    /// Federal income tax.
    pub federal: Federal,
    /// Social Security.
    pub social_security: SocialSecurity,
    /// Medicare.
    pub medicare: Medicare,
    /// The fifty states and DC by postal code.
    pub states: BTreeMap<String, State>,
    /// State payroll contributions.
    pub payroll: Vec<Payroll>,
    /// City and county taxes.
    pub locals: Vec<Local>,
}

/// Whose take-home pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxQuery<'a> {
    /// Yearly wages in whole dollars.
    pub wages: u64,
    /// Filing status.
    pub filing: Filing,
    /// Home state's postal code (`NY`).
    pub state: &'a str,
    /// Home city with a wage tax (`new-york-city`), if any.
    pub city: Option<&'a str>,
}

/// Which government takes a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaxLevel {
    /// Federal income tax, Social Security, Medicare.
    Federal,
    /// State income tax and state payroll contributions.
    State,
    /// City or county.
    Local,
}

/// One tax on the wages.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TaxLine {
    /// Stable id (`federal-income-tax`, `ca-sdi`, `new-york-city`).
    pub id: String,
    /// What readers see.
    pub label: String,
    /// Who takes it.
    pub level: TaxLevel,
    /// Dollars a year.
    pub amount: i64,
    /// The amount as a share of wages.
    pub rate: f64,
    /// The rate on the next dollar of wages for this line, as far as the
    /// brackets say (deductions phasing out are not counted).
    pub marginal_rate: f64,
    /// Id of the source in the tax data file.
    pub source: String,
}

/// Take-home pay and the taxes behind it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TakeHome {
    /// Yearly wages.
    pub wages: u64,
    /// Filing status.
    pub filing: Filing,
    /// Home state's postal code.
    pub state: String,
    /// Home city with a wage tax, if any.
    pub city: Option<String>,
    /// Every tax with an amount, federal first; lines of zero are kept so a
    /// reader sees that a state taxes nothing.
    pub lines: Vec<TaxLine>,
    /// All taxes together.
    pub total: i64,
    /// Wages less all taxes, a year.
    pub year: i64,
    /// A twelfth of that, rounded to the dollar.
    pub month: i64,
    /// All taxes as a share of wages (0 for no wages).
    pub effective_rate: f64,
}

/// A query the tables cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxError {
    /// The filing status is neither `single` nor `joint`.
    #[error("filing must be `single` or `joint`, not `{0}`")]
    InvalidFiling(String),
    /// The state is not a state's postal code or DC.
    #[error("`{0}` is not a US state's two-letter code or DC")]
    UnknownState(String),
    /// The city has no wage tax in the tables.
    #[error("`{0}` is not a city with a wage tax that this calculator knows")]
    UnknownCity(String),
    /// The city is in another state than the home state.
    #[error("{city} is in {city_state}, not {state}")]
    CityNotInState {
        /// The city's name.
        city: String,
        /// Its state.
        city_state: String,
        /// The home state given.
        state: String,
    },
}

impl TaxError {
    /// A stable snake_case code for API problems.
    pub fn code(&self) -> &'static str {
        match self {
            TaxError::InvalidFiling(_) => "invalid_filing",
            TaxError::UnknownState(_) => "unknown_state",
            TaxError::UnknownCity(_) => "unknown_home_city",
            TaxError::CityNotInState { .. } => "home_city_not_in_state",
        }
    }
}

/// A line being built, before it is rounded.
struct Exact {
    id: String,
    label: String,
    level: TaxLevel,
    amount: Micros,
    marginal: Rate,
    source: String,
}

impl TaxTables {
    /// The state with this postal code (`CA`), any case.
    pub fn state(&self, code: &str) -> Option<&State> {
        // Codes nearly always come in capitals: no copy to look those up.
        self.states
            .get(code)
            .or_else(|| self.states.get(&code.to_ascii_uppercase()))
    }

    /// A cited agency page, by id.
    pub fn source(&self, id: &str) -> Option<&TaxSource> {
        self.source_position(id).map(|at| &*self.sources[at])
    }

    /// Where the source with this id is in [`TaxTables::sources`].
    pub fn source_position(&self, id: &str) -> Option<usize> {
        self.source_positions.get(id)
    }

    /// The city or county with a wage tax, by id.
    pub fn local(&self, id: &str) -> Option<&Local> {
        self.locals.iter().find(|l| l.id == id)
    }

    /// Take-home pay on `query.wages` and every tax behind it.
    pub fn take_home(&self, query: TaxQuery<'_>) -> Result<TakeHome, TaxError> {
        let state = self
            .state(query.state)
            .ok_or_else(|| TaxError::UnknownState(query.state.to_owned()))?;
        let local = match query.city {
            None => None,
            Some(id) => {
                let local = self
                    .local(id)
                    .ok_or_else(|| TaxError::UnknownCity(id.to_owned()))?;
                if local.state != state.code {
                    return Err(TaxError::CityNotInState {
                        city: local.name.clone(),
                        city_state: local.state.clone(),
                        state: state.code.clone(),
                    });
                }
                Some(local)
            }
        };

        let wages = query.wages;
        let filing = query.filing;
        let mut exact = federal::lines(self, wages, filing);
        let federal_income_tax = to_dollars(exact[0].amount);
        // Social Security, Medicare and the Additional Medicare Tax, for the
        // states that let them be deducted.
        let payroll_taxes = exact[1..4].iter().map(|line| line.amount).sum();
        let state_tax = state::income_tax(state, wages, filing, federal_income_tax, payroll_taxes);
        exact.push(Exact {
            id: "state-income-tax".to_owned(),
            label: format!("{} income tax", state.name),
            level: TaxLevel::State,
            amount: state_tax.tax,
            marginal: state_tax.marginal,
            source: state.source.clone(),
        });
        exact.extend(state::payroll(self, &state.code, wages));
        if let Some(local) = local {
            exact.push(local::line(local, wages, filing, &state_tax));
        }

        let lines: Vec<TaxLine> = exact
            .into_iter()
            .map(|line| {
                let amount = to_dollars(line.amount);
                TaxLine {
                    id: line.id,
                    label: line.label,
                    level: line.level,
                    amount,
                    rate: share_of(amount, wages),
                    marginal_rate: line.marginal.fraction(),
                    source: line.source,
                }
            })
            .collect();
        let total: i64 = lines.iter().map(|l| l.amount).sum();
        let year = i64::try_from(wages).unwrap_or(i64::MAX) - total;
        Ok(TakeHome {
            wages,
            filing,
            state: state.code.clone(),
            city: local.map(|l| l.id.clone()),
            lines,
            total,
            year,
            month: to_dollars(Micros::from(year) * schedule::MICROS_PER_DOLLAR / 12),
            effective_rate: share_of(total, wages),
        })
    }
}

/// `amount` as a share of `wages`; 0 for no wages.
fn share_of(amount: i64, wages: u64) -> f64 {
    if wages == 0 {
        0.0
    } else {
        amount as f64 / wages as f64
    }
}
