//! Two or three scenarios side by side: any profiles, each with an optional
//! offer, compared with scenario `a` in dollars, percent and buying power.
//!
//! A comparison arrives as one query whose keys carry a scenario prefix
//! (`a.years`, `b.location`, `c.offer`), so the page, the API and the command
//! line share one parser and one set of messages.

use serde::Serialize;

use super::living::in_national_dollars;
use super::reports::ReportsCell;
use super::{
    Estimate, EstimateError, EstimateInput, FieldError, ProfileQuery, SalaryModel,
    estimate_with_reports,
};

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
    /// Cash over four years.
    pub four_year_total: i64,
    /// The first year's cash at average US prices.
    pub adjusted_first_year_cash: i64,
    /// The four years' cash at average US prices.
    pub adjusted_four_year_total: i64,
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
}

/// Scenarios side by side, their differences from `a`, and what decides it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// Every scenario compared, `a` first.
    pub scenarios: Vec<Scenario>,
    /// How each scenario after `a` differs from it.
    pub differences: Vec<Difference>,
    /// What decides the comparison, in one plain sentence.
    pub verdict: String,
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
                        adjusted_first_year_cash: in_national_dollars(first, level),
                        adjusted_four_year_total: in_national_dollars(
                            check.cash.four_year_total,
                            level,
                        ),
                    }
                });
                scenarios.push(Scenario {
                    label,
                    estimate,
                    offer,
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
        })
        .collect();
    let verdict = verdict(&scenarios);
    Ok(Comparison {
        scenarios,
        differences,
        verdict,
    })
}

/// What decides the comparison: the scenario ahead in buying power (of the
/// offers over four years when every scenario has one, else of the median),
/// and whether pay or living costs put it there.
fn verdict(scenarios: &[Scenario]) -> String {
    let all_offers = scenarios.iter().all(|s| s.offer.is_some());
    let (measure, nominal, adjusted): (&str, Vec<i64>, Vec<i64>) = if all_offers {
        (
            "four years of the offer's cash",
            scenarios
                .iter()
                .map(|s| s.offer.map_or(0, |o| o.four_year_total))
                .collect(),
            scenarios
                .iter()
                .map(|s| s.offer.map_or(0, |o| o.adjusted_four_year_total))
                .collect(),
        )
    } else {
        (
            "the median",
            scenarios.iter().map(|s| s.estimate.base.median).collect(),
            scenarios
                .iter()
                .map(|s| s.estimate.cost_of_living.adjusted_median)
                .collect(),
        )
    };
    let best = (0..scenarios.len())
        .max_by_key(|i| (adjusted[*i], std::cmp::Reverse(*i)))
        .unwrap_or(0);
    let runner_up = (0..scenarios.len())
        .filter(|i| *i != best)
        .max_by_key(|i| (adjusted[*i], std::cmp::Reverse(*i)))
        .unwrap_or(0);
    let name = |i: usize| scenarios[i].label.to_uppercase();
    let gap = Change::between(adjusted[runner_up], adjusted[best]);
    if gap.percent.abs() < 1.0 {
        return format!(
            "The scenarios are within 1% of each other in what {measure} buys at average US prices, so neither pay nor living costs decide it: weigh the work itself."
        );
    }
    let reason = match nominal[best].cmp(&nominal[runner_up]) {
        std::cmp::Ordering::Greater if adjusted_order_flips(&nominal, &adjusted) => {
            "higher pay decides it, though living costs change the order of the others"
        }
        std::cmp::Ordering::Greater => {
            "higher pay decides it, and living costs do not change the order"
        }
        std::cmp::Ordering::Equal => "lower living costs decide it: the pay is the same",
        std::cmp::Ordering::Less => {
            "lower living costs decide it: the other pays more before prices are counted"
        }
    };
    format!(
        "Scenario {} comes out ahead: {measure} buys {}% more at average US prices than in scenario {}, the next best; {reason}.",
        name(best),
        format_percent(gap.percent),
        name(runner_up),
    )
}

/// Whether ranking by buying power differs from ranking by dollars.
fn adjusted_order_flips(nominal: &[i64], adjusted: &[i64]) -> bool {
    let order = |values: &[i64]| {
        let mut indices: Vec<usize> = (0..values.len()).collect();
        indices.sort_by_key(|i| std::cmp::Reverse(values[*i]));
        indices
    };
    order(nominal) != order(adjusted)
}

/// A change from scenario `a` in words, as the comparison page and the
/// command line both show it: "+$4,000 (+3.2%)", "−$1,500 (−1%)", or "—"
/// where there is nothing to compare.
pub fn describe_change(change: Option<Change>) -> String {
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

/// A percentage to one decimal, without a trailing ".0": 8.2, 12.
pub fn format_percent(percent: f64) -> String {
    let text = format!("{:.1}", percent.abs());
    text.strip_suffix(".0").unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_worded_with_its_sign_on_dollars_and_percent() {
        let more = Change {
            dollars: 4_000,
            percent: 3.2,
        };
        let less = Change {
            dollars: -1_500,
            percent: -1.0,
        };
        let same = Change {
            dollars: 0,
            percent: 0.0,
        };
        assert_eq!(describe_change(Some(more)), "+$4,000 (+3.2%)");
        assert_eq!(describe_change(Some(less)), "−$1,500 (−1%)");
        assert_eq!(describe_change(Some(same)), "$0 (0%)");
        assert_eq!(describe_change(None), "—");
    }

    use crate::estimator::bundled::MODEL as BUNDLED;

    fn model() -> SalaryModel {
        crate::estimator::bundled::parse(BUNDLED).expect("the bundled data file is valid")
    }

    fn query(text: &str) -> CompareQuery {
        let pairs: Vec<(String, String)> =
            serde_html_form::from_str(text).expect("a valid query string");
        CompareQuery::from_pairs(pairs)
    }

    #[test]
    fn scenarios_are_compared_with_a_in_dollars_percent_and_buying_power() {
        let model = model();
        let comparison = compare(
            &model,
            &query("a.years=5&a.location=san-francisco&b.years=5&b.location=austin"),
        )
        .expect("valid");
        assert_eq!(comparison.scenarios.len(), 2);
        let [a, b] = [&comparison.scenarios[0], &comparison.scenarios[1]];
        let difference = &comparison.differences[0];
        assert_eq!(difference.label, "b");
        assert_eq!(
            difference.median.dollars,
            b.estimate.base.median - a.estimate.base.median
        );
        assert!(difference.median.percent < 0.0);
        assert_eq!(difference.first_year_cash, None);
        assert!(
            comparison.verdict.starts_with("Scenario "),
            "{}",
            comparison.verdict
        );
    }

    #[test]
    fn lower_living_costs_can_decide_a_comparison() {
        let model = model();
        // Austin pay lived in Austin, New York pay lived in New York, and
        // Austin pay lived in Jackson, where prices are lowest.
        let comparison = compare(
            &model,
            &query("a.years=6&a.location=austin&b.years=6&b.location=new-york&b.home=new-york&c.years=6&c.location=austin&c.home=jackson"),
        )
        .expect("valid");
        assert_eq!(comparison.scenarios.len(), 3);
        assert_eq!(
            comparison.scenarios[2].estimate.base,
            comparison.scenarios[0].estimate.base
        );
        assert!(
            comparison.verdict.contains("Scenario C comes out ahead"),
            "{}",
            comparison.verdict
        );
        assert!(
            comparison.verdict.contains("lower living costs decide it"),
            "{}",
            comparison.verdict
        );
    }

    #[test]
    fn offers_are_compared_over_four_years_in_buying_power() {
        let model = model();
        let comparison = compare(
            &model,
            &query("a.years=5&a.offer=150000&b.years=5&b.company_size=enterprise&b.offer=140000&b.offer_grant=100000"),
        )
        .expect("valid");
        let a = comparison.scenarios[0].offer.expect("an offer");
        let b = comparison.scenarios[1].offer.expect("an offer");
        assert_eq!(a.four_year_total, 600_000);
        assert_eq!(b.four_year_total, 660_000);
        assert_eq!(a.adjusted_four_year_total, 600_000);
        let change = comparison.differences[0]
            .four_year_total
            .expect("both have offers");
        assert_eq!(change.dollars, 60_000);
        assert_eq!(change.percent, 10.0);
        assert!(
            comparison
                .verdict
                .contains("four years of the offer's cash")
        );
        assert!(comparison.verdict.contains("higher pay decides it"));
    }

    #[test]
    fn every_bad_field_is_named_with_its_scenario() {
        let model = model();
        let error = compare(
            &model,
            &query("a.years=4&b.years=abc&c.years=90&c.location=atlantis"),
        )
        .unwrap_err();
        let fields: Vec<&str> = error.errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["b.years", "c.years", "c.location"]);
        let missing = compare(&model, &query("a.years=4")).unwrap_err();
        assert_eq!(missing.errors[0].field, "b.years");
    }

    #[test]
    fn an_untouched_third_scenario_is_left_out() {
        let query = query("a.years=4&b.years=5&c.location=us&c.employment=salaried");
        assert_eq!(query.labels(), ["a", "b"]);
    }
}
