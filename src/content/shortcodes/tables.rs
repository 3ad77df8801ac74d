//! Shortcodes that print a table: levels, metros, buying power, vesting
//! schedules, a factor's values and the freelance rate's steps.

use askama::Template;

use super::{
    Expanded, Shortcode, calculator_href, cited_links, factor_kind, profile_estimate,
    signed_percent, table_id, with_profile,
};
use crate::estimator::bls::AreaKind;
use crate::estimator::living::PricedAs;
use crate::estimator::{
    self, CostOfLiving, Estimate, FactorKind, FactorValue, Percentiles, SalaryModel, format_years,
    years_phrase,
};
use crate::money::usd;

pub(super) fn freelance_steps(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&["years"]))?;
    let mut args = code.args.clone();
    args.push(("employment", "freelance"));
    let freelance = Shortcode {
        name: code.name,
        args,
    };
    let (query, estimate) = profile_estimate(model, &freelance)?;
    let show = |unit: &str, value: i64| match unit {
        "hours_per_year" => crate::money::hours(value),
        "usd_per_hour" => format!("{} an hour", usd(value)),
        _ => usd(value),
    };
    let rows = estimate
        .hourly
        .steps
        .iter()
        .map(|step| StepRow {
            label: step.label.clone(),
            low: show(step.unit, step.low),
            high: show(step.unit, step.high),
            sources: cited_links(model, &step.sources),
        })
        .collect();
    Ok(FreelanceSteps {
        id: table_id(code),
        profile: format!(
            "{} of experience, {}",
            years_phrase(estimate.input.years),
            estimate
                .factors
                .iter()
                .find(|f| f.factor == "location")
                .map_or("United States", |f| f.label.as_str())
        ),
        href: calculator_href(&query),
        rows,
    }
    .render())
}

pub(super) fn level_table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&with_profile(&[]))?;
    let mut rows = Vec::new();
    for level in &model.levels {
        let mut args = code.args.clone();
        let years = format_years(level.typical_years);
        args.push(("years", &years));
        let profile = Shortcode {
            name: code.name,
            args,
        };
        let (query, estimate) = profile_estimate(model, &profile)?;
        rows.push(TableRow {
            label: level.label.clone(),
            detail: years_phrase(level.typical_years),
            p25: usd(estimate.base.p25),
            median: usd(estimate.base.median),
            p75: usd(estimate.base.p75),
            href: calculator_href(&query),
        });
    }
    Ok(LevelTable {
        id: table_id(code),
        rows,
    }
    .render())
}

pub(super) fn metro_table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["years", "limit", "order"])?;
    let (_, national) = profile_estimate(model, code)?;
    let limit = row_limit(code)?;
    let lowest_first = match code.get("order").unwrap_or("highest") {
        "highest" => false,
        "lowest" => true,
        other => return Err(format!("order `{other}` must be highest or lowest")),
    };
    // A metro whose pay is its state's would rank its state, not itself.
    let (ranked, left_out): (Vec<Metro<'_>>, Vec<Metro<'_>>) = metros(model)
        .into_iter()
        .partition(|metro| !metro.pay_of_state);
    let mut metros = metro_estimates(model, &national, ranked)?;
    metros.sort_by_key(|metro| std::cmp::Reverse(metro.base.median));
    if lowest_first {
        metros.reverse();
    }
    let rows = metros
        .into_iter()
        .take(limit)
        .map(|metro| TableRow {
            detail: signed_percent(metro.base.median as f64 / national.base.median as f64),
            p25: usd(metro.base.p25),
            median: usd(metro.base.median),
            p75: usd(metro.base.p75),
            label: metro.label,
            href: metro.href,
        })
        .collect();
    Ok(MetroTable {
        id: table_id(code),
        rows,
        years: years_phrase(national.input.years),
        national: usd(national.base.median),
        left_out_pay: areas_phrase(left_out.len()),
        release: model.bls.release.release.clone(),
    }
    .render())
}

pub(super) fn buying_power_table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["years", "limit"])?;
    let limit = row_limit(code)?;
    let (_, national) = profile_estimate(model, code)?;
    // Buying power is pay over prices: where either is the state's, the
    // figure measures the state (its cities, towns and countryside at once),
    // not the metro.
    let (ranked, left_out): (Vec<Metro<'_>>, Vec<Metro<'_>>) = metros(model)
        .into_iter()
        .partition(|metro| !metro.pay_of_state && !metro.prices_of_state);
    let prices_of_state = left_out.iter().filter(|m| m.prices_of_state).count();
    let mut metros = metro_estimates(model, &national, ranked)?;
    // Rank by pay first, to show how far each metro moves.
    metros.sort_by_key(|metro| std::cmp::Reverse(metro.base.median));
    let pay_rank: Vec<String> = metros.iter().map(|metro| metro.location.clone()).collect();
    metros.sort_by_key(|metro| std::cmp::Reverse(metro.cost_of_living.adjusted_median));
    let rows = metros
        .into_iter()
        .enumerate()
        .take(limit)
        .map(|(rank, metro)| {
            let by_pay = pay_rank
                .iter()
                .position(|l| *l == metro.location)
                .unwrap_or(rank);
            BuyingPowerRow {
                label: metro.label,
                median: usd(metro.base.median),
                price_level: format!("{:.1}", metro.cost_of_living.price_level),
                housing_level: format!("{:.1}", metro.cost_of_living.housing_level),
                buying_power: usd(metro.cost_of_living.adjusted_median),
                moved: places_moved(by_pay, rank),
                href: metro.href,
            }
        })
        .collect();
    Ok(BuyingPowerTable {
        id: table_id(code),
        rows,
        years: years_phrase(national.input.years),
        national: usd(national.base.median),
        year: model.cost_of_living.year,
        left_out_prices: areas_phrase(prices_of_state),
        left_out_pay: areas_phrase(left_out.len() - prices_of_state),
        release: model.bls.release.release.clone(),
    }
    .render())
}

/// `metro_count [which=all|state_pay|state_prices|own_prices]`: how many
/// metropolitan areas there are, or how many the city rankings leave out
/// because their pay (`state_pay`) or their prices (`state_prices`) are their
/// state's, so a guide can say so without typing the number.
pub(super) fn metro_count(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["which"])?;
    let keep: fn(&Metro<'_>) -> bool = match code.get("which").unwrap_or("all") {
        "all" => |_| true,
        "state_pay" => |metro| metro.pay_of_state,
        "state_prices" => |metro| metro.prices_of_state,
        "own_prices" => |metro| !metro.prices_of_state,
        other => {
            return Err(format!(
                "which `{other}` must be all, state_pay, state_prices or own_prices"
            ));
        }
    };
    let count = metros(model).iter().filter(|metro| keep(metro)).count();
    Ok(Ok(crate::money::count(count as i64)))
}

pub(super) fn vesting_table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&[])?;
    let years = model
        .vesting_schedules
        .iter()
        .map(|schedule| schedule.shares.len())
        .max()
        .unwrap_or_default();
    let rows = model
        .vesting_schedules
        .iter()
        .map(|schedule| {
            let mut vested = 0.0;
            VestingRow {
                label: schedule.label.clone(),
                years: schedule
                    .shares
                    .iter()
                    .map(|share| {
                        vested += share;
                        (whole_percent(*share), whole_percent(vested))
                    })
                    .collect(),
                sources: cited_links(model, &schedule.sources),
                assumption: schedule.assumption.clone(),
            }
        })
        .collect();
    Ok(VestingTable {
        id: table_id(code),
        years: (1..=years).collect(),
        rows,
    }
    .render())
}

pub(super) fn factor_table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["factor"])?;
    let kind = factor_kind(code)?;
    if kind == FactorKind::Location {
        return Err("use `metro_table` for locations".to_owned());
    }
    let factor = model.factor(kind);
    let rows = factor
        .values
        .iter()
        .map(|value| FactorRow {
            label: value.label.clone(),
            effect: signed_percent(value.multiplier),
            evidence: format!("{:?}", value.evidence).to_lowercase(),
            basis: value.basis.clone(),
            sources: cited_links(model, &value.sources),
        })
        .collect();
    Ok(FactorTable {
        id: table_id(code),
        caption: factor.label.clone(),
        additive: kind.is_multi(),
        rows,
    }
    .render())
}

/// A metropolitan area as the city tables see it: whose figures its pay and
/// prices are. States and BLS's nonmetropolitan areas are locations too, but a
/// table of cities lists cities.
struct Metro<'a> {
    value: &'a FactorValue,
    /// BLS released no median for software developers there, so the
    /// calculator's pay is its state's.
    pay_of_state: bool,
    /// BEA's files have no price level for the metro itself, so its state's
    /// stands in.
    prices_of_state: bool,
}

/// Every location that BLS files as a metropolitan area, in the data file's order.
fn metros(model: &SalaryModel) -> Vec<Metro<'_>> {
    model
        .factor(FactorKind::Location)
        .values
        .iter()
        .filter(|value| {
            model
                .bls
                .area(&value.id)
                .is_some_and(|area| area.kind == AreaKind::Metro)
        })
        .map(|value| Metro {
            value,
            pay_of_state: !model.bls.has_own_median(&value.id),
            prices_of_state: model
                .cost_of_living
                .of(&value.id)
                .is_none_or(|parity| parity.priced_as != PricedAs::Itself),
        })
        .collect()
}

/// "5 metro areas", "1 metro area"; empty for none, so a table shows no note.
fn areas_phrase(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "1 metro area".to_owned(),
        n => format!("{} metro areas", crate::money::count(n as i64)),
    }
}

/// What the city tables show of one metropolitan area's estimate.
struct MetroFigures {
    label: String,
    location: String,
    base: Percentiles,
    cost_of_living: CostOfLiving,
    href: String,
}

/// The national profile's figures in each of `metros`. Only the range and
/// prices are worked out ([`estimator::market_pay`]), and only they are kept.
fn metro_estimates(
    model: &SalaryModel,
    national: &Estimate,
    metros: Vec<Metro<'_>>,
) -> Result<Vec<MetroFigures>, String> {
    metros
        .into_iter()
        .map(|Metro { value, .. }| {
            let mut input = national.input.clone();
            input.choices.location = Some(value.id.clone());
            let market = estimator::market_pay(model, &input).map_err(|e| e.to_string())?;
            Ok(MetroFigures {
                label: value.label.clone(),
                location: value.id.clone(),
                base: market.base,
                href: calculator_href(&market.input.query_pairs()),
                cost_of_living: market.cost_of_living,
            })
        })
        .collect()
}

/// How many places a metro climbs (+3) or falls (−2) from its rank by pay
/// to its rank by buying power.
pub(super) fn places_moved(by_pay: usize, by_buying_power: usize) -> String {
    match by_pay as i64 - by_buying_power as i64 {
        0 => "0".to_owned(),
        up if up > 0 => format!("+{up}"),
        down => format!("−{}", -down),
    }
}

/// A share as a whole percent: 0.05 → "5%".
pub(super) fn whole_percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// One vesting schedule: each year's share of the grant and the share vested by then.
struct VestingRow {
    label: String,
    /// (vests that year, vested by the end of it), per year.
    years: Vec<(String, String)>,
    sources: Vec<(String, String)>,
    /// What the table says instead of a source for the offer check's own example.
    assumption: Option<String>,
}

#[derive(Template)]
#[template(path = "shortcodes/vesting_table.html")]
struct VestingTable {
    id: String,
    /// Year numbers, for the header.
    years: Vec<usize>,
    rows: Vec<VestingRow>,
}

struct TableRow {
    label: String,
    detail: String,
    p25: String,
    median: String,
    p75: String,
    href: String,
}

#[derive(Template)]
#[template(path = "shortcodes/level_table.html")]
struct LevelTable {
    id: String,
    rows: Vec<TableRow>,
}

#[derive(Template)]
#[template(path = "shortcodes/metro_table.html")]
struct MetroTable {
    id: String,
    rows: Vec<TableRow>,
    years: String,
    national: String,
    /// The metros left out because their pay is their state's ("5 metro
    /// areas"); empty when none is.
    left_out_pay: String,
    /// BLS's release, "May 2025".
    release: String,
}

struct StepRow {
    label: String,
    low: String,
    high: String,
    sources: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "shortcodes/freelance_steps.html")]
struct FreelanceSteps {
    id: String,
    profile: String,
    href: String,
    rows: Vec<StepRow>,
}

struct BuyingPowerRow {
    label: String,
    median: String,
    price_level: String,
    housing_level: String,
    buying_power: String,
    /// Places climbed or fallen against the ranking by pay.
    moved: String,
    href: String,
}

#[derive(Template)]
#[template(path = "shortcodes/buying_power_table.html")]
struct BuyingPowerTable {
    id: String,
    rows: Vec<BuyingPowerRow>,
    years: String,
    national: String,
    /// The year BEA's price levels measure.
    year: u16,
    /// The metros left out because their prices are their state's; empty
    /// when none is.
    left_out_prices: String,
    /// The metros with their own prices left out because their pay is their
    /// state's; empty when none is.
    left_out_pay: String,
    /// BLS's release, "May 2025".
    release: String,
}

struct FactorRow {
    label: String,
    effect: String,
    evidence: String,
    basis: String,
    sources: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "shortcodes/factor_table.html")]
struct FactorTable {
    id: String,
    caption: String,
    additive: bool,
    rows: Vec<FactorRow>,
}

/// A table's `limit`: how many rows it shows, best first (all when absent).
fn row_limit(code: &Shortcode<'_>) -> Result<usize, String> {
    match code.get("limit") {
        Some(text) => text
            .parse::<usize>()
            .map_err(|_| format!("limit `{text}` must be a whole number")),
        None => Ok(usize::MAX),
    }
}
