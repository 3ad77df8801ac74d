//! Hourly pay: the salaried equivalent of the yearly band, or a freelance rate
//! built from it step by step, each step a published cost an employee does not
//! carry. Every figure comes from the model. The freelance rate is the person's
//! own break-even arithmetic: published marketplace rates are shown beside it as
//! context by the pages, never used to cut it.

use serde::Serialize;

use super::Percentiles;
use super::insights::Employment;
use super::model::SalaryModel;

/// An hourly rate range, and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HourlyRate {
    /// Low end, whole dollars an hour.
    pub low: i64,
    /// High end, whole dollars an hour.
    pub high: i64,
    /// `freelance` (a rate to bill) or `salaried_equivalent` (pay per hour worked).
    pub basis: &'static str,
    /// The arithmetic from yearly salary to the rate, in order; the last step
    /// is the rate itself.
    pub steps: Vec<HourlyStep>,
    /// Source ids.
    pub sources: Vec<String>,
}

/// One line of the hourly arithmetic, for the low and the high end.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HourlyStep {
    /// Stable id: `salary`, `self_employment_tax`, `benefits`, `yearly_cost`,
    /// `full_time_hours`, `unpaid_time_off`, `unbilled_time`, `billable_hours`
    /// or `rate`.
    pub step: &'static str,
    /// The step in words.
    pub label: String,
    /// Its value at the low end (from the 25th percentile).
    pub low: i64,
    /// Its value at the high end (from the 75th percentile).
    pub high: i64,
    /// `usd_per_year`, `hours_per_year` or `usd_per_hour`.
    pub unit: &'static str,
    /// Source ids of the figures this step uses.
    pub sources: Vec<String>,
}

impl HourlyStep {
    fn new(step: &'static str, label: String, (low, high): (f64, f64), unit: &'static str) -> Self {
        Self {
            step,
            label,
            low: low.round() as i64,
            high: high.round() as i64,
            unit,
            sources: Vec::new(),
        }
    }

    fn cited(mut self, sources: &[String]) -> Self {
        self.sources = sources.to_vec();
        self
    }
}

/// A share as readers see it: 0.0765 → "7.65%", 0.15 → "15%".
fn percent(share: f64) -> String {
    let rounded = (share * 10_000.0).round() / 100.0;
    format!("{rounded}%")
}

/// The hourly range matching the p25–p75 band.
pub fn hourly(model: &SalaryModel, band: &Percentiles, employment: Employment) -> HourlyRate {
    let rules = &model.hourly;
    let hours = rules.hours_per_year;
    let salary = (band.p25 as f64, band.p75 as f64);
    let both = |f: &dyn Fn(f64) -> f64| (f(salary.0), f(salary.1));
    let salary_step = HourlyStep::new(
        "salary",
        "Yearly base salary, 25th and 75th percentile".to_owned(),
        salary,
        "usd_per_year",
    );
    let hours_step = HourlyStep::new(
        "full_time_hours",
        "Hours in a full-time year".to_owned(),
        (hours, hours),
        "hours_per_year",
    )
    .cited(&["oflc-2025".to_owned()]);
    if employment == Employment::Salaried {
        let rate = both(&|s| s / hours);
        let rate_step = HourlyStep::new("rate", "Salary ÷ hours".to_owned(), rate, "usd_per_hour");
        let steps = vec![salary_step, hours_step, rate_step];
        // Salary over hours uses no marketplace rate or article, so the
        // result cites only what its own steps use.
        return HourlyRate {
            low: steps[2].low,
            high: steps[2].high,
            basis: "salaried_equivalent",
            sources: step_sources(Vec::new(), &steps),
            steps,
        };
    }

    let costs = &model.freelance_costs;
    let base = costs.social_security_wage_base;
    let tax = both(&|s| (costs.social_security_tax * s.min(base) + costs.medicare_tax * s) / 2.0);
    let benefits = both(&|s| s * costs.benefits_share);
    let cost = (salary.0 + tax.0 + benefits.0, salary.1 + tax.1 + benefits.1);
    let leave = hours * costs.paid_leave_share;
    let unbilled = (hours - leave) * costs.unbilled_share;
    let billable = hours - leave - unbilled;
    let raw = (cost.0 / billable, cost.1 / billable);
    let money = crate::money::usd;
    let steps = vec![
        salary_step,
        HourlyStep::new(
            "self_employment_tax",
            format!(
                "Plus the employer's half of Social Security and Medicare tax, which a freelancer pays too: {} of pay up to {}, {} of all pay",
                percent(costs.social_security_tax / 2.0),
                money(base.round() as i64),
                percent(costs.medicare_tax / 2.0),
            ),
            tax,
            "usd_per_year",
        )
        .cited(&costs.tax_sources),
        HourlyStep::new(
            "benefits",
            format!(
                "Plus the health insurance and retirement savings an employer would pay: {} of salary",
                percent(costs.benefits_share)
            ),
            benefits,
            "usd_per_year",
        )
        .cited(&costs.benefit_sources),
        HourlyStep::new(
            "yearly_cost",
            "What a year of work must bring in".to_owned(),
            cost,
            "usd_per_year",
        ),
        hours_step,
        HourlyStep::new(
            "unpaid_time_off",
            format!(
                "Less the holidays, vacation and sick days an employer would pay for: {} of a salary",
                percent(costs.paid_leave_share)
            ),
            (-leave, -leave),
            "hours_per_year",
        )
        .cited(&costs.benefit_sources),
        HourlyStep::new(
            "unbilled_time",
            format!(
                "Less the working hours no client pays for (finding work, accounts, admin): {}",
                percent(costs.unbilled_share)
            ),
            (-unbilled, -unbilled),
            "hours_per_year",
        )
        .cited(&costs.unbilled_sources),
        HourlyStep::new(
            "billable_hours",
            "Hours a client pays for".to_owned(),
            (billable, billable),
            "hours_per_year",
        ),
        HourlyStep::new(
            "rate",
            "What a year must bring in ÷ billable hours".to_owned(),
            raw,
            "usd_per_hour",
        ),
    ];
    // The last step is the rate itself.
    let (low, high) = (raw.0.round() as i64, raw.1.round() as i64);
    // A freelance rate is shown beside the published marketplace range, so it
    // cites that context as well as its steps' sources.
    HourlyRate {
        low,
        high,
        basis: "freelance",
        sources: step_sources(rules.sources.clone(), &steps),
        steps,
    }
}

/// `sources` followed by every source id the steps cite, each once.
fn step_sources(mut sources: Vec<String>, steps: &[HourlyStep]) -> Vec<String> {
    for id in steps.iter().flat_map(|s| s.sources.iter()) {
        if !sources.contains(id) {
            sources.push(id.clone());
        }
    }
    sources
}
