//! Two or three scenarios side by side: any profiles, each with an optional
//! offer, compared with scenario `a` in dollars, percent and buying power.
//!
//! A comparison arrives as one query whose keys carry a scenario prefix
//! (`a.years`, `b.location`, `c.offer`), so the page, the API and the command
//! line share one parser and one set of messages.

use serde::Serialize;

use super::living::in_national_dollars;
use super::offer::EquityKind;
use super::reports::ReportsCell;
use super::{
    Estimate, EstimateError, EstimateInput, FieldError, ProfileQuery, SalaryModel,
    estimate_with_reports,
};

mod verdict;

/// Scenario labels, in order; `a` and `b` are required, `c` is optional.
pub const LABELS: [&str; 3] = ["a", "b", "c"];

/// A comparison as sent: each scenario's fields, still text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareQuery {
    /// One query per label in [`LABELS`].
    pub scenarios: [ProfileQuery; 3],
}

impl CompareQuery {
    /// Splits decoded `key=value` pairs by their prefix (`b.years` goes to
    /// scenario `b` as `years`); keys without a known prefix are ignored.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut split: [Vec<(String, String)>; 3] = Default::default();
        for (key, value) in pairs {
            let Some((prefix, field)) = key.as_ref().split_once('.') else {
                continue;
            };
            if let Some(i) = LABELS.iter().position(|label| *label == prefix) {
                split[i].push((field.to_owned(), value.into()));
            }
        }
        Self {
            scenarios: split.map(ProfileQuery::from_pairs),
        }
    }

    /// Whether nothing at all was asked (an empty compare form).
    pub fn is_empty(&self) -> bool {
        self.scenarios.iter().all(ProfileQuery::is_empty)
    }

    /// Whether scenario `c` was filled in: years or an offer. Its lists alone
    /// (which a form always sends) do not make a scenario.
    pub fn has_third(&self) -> bool {
        let c = &self.scenarios[2];
        [
            &c.years,
            &c.offer,
            &c.offer_bonus,
            &c.offer_signing,
            &c.offer_grant,
        ]
        .iter()
        .any(|text| text.as_deref().is_some_and(|t| !t.trim().is_empty()))
    }

    /// The labels compared: `a`, `b` and, when filled in, `c`.
    pub fn labels(&self) -> &'static [&'static str] {
        if self.has_third() {
            &LABELS
        } else {
            &LABELS[..2]
        }
    }
}

/// One scenario's offer in cash and in buying power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ScenarioOffer {
    /// Cash in the offer's first year.
    pub first_year_cash: i64,
    /// Cash over four years: base, bonus at target, public stock as it
    /// vests and signing.
    pub four_year_total: i64,
    /// What the equity is, as the scenario says (or as it was read).
    pub equity_kind: EquityKind,
    /// Public stock vesting over four years, counted in `four_year_total`.
    pub equity: i64,
    /// Private company equity vesting over four years, at the offer's value:
    /// shown, not counted.
    pub private_equity: i64,
    /// The first year's cash at average US prices.
    pub adjusted_first_year_cash: i64,
    /// The four years' cash at average US prices.
    pub adjusted_four_year_total: i64,
}

/// One scenario's take-home pay: what is kept after taxes where its person
/// lives, and what that buys.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ScenarioTakeHome {
    /// The median base salary less all taxes, a year.
    pub median_year: i64,
    /// The same, a month.
    pub median_month: i64,
    /// All taxes on the median as a share of it.
    pub effective_rate: f64,
    /// `median_year` at average US prices.
    pub adjusted_median: i64,
    /// The offer's four years less each year's taxes, when there is an offer.
    pub offer_four_years: Option<i64>,
    /// That at average US prices.
    pub adjusted_offer_four_years: Option<i64>,
}

/// One scenario: its full estimate and its offer's totals.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Scenario {
    /// `a`, `b` or `c`.
    pub label: &'static str,
    /// The full estimate, as `/api/v1/estimate` gives it.
    pub estimate: Estimate,
    /// The offer's totals, when the scenario has an offer.
    pub offer: Option<ScenarioOffer>,
    /// Take-home pay, when the scenario's home state is known (the whole
    /// country has none until `home_state` is given); the full breakdown is
    /// the estimate's `take_home`.
    pub take_home: Option<ScenarioTakeHome>,
}

impl Scenario {
    /// The offer's equity in words, for a table cell: how much vests over
    /// four years and whether it counts, saying so when the request did not
    /// say what kind it is.
    pub fn equity_in_words(&self) -> String {
        let usd = crate::money::usd;
        let Some(offer) = self.offer else {
            return "No offer".to_owned();
        };
        let read = self
            .estimate
            .offer
            .as_ref()
            .is_some_and(|check| check.offer.has_equity() && !check.offer.equity_kind_given);
        if offer.private_equity > 0 {
            format!("{} private, not counted", usd(offer.private_equity))
        } else if offer.equity > 0 && read {
            format!("{} stock, counted (read as public)", usd(offer.equity))
        } else if offer.equity > 0 {
            format!("{} public stock, counted", usd(offer.equity))
        } else {
            "None".to_owned()
        }
    }
}

/// A change from scenario `a`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Change {
    /// Dollars more (negative: less) than scenario `a`.
    pub dollars: i64,
    /// Percent more than scenario `a`, to one decimal.
    pub percent: f64,
}

impl Change {
    /// The change in words for a table cell, "−$38,100 (−23%)"; "—" where
    /// there is no figure to compare.
    pub fn in_words(change: Option<Self>) -> String {
        match change {
            None => "—".to_owned(),
            Some(c) => format!(
                "{} ({}{}%)",
                crate::money::signed_usd(c.dollars),
                if c.percent > 0.0 {
                    "+"
                } else if c.percent < 0.0 {
                    "−"
                } else {
                    ""
                },
                format_percent(c.percent)
            ),
        }
    }

    fn between(base: i64, other: i64) -> Self {
        let percent = if base == 0 {
            0.0
        } else {
            ((other - base) as f64 / base as f64 * 1000.0).round() / 10.0
        };
        Self {
            dollars: other - base,
            percent,
        }
    }

    fn of(base: Option<i64>, other: Option<i64>) -> Option<Self> {
        Some(Self::between(base?, other?))
    }
}

/// How one scenario differs from scenario `a`; `None` where either lacks the figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Difference {
    /// `b` or `c`.
    pub label: &'static str,
    /// Median base pay.
    pub median: Change,
    /// The median at average US prices.
    pub adjusted_median: Change,
    /// The offer's first-year cash.
    pub first_year_cash: Option<Change>,
    /// The offer's four-year cash.
    pub four_year_total: Option<Change>,
    /// The offer's four-year cash at average US prices.
    pub adjusted_four_year_total: Option<Change>,
    /// Public stock counted over four years.
    pub equity: Option<Change>,
    /// The median's take-home pay, a year, where both have one.
    pub take_home: Option<Change>,
    /// The median's take-home pay at average US prices.
    pub adjusted_take_home: Option<Change>,
    /// The offer's four years of take-home pay.
    pub four_year_take_home: Option<Change>,
    /// The offer's four years of take-home pay at average US prices.
    pub adjusted_four_year_take_home: Option<Change>,
}

/// A figure of a [`Difference`], as a row of the differences table.
pub type DifferenceMeasure = (&'static str, fn(&Difference) -> Option<Change>);

/// The differences table's rows, in order, for `/compare` and
/// `salary-guide compare` alike: one row a measure, one column a scenario.
pub fn difference_measures() -> [DifferenceMeasure; 10] {
    [
        ("Median base salary", |d| Some(d.median)),
        ("Median in buying power", |d| Some(d.adjusted_median)),
        ("Median take-home, a year", |d| d.take_home),
        ("Take-home in buying power", |d| d.adjusted_take_home),
        ("Offer: first-year cash", |d| d.first_year_cash),
        ("Offer: four-year total", |d| d.four_year_total),
        ("Four-year total in buying power", |d| {
            d.adjusted_four_year_total
        }),
        ("Public stock counted over four years", |d| d.equity),
        ("Offer: four-year take-home", |d| d.four_year_take_home),
        ("Four-year take-home in buying power", |d| {
            d.adjusted_four_year_take_home
        }),
    ]
}

/// Scenarios side by side, their differences from `a`, and what decides it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// Every scenario compared, `a` first.
    pub scenarios: Vec<Scenario>,
    /// How each scenario after `a` differs from it.
    pub differences: Vec<Difference>,
    /// What decides the comparison, in one plain sentence whose figures
    /// are all in the tables.
    pub verdict: String,
    /// What the comparison leaves out, in one line.
    pub leaves_out: String,
}

/// Validates every scenario and compares them, or names every bad field with
/// its scenario's prefix.
pub fn compare(model: &SalaryModel, query: &CompareQuery) -> Result<Comparison, EstimateError> {
    compare_with_reports(model, query, |_| None)
}

/// [`compare`], each scenario estimated as the calculator estimates it: moved
/// toward the visitors' reports of its cell, which `cell_for` finds.
pub fn compare_with_reports<'cells>(
    model: &SalaryModel,
    query: &CompareQuery,
    cell_for: impl Fn(&EstimateInput) -> Option<&'cells ReportsCell>,
) -> Result<Comparison, EstimateError> {
    let mut errors = Vec::new();
    let mut scenarios = Vec::with_capacity(3);
    for (i, label) in query.labels().iter().enumerate() {
        match query.scenarios[i]
            .validate(model)
            .and_then(|input| estimate_with_reports(model, &input, cell_for(&input)))
        {
            Ok(estimate) => {
                let offer = estimate.offer.as_ref().map(|check| {
                    let level = estimate.cost_of_living.price_level;
                    let first = check.cash.years.first().map_or(0, |y| y.total);
                    ScenarioOffer {
                        first_year_cash: first,
                        four_year_total: check.cash.four_year_total,
                        equity_kind: check.offer.equity_kind,
                        equity: check.cash.four_years.equity,
                        private_equity: check.cash.four_years.private_equity,
                        adjusted_first_year_cash: in_national_dollars(first, level),
                        adjusted_four_year_total: in_national_dollars(
                            check.cash.four_year_total,
                            level,
                        ),
                    }
                });
                let take_home = estimate.take_home.as_ref().map(|t| ScenarioTakeHome {
                    median_year: t.median.year,
                    median_month: t.median.month,
                    effective_rate: t.median.effective_rate,
                    adjusted_median: t.adjusted_median,
                    offer_four_years: t.offer_four_years,
                    adjusted_offer_four_years: t.adjusted_offer_four_years,
                });
                scenarios.push(Scenario {
                    label,
                    estimate,
                    offer,
                    take_home,
                });
            }
            Err(error) => errors.extend(
                error
                    .errors
                    .into_iter()
                    .map(|e: FieldError| e.in_scenario(label)),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(EstimateError { errors });
    }
    let base = &scenarios[0];
    let differences = scenarios[1..]
        .iter()
        .map(|other| Difference {
            label: other.label,
            median: Change::between(base.estimate.base.median, other.estimate.base.median),
            adjusted_median: Change::between(
                base.estimate.cost_of_living.adjusted_median,
                other.estimate.cost_of_living.adjusted_median,
            ),
            first_year_cash: Change::of(
                base.offer.map(|o| o.first_year_cash),
                other.offer.map(|o| o.first_year_cash),
            ),
            four_year_total: Change::of(
                base.offer.map(|o| o.four_year_total),
                other.offer.map(|o| o.four_year_total),
            ),
            adjusted_four_year_total: Change::of(
                base.offer.map(|o| o.adjusted_four_year_total),
                other.offer.map(|o| o.adjusted_four_year_total),
            ),
            equity: Change::of(base.offer.map(|o| o.equity), other.offer.map(|o| o.equity)),
            take_home: Change::of(
                base.take_home.map(|t| t.median_year),
                other.take_home.map(|t| t.median_year),
            ),
            adjusted_take_home: Change::of(
                base.take_home.map(|t| t.adjusted_median),
                other.take_home.map(|t| t.adjusted_median),
            ),
            four_year_take_home: Change::of(
                base.take_home.and_then(|t| t.offer_four_years),
                other.take_home.and_then(|t| t.offer_four_years),
            ),
            adjusted_four_year_take_home: Change::of(
                base.take_home.and_then(|t| t.adjusted_offer_four_years),
                other.take_home.and_then(|t| t.adjusted_offer_four_years),
            ),
        })
        .collect();
    Ok(Comparison {
        verdict: verdict::verdict(&scenarios),
        leaves_out: verdict::leaves_out(&scenarios),
        scenarios,
        differences,
    })
}

/// A percentage to one decimal, without a trailing ".0": 8.2, 12.
pub fn format_percent(percent: f64) -> String {
    let text = format!("{:.1}", percent.abs());
    text.strip_suffix(".0").unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests;
