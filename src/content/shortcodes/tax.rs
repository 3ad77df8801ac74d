//! Shortcodes for take-home pay: one figure, a table across places or across
//! every state, the gap between two places, and the tax tables' own rates,
//! thresholds and lists.
//!
//! Every take-home figure is the calculator's: the shortcode's arguments are
//! read as the calculator's query (`wage` is its `offer`, the base it taxes),
//! checked by [`ProfileQuery::validate`], and taxed by
//! [`estimator::estimate`], which calls [`crate::tax`]. Nothing here adds a
//! tax up itself; a column that groups lines only adds the calculator's lines.

use askama::Template;

use super::{Expanded, Shortcode, calculator_href, table_id};
use crate::estimator::{self, EstimateInput, FactorKind, ProfileQuery, SalaryModel, TakeHomePay};
use crate::money::usd;
use crate::tax::schedule::Rate;
use crate::tax::{Filing, TakeHome, TaxLevel, TaxTables};

/// The calculator fields a take-home shortcode may set: the profile whose
/// median is taxed (or `wage`, taxed as an offer's base), and where and how
/// the person files.
const TAX_KEYS: [&str; 7] = [
    "years",
    "wage",
    "location",
    "home",
    "filing",
    "home_city",
    "home_state",
];

/// One profile taxed by the calculator.
struct Taxed {
    input: EstimateInput,
    pay: TakeHomePay,
}

impl Taxed {
    /// The take-home described: on `wage` when one was given (the
    /// calculator's offer column), else on the market median.
    fn take_home(&self) -> &TakeHome {
        self.pay.offer.as_ref().unwrap_or(&self.pay.median)
    }

    fn href(&self) -> String {
        calculator_href(&self.input.query_pairs())
    }

    /// Where the person lives, as a table row names it.
    fn place(&self, model: &SalaryModel) -> String {
        let area = self
            .input
            .choices
            .location
            .as_deref()
            .and_then(|id| model.factor(FactorKind::Location).value(id))
            .map(|value| value.label.clone());
        match (area, &self.pay.city_name) {
            (Some(area), Some(city)) => format!("{area}, living in {city}"),
            (Some(area), None) if self.input.tax.home_state.is_some() => {
                format!("{area}, living in {}", self.pay.state_name)
            }
            (Some(area), None) => area,
            (None, Some(city)) => city.clone(),
            (None, None) => self.pay.state_name.clone(),
        }
    }

    /// The lines of one government, added up.
    fn level(&self, level: TaxLevel) -> i64 {
        level_total(self.take_home(), level)
    }
}

fn level_total(take_home: &TakeHome, level: TaxLevel) -> i64 {
    take_home
        .lines
        .iter()
        .filter(|line| line.level == level)
        .map(|line| line.amount)
        .sum()
}

/// The shortcode's calculator fields as query pairs (`wage` as `offer`).
fn query_pairs(code: &Shortcode<'_>) -> Vec<(String, String)> {
    code.args
        .iter()
        .filter(|(key, _)| TAX_KEYS.contains(key))
        .map(|(key, value)| {
            let key = if *key == "wage" { "offer" } else { key };
            (key.to_owned(), (*value).to_owned())
        })
        .collect()
}

/// Taxes the profile the pairs describe, exactly as the calculator would.
fn taxed(model: &SalaryModel, pairs: Vec<(String, String)>) -> Result<Taxed, String> {
    let query = ProfileQuery::from_pairs(pairs);
    if query.years.is_none() {
        return Err("needs years=N (the calculator's profile)".to_owned());
    }
    let input = query.validate(model).map_err(|e| e.to_string())?;
    let estimate = estimator::estimate(model, &input).map_err(|e| e.to_string())?;
    let pay = estimate.take_home.ok_or(
        "the whole country has no state to tax in: give location=, home_city= or home_state=",
    )?;
    Ok(Taxed {
        input: estimate.input,
        pay,
    })
}

/// A place in a list of places: `seattle`, `new-york:new-york-city` (an area
/// and a home city with a wage tax) or `portland:WA` (an area and the home
/// state, for an area that spans states).
fn place_pairs(spec: &str) -> Vec<(String, String)> {
    let (location, home) = match spec.split_once(':') {
        Some((location, home)) => (location, Some(home)),
        None => (spec, None),
    };
    let mut pairs = vec![("location".to_owned(), location.to_owned())];
    match home {
        Some(state) if state.len() == 2 && state.bytes().all(|b| b.is_ascii_uppercase()) => {
            pairs.push(("home_state".to_owned(), state.to_owned()));
        }
        Some(city) => pairs.push(("home_city".to_owned(), city.to_owned())),
        None => {}
    }
    pairs
}

/// The shortcode's own calculator fields with a place's put first, so the
/// place's location and home win.
fn at_place(code: &Shortcode<'_>, spec: &str) -> Vec<(String, String)> {
    let mut pairs = place_pairs(spec);
    pairs.extend(query_pairs(code));
    pairs
}

/// `take_home years=6 wage=180000 location=seattle [part=year]`: one figure
/// of the take-home, linked to the calculator showing it.
pub(super) fn take_home(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    let mut keys = TAX_KEYS.to_vec();
    keys.extend(["part", "line"]);
    code.allow_only(&keys)?;
    let taxed = taxed(model, query_pairs(code))?;
    let take_home = taxed.take_home();
    let text = match (code.get("line"), code.get("part")) {
        (Some(id), None) => {
            let line = take_home
                .lines
                .iter()
                .find(|line| line.id == id)
                .ok_or_else(|| {
                    let known: Vec<&str> = take_home.lines.iter().map(|l| l.id.as_str()).collect();
                    format!("no tax line `{id}` here (lines: {})", known.join(", "))
                })?;
            usd(line.amount)
        }
        (Some(_), Some(_)) => return Err("give `line` or `part`, not both".to_owned()),
        (None, part) => match part.unwrap_or("year") {
            "year" => usd(take_home.year),
            "month" => usd(take_home.month),
            "wage" => usd(i64::try_from(take_home.wages).unwrap_or(i64::MAX)),
            "taxes" => usd(take_home.total),
            "rate" => share_percent(take_home.effective_rate),
            "federal" => usd(taxed.level(TaxLevel::Federal)),
            "state" => usd(taxed.level(TaxLevel::State)),
            "local" => usd(taxed.level(TaxLevel::Local)),
            other => {
                return Err(format!(
                    "unknown part `{other}` (use year, month, wage, taxes, rate, federal, state or local)"
                ));
            }
        },
    };
    Ok(TakeHomeLink {
        href: taxed.href(),
        text,
        title: describe(model, &taxed),
    }
    .render())
}

/// `take_home_gap years=6 wage=180000 from=seattle to=san-francisco`: how
/// much more a year one place keeps than the other (unsigned). Not a link:
/// no single calculator page shows a difference of two take-homes (the
/// comparison page sums four years of an offer), so the title names both
/// figures, which the guide quotes or tabulates beside it.
pub(super) fn take_home_gap(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    let mut keys = TAX_KEYS.to_vec();
    keys.retain(|key| !matches!(*key, "location" | "home" | "home_city" | "home_state"));
    keys.extend(["from", "to"]);
    code.allow_only(&keys)?;
    let from = code.get("from").ok_or("`take_home_gap` needs from=PLACE")?;
    let to = code.get("to").ok_or("`take_home_gap` needs to=PLACE")?;
    let a = taxed(model, at_place(code, from))?;
    let b = taxed(model, at_place(code, to))?;
    Ok(TakeHomeGap {
        text: usd((a.take_home().year - b.take_home().year).abs()),
        title: format!(
            "Take-home a year: {} against {} ({} and {})",
            describe(model, &a),
            describe(model, &b),
            usd(a.take_home().year),
            usd(b.take_home().year)
        ),
    }
    .render())
}

/// `take_home_table years=6 wage=180000 places=seattle,new-york:new-york-city`:
/// every place's taxes by government and what is left, in the order given.
pub(super) fn take_home_table(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    let mut keys = TAX_KEYS.to_vec();
    keys.retain(|key| !matches!(*key, "location" | "home" | "home_city" | "home_state"));
    keys.push("places");
    code.allow_only(&keys)?;
    let places = code
        .get("places")
        .ok_or("`take_home_table` needs places=ID,ID,...")?;
    let rows = places
        .split(',')
        .map(|spec| taxed(model, at_place(code, spec)).map(|taxed| row(model, &taxed)))
        .collect::<Result<Vec<_>, _>>()?;
    let filing = filing_of(code)?;
    Ok(TakeHomeTable {
        id: table_id(code),
        caption: caption(model, code, filing, "by where the person lives")?,
        rows,
    }
    .render())
}

/// `take_home_states years=6 wage=180000 [filing=joint]`: the fifty states
/// and DC, most kept first, each without any city tax.
pub(super) fn take_home_states(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["years", "wage", "filing"])?;
    let mut states = model
        .tax
        .states
        .keys()
        .map(|code_of_state| {
            let mut pairs = vec![("home_state".to_owned(), code_of_state.clone())];
            pairs.extend(query_pairs(code));
            taxed(model, pairs)
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Most kept first; states that keep the same sit in alphabetical order.
    states.sort_by(|a, b| {
        b.take_home()
            .year
            .cmp(&a.take_home().year)
            .then_with(|| a.pay.state_name.cmp(&b.pay.state_name))
    });
    let best = states.first().map_or(0, |taxed| taxed.take_home().year);
    let rows = states
        .iter()
        .map(|taxed| StateRow {
            name: taxed.pay.state_name.clone(),
            href: taxed.href(),
            income_tax: usd(line_amount(taxed.take_home(), "state-income-tax")),
            payroll: usd(
                taxed.level(TaxLevel::State) - line_amount(taxed.take_home(), "state-income-tax")
            ),
            year: usd(taxed.take_home().year),
            behind: usd(best - taxed.take_home().year),
        })
        .collect();
    let filing = filing_of(code)?;
    Ok(StatesTable {
        id: table_id(code),
        caption: caption(model, code, filing, "in each state, with no city tax")?,
        rows,
    }
    .render())
}

/// `tax_figure item=social_security_wage_base`: a rate, threshold or amount
/// from the tax tables, linked to its source on /sources.
pub(super) fn tax_figure(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["item", "filing", "id"])?;
    let tax = &model.tax;
    let filing = filing_of(code)?;
    let item = code.get("item").ok_or("`tax_figure` needs item=NAME")?;
    let (text, source) = match item {
        "tax_year" => (tax.tax_year.to_string(), tax.federal.source.clone()),
        "standard_deduction" => (
            usd_u64(tax.federal.filing.get(filing).0),
            tax.federal.source.clone(),
        ),
        "top_federal_rate" => {
            let schedule = &tax.federal.filing.get(filing).1;
            let top = schedule.0.last().ok_or("the federal schedule is empty")?;
            (rate_percent(top.rate), tax.federal.source.clone())
        }
        "social_security_rate" => (
            rate_percent(tax.social_security.rate),
            tax.social_security.source.clone(),
        ),
        "social_security_wage_base" => (
            usd_u64(tax.social_security.wage_base),
            tax.social_security.source.clone(),
        ),
        "medicare_rate" => (rate_percent(tax.medicare.rate), tax.medicare.source.clone()),
        "additional_medicare_rate" => (
            rate_percent(tax.medicare.additional_rate),
            tax.medicare.additional_source.clone(),
        ),
        "additional_medicare_threshold" => (
            usd_u64(*tax.medicare.additional_threshold.get(filing)),
            tax.medicare.additional_source.clone(),
        ),
        "payroll_rate" => {
            let id = code.get("id").ok_or("`payroll_rate` needs id=PAYROLL")?;
            let payroll = tax
                .payroll
                .iter()
                .find(|p| p.id == id)
                .ok_or_else(|| format!("unknown payroll contribution `{id}`"))?;
            if payroll.share != Rate::ONE {
                return Err(format!(
                    "`{id}` is shared with the employer; quote what it takes from a table"
                ));
            }
            (rate_percent(payroll.rate), payroll.source.clone())
        }
        "local_rate" => {
            let id = code.get("id").ok_or("`local_rate` needs id=CITY")?;
            let local = tax
                .local(id)
                .ok_or_else(|| format!("unknown city `{id}`"))?;
            let schedule = &local.schedule.get(filing).0;
            let text = match (schedule.first(), schedule.last()) {
                (Some(low), Some(high)) if low.rate != high.rate => format!(
                    "{}–{}",
                    rate_percent(low.rate).trim_end_matches('%'),
                    rate_percent(high.rate)
                ),
                (Some(only), _) => rate_percent(only.rate),
                _ => return Err(format!("`{id}` has no rate")),
            };
            (text, local.source.clone())
        }
        other => {
            return Err(format!(
                "unknown item `{other}` (use tax_year, standard_deduction, top_federal_rate, social_security_rate, social_security_wage_base, medicare_rate, additional_medicare_rate, additional_medicare_threshold, payroll_rate or local_rate)"
            ));
        }
    };
    let title = tax
        .source(&source)
        .map(|s| format!("{}: {}", s.agency, s.title))
        .unwrap_or_default();
    Ok(TaxSourceLink {
        text,
        title,
        source: format!("tax-{source}"),
    }
    .render())
}

/// `tax_list list=no_wage_tax_states`: names from the tax tables, joined as
/// a sentence lists them ("A, B and C").
pub(super) fn tax_list(model: &SalaryModel, code: &Shortcode<'_>) -> Expanded {
    code.allow_only(&["list"])?;
    let tax = &model.tax;
    let names: Vec<String> = match code.get("list").ok_or("`tax_list` needs list=NAME")? {
        "no_wage_tax_states" => states_named(
            tax,
            tax.states
                .values()
                .filter(|state| state.income_tax.is_none())
                .map(|state| state.code.as_str()),
        ),
        "payroll_states" => states_named(tax, tax.payroll.iter().map(|p| p.state.as_str())),
        "wage_tax_cities" => tax.locals.iter().map(|l| l.name.clone()).collect(),
        other => {
            return Err(format!(
                "unknown list `{other}` (use no_wage_tax_states, payroll_states or wage_tax_cities)"
            ));
        }
    };
    Ok(Ok(join_names(&names)))
}

/// The names of the states with these codes, once each, alphabetically.
fn states_named<'a>(tax: &TaxTables, codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = codes
        .filter_map(|code| tax.state(code))
        .map(|state| state.name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn line_amount(take_home: &TakeHome, id: &str) -> i64 {
    take_home
        .lines
        .iter()
        .filter(|line| line.id == id)
        .map(|line| line.amount)
        .sum()
}

fn row(model: &SalaryModel, taxed: &Taxed) -> PlaceRow {
    let take_home = taxed.take_home();
    let state_income_tax = line_amount(take_home, "state-income-tax");
    PlaceRow {
        place: taxed.place(model),
        href: taxed.href(),
        federal_income_tax: usd(line_amount(take_home, "federal-income-tax")),
        social_security_medicare: usd(
            taxed.level(TaxLevel::Federal) - line_amount(take_home, "federal-income-tax")
        ),
        state_income_tax: usd(state_income_tax),
        state_payroll: usd(taxed.level(TaxLevel::State) - state_income_tax),
        local: usd(taxed.level(TaxLevel::Local)),
        rate: share_percent(take_home.effective_rate),
        year: usd(take_home.year),
        month: usd(take_home.month),
    }
}

fn filing_of(code: &Shortcode<'_>) -> Result<Filing, String> {
    code.get("filing")
        .unwrap_or("single")
        .parse()
        .map_err(|e: crate::tax::TaxError| e.to_string())
}

/// A table's caption: whose pay, how filed, for which tax year.
fn caption(
    model: &SalaryModel,
    code: &Shortcode<'_>,
    filing: Filing,
    across: &str,
) -> Result<String, String> {
    let pay = match code.get("wage") {
        Some(wage) => {
            let dollars: i64 = wage
                .parse()
                .map_err(|_| format!("wage `{wage}` must be whole dollars"))?;
            format!("{} of wages", usd(dollars))
        }
        None => "the market median for the profile".to_owned(),
    };
    Ok(format!(
        "Take-home pay on {pay} a year {across}, filing {}, tax year {}.",
        filing.label().to_lowercase(),
        model.tax.tax_year
    ))
}

fn describe(model: &SalaryModel, taxed: &Taxed) -> String {
    let take_home = taxed.take_home();
    format!(
        "{}: {} of wages, filing {}, tax year {}",
        taxed.place(model),
        usd(i64::try_from(take_home.wages).unwrap_or(i64::MAX)),
        take_home.filing.label().to_lowercase(),
        model.tax.tax_year
    )
}

fn usd_u64(amount: u64) -> String {
    usd(i64::try_from(amount).unwrap_or(i64::MAX))
}

/// A rate from the tax tables as written: 0.062 → "6.2%", 0.03876 →
/// "3.876%"; exact, since a rate holds whole millionths.
pub(super) fn rate_percent(rate: Rate) -> String {
    // Millionths to a percent: four decimal places at most.
    let whole = rate.0 / 10_000;
    let fraction = rate.0 % 10_000;
    if fraction == 0 {
        format!("{whole}%")
    } else {
        let digits = format!("{fraction:04}");
        format!("{whole}.{}%", digits.trim_end_matches('0'))
    }
}

/// A share computed from dollars, as readers see it: one decimal place.
fn share_percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

#[derive(Template)]
#[template(path = "shortcodes/figure_link.html")]
struct TakeHomeLink {
    href: String,
    text: String,
    title: String,
}

#[derive(Template)]
#[template(
    source = r#"<span class="derived-figure" title="{{ title }}">{{ text }}</span>"#,
    ext = "html"
)]
struct TakeHomeGap {
    text: String,
    title: String,
}

#[derive(Template)]
#[template(path = "shortcodes/cited_figure.html")]
struct TaxSourceLink {
    text: String,
    title: String,
    /// The anchor on /sources: tax sources are listed as `tax-{id}`.
    source: String,
}

struct PlaceRow {
    place: String,
    href: String,
    federal_income_tax: String,
    social_security_medicare: String,
    state_income_tax: String,
    state_payroll: String,
    local: String,
    rate: String,
    year: String,
    month: String,
}

#[derive(Template)]
#[template(path = "shortcodes/take_home_table.html")]
struct TakeHomeTable {
    id: String,
    caption: String,
    rows: Vec<PlaceRow>,
}

struct StateRow {
    name: String,
    href: String,
    income_tax: String,
    payroll: String,
    year: String,
    /// How much less it keeps than the first row.
    behind: String,
}

#[derive(Template)]
#[template(path = "shortcodes/take_home_states.html")]
struct StatesTable {
    id: String,
    caption: String,
    rows: Vec<StateRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_print_as_the_data_file_writes_them() {
        assert_eq!(rate_percent(Rate(62_000)), "6.2%");
        assert_eq!(rate_percent(Rate(14_500)), "1.45%");
        assert_eq!(rate_percent(Rate(9_000)), "0.9%");
        assert_eq!(rate_percent(Rate(38_760)), "3.876%");
        assert_eq!(rate_percent(Rate(370_000)), "37%");
        assert_eq!(rate_percent(Rate(1_000)), "0.1%");
    }

    #[test]
    fn places_name_a_home_city_or_a_home_state() {
        let pairs = |spec| place_pairs(spec);
        assert_eq!(
            pairs("new-york:new-york-city"),
            [
                ("location".to_owned(), "new-york".to_owned()),
                ("home_city".to_owned(), "new-york-city".to_owned())
            ]
        );
        assert_eq!(pairs("portland:WA")[1].0, "home_state");
        assert_eq!(pairs("seattle").len(), 1);
    }

    #[test]
    fn names_join_as_a_sentence_lists_them() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&["Texas"])), "Texas");
        assert_eq!(join_names(&names(&["A", "B"])), "A and B");
        assert_eq!(join_names(&names(&["A", "B", "C"])), "A, B and C");
    }
}
