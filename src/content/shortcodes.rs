//! Live figures inside guides: `{{ name key=value ... }}` shortcodes.
//!
//! A guide never types a salary: it names a profile, and the figure is computed
//! by the same estimator the calculator uses, when content loads. Each figure
//! links to the calculator pre-filled with that profile, so a reader can check it.
//!
//! | shortcode | renders |
//! |---|---|
//! | `pay years=4 stat=median [profile]` | one dollar figure (stat: p10, p25, median, p75, p90) |
//! | `range years=4 [profile]` | the p25–p75 range |
//! | `total_pay years=8 [part=total] [profile]` | total pay at the median: `total`, `bonus` or `equity` as a low–high range |
//! | `factor factor=language value=go` | a factor's effect as a signed percent |
//! | `figure id=bls-software-developers-median [period=show]` | a cited published figure ("$135,980", "15.8%"), with its period if asked |
//! | `figure_range low=ID high=ID [period=show]` | two cited figures of one unit as a range ("$74,000–$90,000", "20–24%") |
//! | `hourly years=6 [employment=freelance] [profile]` | the hourly range ("$82–$106 an hour") |
//! | `freelance_steps years=6 [profile]` | the freelance rate's steps, each with its source |
//! | `freelance_step years=6 step=billable_hours [profile]` | one line of that arithmetic, low–high (once where both ends agree) |
//! | `level_table [profile]` | p25 / median / p75 for each experience level |
//! | `metro_table years=4 [limit=10] [order=lowest]` | metros ranked by median |
//! | `buying_power_table years=6` | metros ranked by what the median buys at local prices |
//! | `buying_power years=6 location=miami` | the median in national dollars where it is spent |
//! | `vesting_table` | each vesting schedule's share of a grant, year by year |
//! | `factor_table factor=industry` | every value of a factor with its evidence |
//!
//! Profile keys: location, industry, company_size, language, work (or
//! work_arrangement), skills and certifications (comma-separated lists).

use askama::Template;

use super::markdown::MarkdownError;
use crate::estimator::{
    self, Choices, Estimate, EstimateInput, FactorKind, Figure, FigureUnit, SalaryModel,
    format_years, years_phrase,
};
use crate::money::usd;

/// One shortcode as written: its name and `key=value` arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode<'a> {
    /// The shortcode's name.
    pub name: &'a str,
    /// Its arguments, in order.
    pub args: Vec<(&'a str, &'a str)>,
}

impl Shortcode<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.args.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    fn allow_only(&self, keys: &[&str]) -> Result<(), String> {
        match self.args.iter().find(|(k, _)| !keys.contains(k)) {
            Some((key, _)) => Err(format!(
                "`{}` takes no argument `{key}` (it takes: {})",
                self.name,
                keys.join(", ")
            )),
            None => Ok(()),
        }
    }
}

fn parse(inner: &str) -> Result<Shortcode<'_>, String> {
    let mut parts = inner.split_whitespace();
    let name = parts.next().ok_or("empty shortcode `{{ }}`")?;
    let args = parts
        .map(|part| {
            part.split_once('=')
                .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                .ok_or_else(|| format!("argument `{part}` of `{name}` must be key=value"))
        })
        .collect::<Result<_, _>>()?;
    Ok(Shortcode { name, args })
}

/// Replaces every shortcode in `source` with what `expand` returns for it.
pub(super) fn replace_all(
    source: &str,
    expand: &dyn Fn(&Shortcode<'_>) -> Result<String, String>,
) -> Result<String, MarkdownError> {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        let line = source[..consumed + start].lines().count().max(1)
            + usize::from(source[..consumed + start].ends_with('\n'));
        let error = |message: String| MarkdownError { line, message };
        let end = rest[start..]
            .find("}}")
            .ok_or_else(|| error("`{{` without a closing `}}`".to_owned()))?;
        let code = parse(&rest[start + 2..start + end]).map_err(error)?;
        out.push_str(&rest[..start]);
        out.push_str(&expand(&code).map_err(error)?);
        consumed += start + end + 2;
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The source with every shortcode removed, for counting prose words.
pub(super) fn strip(source: &str) -> String {
    replace_all(source, &|_| Ok(String::new())).unwrap_or_else(|_| source.to_owned())
}

/// Expands shortcodes against a salary model.
pub fn expand(model: &SalaryModel, code: &Shortcode<'_>) -> Result<String, String> {
    let rendered = match code.name {
        "pay" => {
            code.allow_only(&with_profile(&["years", "stat"]))?;
            let (query, estimate) = profile_estimate(model, code)?;
            let stat = code.get("stat").unwrap_or("median");
            let amount = match stat {
                "p10" => estimate.base.p10,
                "p25" => estimate.base.p25,
                "median" => estimate.base.median,
                "p75" => estimate.base.p75,
                "p90" => estimate.base.p90,
                other => {
                    return Err(format!(
                        "unknown stat `{other}` (use p10, p25, median, p75 or p90)"
                    ));
                }
            };
            FigureLink {
                href: calculator_href(&query),
                text: usd(amount),
                title: describe(&estimate),
            }
            .render()
        }
        "range" => {
            code.allow_only(&with_profile(&["years"]))?;
            let (query, estimate) = profile_estimate(model, code)?;
            FigureLink {
                href: calculator_href(&query),
                text: format!("{}–{}", usd(estimate.base.p25), usd(estimate.base.p75)),
                title: describe(&estimate),
            }
            .render()
        }
        "total_pay" => {
            code.allow_only(&with_profile(&["years", "part"]))?;
            let (query, estimate) = profile_estimate(model, code)?;
            let pay = &estimate.total_comp;
            let (low, high) = match code.get("part").unwrap_or("total") {
                "total" => (pay.low, pay.high),
                "bonus" => (pay.bonus.low, pay.bonus.high),
                "equity" => (pay.equity.low, pay.equity.high),
                other => {
                    return Err(format!(
                        "unknown part `{other}` (use total, bonus or equity)"
                    ));
                }
            };
            FigureLink {
                href: calculator_href(&query),
                text: format!("{}–{}", usd(low), usd(high)),
                title: describe(&estimate),
            }
            .render()
        }
        "factor" => {
            code.allow_only(&["factor", "value"])?;
            let kind = factor_kind(code)?;
            let id = code.get("value").ok_or("`factor` needs value=ID")?;
            let value = model
                .factor(kind)
                .value(id)
                .ok_or_else(|| format!("unknown {} `{id}`", kind.key()))?;
            Ok(signed_percent(value.multiplier))
        }
        "figure" => {
            code.allow_only(&["id", "period"])?;
            let figure = lookup_figure(model, code, "id")?;
            let mut text = figure_text(figure, FigureText::Whole);
            if show_period(code)? {
                text.push_str(&format!(" ({})", figure.vintage));
            }
            cited_figure(model, &[figure], text)
        }
        "figure_range" => {
            code.allow_only(&["low", "high", "period"])?;
            let low = lookup_figure(model, code, "low")?;
            let high = lookup_figure(model, code, "high")?;
            if low.unit != high.unit {
                return Err(format!(
                    "`figure_range` needs two figures of the same unit; `{}` and `{}` differ",
                    low.id, high.id
                ));
            }
            if low.value > high.value {
                return Err(format!(
                    "`figure_range` low `{}` is above high `{}`",
                    low.id, high.id
                ));
            }
            let mut text = format!(
                "{}–{}",
                figure_text(low, FigureText::RangeStart),
                figure_text(high, FigureText::Whole)
            );
            if show_period(code)? {
                let period = if low.vintage == high.vintage {
                    low.vintage.clone()
                } else {
                    format!("{} and {}", low.vintage, high.vintage)
                };
                text.push_str(&format!(" ({period})"));
            }
            cited_figure(model, &[low, high], text)
        }
        "hourly" => {
            code.allow_only(&with_profile(&["years", "employment"]))?;
            let (query, estimate) = profile_estimate(model, code)?;
            let rate = &estimate.hourly;
            FigureLink {
                href: calculator_href(&query),
                text: format!("{}–{} an hour", usd(rate.low), usd(rate.high)),
                title: describe(&estimate),
            }
            .render()
        }
        "freelance_steps" => {
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
            FreelanceSteps {
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
            .render()
        }
        "freelance_step" => {
            code.allow_only(&with_profile(&["years", "step"]))?;
            let wanted = code.get("step").ok_or("`freelance_step` needs step=ID")?;
            let mut args: Vec<(&str, &str)> = code
                .args
                .iter()
                .filter(|(k, _)| *k != "step")
                .copied()
                .collect();
            args.push(("employment", "freelance"));
            let freelance = Shortcode {
                name: code.name,
                args,
            };
            let (query, estimate) = profile_estimate(model, &freelance)?;
            let steps = &estimate.hourly.steps;
            let step = steps.iter().find(|s| s.step == wanted).ok_or_else(|| {
                let known: Vec<&str> = steps.iter().map(|s| s.step).collect();
                format!("unknown step `{wanted}` (use {})", known.join(", "))
            })?;
            let (low, high) = match step.unit {
                "hours_per_year" => (
                    crate::money::hours(step.low),
                    crate::money::hours(step.high),
                ),
                _ => (usd(step.low), usd(step.high)),
            };
            let mut text = if low == high {
                low
            } else {
                format!("{low}–{}", high.trim_end_matches(" hours"))
            };
            if step.unit == "hours_per_year" && !text.ends_with(" hours") {
                text.push_str(" hours");
            }
            match step.unit {
                "usd_per_hour" => text.push_str(" an hour"),
                "usd_per_year" => text.push_str(" a year"),
                _ => {}
            }
            FigureLink {
                href: calculator_href(&query),
                text,
                title: format!("{}: {}", step.label, describe(&estimate)),
            }
            .render()
        }
        "level_table" => {
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
            LevelTable {
                id: table_id(code),
                rows,
            }
            .render()
        }
        "metro_table" => {
            code.allow_only(&["years", "limit", "order"])?;
            let (_, national) = profile_estimate(model, code)?;
            let limit = match code.get("limit") {
                Some(text) => text
                    .parse::<usize>()
                    .map_err(|_| format!("limit `{text}` must be a whole number"))?,
                None => usize::MAX,
            };
            let lowest_first = match code.get("order").unwrap_or("highest") {
                "highest" => false,
                "lowest" => true,
                other => return Err(format!("order `{other}` must be highest or lowest")),
            };
            let mut metros = metro_estimates(model, &national)?;
            metros.sort_by_key(|(estimate, _)| std::cmp::Reverse(estimate.base.median));
            if lowest_first {
                metros.reverse();
            }
            let rows = metros
                .into_iter()
                .take(limit)
                .map(|(estimate, label)| TableRow {
                    label,
                    detail: signed_percent(
                        estimate.base.median as f64 / national.base.median as f64,
                    ),
                    p25: usd(estimate.base.p25),
                    median: usd(estimate.base.median),
                    p75: usd(estimate.base.p75),
                    href: calculator_href(&estimate.input.query_pairs()),
                })
                .collect();
            MetroTable {
                id: table_id(code),
                rows,
                years: years_phrase(national.input.years),
                national: usd(national.base.median),
            }
            .render()
        }
        "buying_power" => {
            code.allow_only(&with_profile(&["years"]))?;
            let (query, estimate) = profile_estimate(model, code)?;
            FigureLink {
                href: calculator_href(&query),
                text: usd(estimate.cost_of_living.adjusted_median),
                title: format!(
                    "Median in national dollars at a price level of {:.1} (BEA, {}); {}",
                    estimate.cost_of_living.price_level,
                    estimate.cost_of_living.year,
                    describe(&estimate)
                ),
            }
            .render()
        }
        "buying_power_table" => {
            code.allow_only(&["years"])?;
            let (_, national) = profile_estimate(model, code)?;
            let mut metros = metro_estimates(model, &national)?;
            // Rank by pay first, to show how far each metro moves.
            metros.sort_by_key(|(estimate, _)| std::cmp::Reverse(estimate.base.median));
            let pay_rank: Vec<String> = metros.iter().map(|(e, _)| location_of(e)).collect();
            metros.sort_by_key(|(estimate, _)| {
                std::cmp::Reverse(estimate.cost_of_living.adjusted_median)
            });
            let rows = metros
                .into_iter()
                .enumerate()
                .map(|(rank, (estimate, label))| {
                    let id = location_of(&estimate);
                    let by_pay = pay_rank.iter().position(|l| *l == id).unwrap_or(rank);
                    let parity = model.cost_of_living.of(&id);
                    BuyingPowerRow {
                        label,
                        state: parity.and_then(|p| p.state.clone()),
                        median: usd(estimate.base.median),
                        price_level: format!("{:.1}", estimate.cost_of_living.price_level),
                        housing_level: format!("{:.1}", estimate.cost_of_living.housing_level),
                        buying_power: usd(estimate.cost_of_living.adjusted_median),
                        moved: places_moved(by_pay, rank),
                        href: calculator_href(&estimate.input.query_pairs()),
                    }
                })
                .collect();
            BuyingPowerTable {
                id: table_id(code),
                rows,
                years: years_phrase(national.input.years),
                national: usd(national.base.median),
                year: model.cost_of_living.year,
            }
            .render()
        }
        "vesting_table" => {
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
                    }
                })
                .collect();
            VestingTable {
                id: table_id(code),
                years: (1..=years).collect(),
                rows,
            }
            .render()
        }
        "factor_table" => {
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
            FactorTable {
                id: table_id(code),
                caption: factor.label.clone(),
                additive: kind.is_multi(),
                rows,
            }
            .render()
        }
        other => return Err(format!("unknown shortcode `{other}`")),
    };
    rendered.map_err(|error| format!("could not render `{}`: {error}", code.name))
}

const PROFILE_KEYS: [&str; 8] = [
    "location",
    "industry",
    "company_size",
    "language",
    "work",
    "work_arrangement",
    "skills",
    "certifications",
];

fn with_profile(extra: &[&'static str]) -> Vec<&'static str> {
    extra.iter().copied().chain(PROFILE_KEYS).collect()
}

fn lookup_figure<'m>(
    model: &'m SalaryModel,
    code: &Shortcode<'_>,
    key: &str,
) -> Result<&'m Figure, String> {
    let id = code
        .get(key)
        .ok_or_else(|| format!("`{}` needs {key}=ID", code.name))?;
    model
        .figure(id)
        .ok_or_else(|| format!("unknown figure `{id}`"))
}

fn show_period(code: &Shortcode<'_>) -> Result<bool, String> {
    match code.get("period") {
        None => Ok(false),
        Some("show") => Ok(true),
        Some(other) => Err(format!("period `{other}` must be `show`")),
    }
}

/// Whether a figure's text stands alone or opens a range, where the unit
/// words ("an hour", "years") are said once, after the high end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FigureText {
    Whole,
    RangeStart,
}

/// A published figure as readers see it: "$135,980", "$30 an hour", "15.8%",
/// "687", "12.7 years".
fn figure_text(figure: &Figure, form: FigureText) -> String {
    let number = || {
        let rounded = (figure.value * 100.0).round() / 100.0;
        format!("{rounded}")
    };
    let whole = |amount: i64| usd(amount).trim_start_matches('$').to_owned();
    match (figure.unit, form) {
        (FigureUnit::Year, _) | (FigureUnit::Hour, FigureText::RangeStart) => usd(figure.whole()),
        (FigureUnit::Hour, FigureText::Whole) => format!("{} an hour", usd(figure.whole())),
        (FigureUnit::Percent, FigureText::Whole) => format!("{}%", number()),
        (FigureUnit::Count, _) => whole(figure.whole()),
        (FigureUnit::Years, FigureText::Whole) => format!("{} years", number()),
        (FigureUnit::Percent | FigureUnit::Years, FigureText::RangeStart) => number(),
    }
}

/// A figure (or range) linked to its first source, with the label, period
/// and every source in its title.
fn cited_figure(model: &SalaryModel, figures: &[&Figure], text: String) -> askama::Result<String> {
    let mut sources: Vec<&str> = Vec::new();
    for id in figures.iter().flat_map(|f| f.sources.iter()) {
        if !sources.contains(&id.as_str()) {
            sources.push(id);
        }
    }
    let cited: Vec<String> = sources
        .iter()
        .filter_map(|id| model.source(id))
        .map(|s| format!("{} ({})", s.publisher, s.year))
        .collect();
    let described: Vec<String> = figures
        .iter()
        .map(|f| format!("{}, {}", f.label, f.vintage))
        .collect();
    CitedFigure {
        text,
        title: format!("{}: {}", described.join("; "), cited.join("; ")),
        source: sources.first().map(|s| (*s).to_owned()).unwrap_or_default(),
    }
    .render()
}

fn factor_kind(code: &Shortcode<'_>) -> Result<FactorKind, String> {
    let key = code.get("factor").ok_or("needs factor=NAME")?;
    FactorKind::from_key(key).ok_or_else(|| format!("unknown factor `{key}`"))
}

fn list(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

fn profile_estimate(
    model: &SalaryModel,
    code: &Shortcode<'_>,
) -> Result<(Vec<(String, String)>, Estimate), String> {
    let years_text = code.get("years").ok_or("needs years=N")?;
    let years: f64 = years_text
        .parse()
        .map_err(|_| format!("years `{years_text}` must be a number"))?;
    let input = EstimateInput {
        years,
        choices: Choices {
            location: code.get("location").map(str::to_owned),
            industry: code.get("industry").map(str::to_owned),
            company_size: code.get("company_size").map(str::to_owned),
            language: code.get("language").map(str::to_owned),
            work_arrangement: code
                .get("work")
                .or(code.get("work_arrangement"))
                .map(str::to_owned),
            skills: list(code.get("skills")),
            certifications: list(code.get("certifications")),
        },
        employment: match code.get("employment") {
            None | Some("salaried") => estimator::Employment::Salaried,
            Some("freelance") => estimator::Employment::Freelance,
            Some(other) => {
                return Err(format!(
                    "employment `{other}` must be salaried or freelance"
                ));
            }
        },
        ..EstimateInput::default()
    };
    let estimate = estimator::estimate(model, &input).map_err(|e| e.to_string())?;
    Ok((input.query_pairs(), estimate))
}

/// An id for a table's caption, from the shortcode as written, so the same
/// table always gets the same id and different tables on a page differ.
/// The national profile's estimate in every metro, with the metro's label.
fn metro_estimates(
    model: &SalaryModel,
    national: &Estimate,
) -> Result<Vec<(Estimate, String)>, String> {
    let locations = model.factor(FactorKind::Location);
    locations
        .values
        .iter()
        .filter(|value| Some(&value.id) != locations.default.as_ref())
        .map(|value| {
            let mut input = national.input.clone();
            input.choices.location = Some(value.id.clone());
            let estimate = estimator::estimate(model, &input).map_err(|e| e.to_string())?;
            Ok((estimate, value.label.clone()))
        })
        .collect()
}

fn location_of(estimate: &Estimate) -> String {
    estimate.input.choices.location.clone().unwrap_or_default()
}

/// How many places a metro climbs (+3) or falls (−2) from its rank by pay
/// to its rank by buying power.
fn places_moved(by_pay: usize, by_buying_power: usize) -> String {
    match by_pay as i64 - by_buying_power as i64 {
        0 => "0".to_owned(),
        up if up > 0 => format!("+{up}"),
        down => format!("−{}", -down),
    }
}

/// A share as a whole percent: 0.05 → "5%".
fn whole_percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// One vesting schedule: each year's share of the grant and the share vested by then.
struct VestingRow {
    label: String,
    /// (vests that year, vested by the end of it), per year.
    years: Vec<(String, String)>,
    sources: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "shortcodes/vesting_table.html")]
struct VestingTable {
    id: String,
    /// Year numbers, for the header.
    years: Vec<usize>,
    rows: Vec<VestingRow>,
}

fn table_id(code: &Shortcode<'_>) -> String {
    let mut text = code.name.to_owned();
    for (key, value) in &code.args {
        text.push_str(&format!(" {key} {value}"));
    }
    format!("table-{}", super::markdown::slugify(&text))
}

fn calculator_href(query: &[(String, String)]) -> String {
    let encoded = serde_html_form::to_string(query).unwrap_or_default();
    format!("/calculator?{encoded}")
}

fn describe(estimate: &Estimate) -> String {
    format!(
        "Calculator estimate for {}, data version {}",
        years_phrase(estimate.input.years),
        estimate.data_version
    )
}

/// A multiplier as readers see it: 1.07 → "+7%", 0.92 → "−8%", 1.0 → "0%".
pub fn signed_percent(multiplier: f64) -> String {
    let percent = ((multiplier - 1.0) * 100.0).round() as i64;
    match percent {
        0 => "0%".to_owned(),
        p if p > 0 => format!("+{p}%"),
        p => format!("−{}%", -p),
    }
}

#[derive(Template)]
#[template(path = "shortcodes/figure_link.html")]
struct FigureLink {
    href: String,
    text: String,
    title: String,
}

#[derive(Template)]
#[template(path = "shortcodes/cited_figure.html")]
struct CitedFigure {
    text: String,
    title: String,
    /// The source entry on /sources the figure links to.
    source: String,
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
    /// The state whose prices stand in, where BEA has no figure for the metro.
    state: Option<String>,
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

/// Sources as the tables link them: each id the data file knows, with
/// "Publisher (year)".
fn cited_links(model: &SalaryModel, ids: &[String]) -> Vec<(String, String)> {
    ids.iter()
        .filter_map(|id| model.source(id))
        .map(|s| (s.id.clone(), format!("{} ({})", s.publisher, s.year)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_name_and_arguments() {
        let code = parse(" pay years=4 stat=p25 ").unwrap();
        assert_eq!(code.name, "pay");
        assert_eq!(code.args, [("years", "4"), ("stat", "p25")]);
        assert!(parse("pay years").is_err());
        assert!(parse("  ").is_err());
    }

    fn model() -> SalaryModel {
        crate::estimator::bundled::model()
    }

    fn render(model: &SalaryModel, inner: &str) -> Result<String, String> {
        expand(model, &parse(inner).unwrap())
    }

    #[test]
    fn figures_render_in_their_units_with_periods_and_ranges() {
        let model = model();
        let median = render(
            &model,
            "figure id=bls-software-developers-median period=show",
        )
        .unwrap();
        assert!(median.contains(">$135,980 (May 2025)</a>"), "{median}");
        assert!(
            median.contains("href=\"/sources#bls-oews-2025\""),
            "{median}"
        );
        let years = render(&model, "figure id=so-2025-backend-mean-years").unwrap();
        assert!(years.contains(">12.7 years</a>"), "{years}");
        let count = render(&model, "figure id=so-2025-backend-us-respondents").unwrap();
        assert!(count.contains(">687</a>"), "{count}");
        let rates = render(
            &model,
            "figure_range low=freelance-hourly-low high=freelance-hourly-high",
        )
        .unwrap();
        assert!(rates.contains(">$30–$150 an hour</a>"), "{rates}");
        let percent = render(&model, "figure id=ecec-paid-leave-share").unwrap();
        assert!(percent.contains(">7.6%</a>"), "{percent}");
        assert!(
            render(
                &model,
                "figure_range low=freelance-hourly-high high=freelance-hourly-low"
            )
            .is_err()
        );
        assert!(
            render(
                &model,
                "figure_range low=ecec-paid-leave-share high=freelance-hourly-high"
            )
            .is_err()
        );
        assert!(render(&model, "figure id=ecec-paid-leave-share period=yes").is_err());
    }

    #[test]
    fn hourly_rates_and_freelance_steps_come_from_the_calculator() {
        let model = model();
        let input = EstimateInput {
            years: 6.0,
            employment: estimator::Employment::Freelance,
            ..EstimateInput::default()
        };
        let rate = estimator::estimate(&model, &input).unwrap().hourly;
        let text = render(&model, "hourly years=6 employment=freelance").unwrap();
        assert!(
            text.contains(&format!("{}–{} an hour", usd(rate.low), usd(rate.high))),
            "{text}"
        );
        assert!(text.contains("employment=freelance"), "{text}");
        let table = render(&model, "freelance_steps years=6").unwrap();
        assert!(
            table.contains("/sources#irs-self-employment-tax"),
            "{table}"
        );
        assert!(
            table.contains(&format!("{} an hour", usd(rate.high))),
            "{table}"
        );
        assert!(render(&model, "hourly years=6 employment=contract").is_err());
    }

    #[test]
    fn total_pay_prints_each_part_of_the_estimate_as_a_range() {
        let model = model();
        let input = EstimateInput {
            years: 8.0,
            choices: Choices {
                company_size: Some("enterprise".to_owned()),
                ..Choices::default()
            },
            ..EstimateInput::default()
        };
        let pay = estimator::estimate(&model, &input).unwrap().total_comp;
        for (part, low, high) in [
            ("total", pay.low, pay.high),
            ("bonus", pay.bonus.low, pay.bonus.high),
            ("equity", pay.equity.low, pay.equity.high),
        ] {
            let source = format!("total_pay years=8 company_size=enterprise part={part}");
            let html = expand(&model, &parse(&source).unwrap()).unwrap();
            assert!(
                html.contains(&format!("{}–{}", usd(low), usd(high))),
                "{part}: {html}"
            );
            assert!(html.contains("company_size=enterprise"), "{html}");
        }
        let bad = parse("total_pay years=8 part=stock").unwrap();
        assert!(expand(&model, &bad).unwrap_err().contains("unknown part"));
    }

    #[test]
    fn freelance_step_prints_one_line_of_the_freelance_arithmetic() {
        let model = model();
        let input = EstimateInput {
            years: 6.0,
            employment: estimator::Employment::Freelance,
            ..EstimateInput::default()
        };
        let hourly = estimator::estimate(&model, &input).unwrap().hourly;
        let step = |id: &str| hourly.steps.iter().find(|s| s.step == id).unwrap();
        let tax = render(&model, "freelance_step years=6 step=self_employment_tax").unwrap();
        let tax_step = step("self_employment_tax");
        assert!(
            tax.contains(&format!(
                ">{}–{} a year</a>",
                usd(tax_step.low),
                usd(tax_step.high)
            )),
            "{tax}"
        );
        assert!(tax.contains("employment=freelance"), "{tax}");
        // Billable hours are the same at both ends: said once.
        let hours = render(&model, "freelance_step years=6 step=billable_hours").unwrap();
        assert!(
            hours.contains(&format!(
                ">{}</a>",
                crate::money::hours(step("billable_hours").low)
            )),
            "{hours}"
        );
        let rate = render(&model, "freelance_step years=6 step=rate").unwrap();
        assert!(rate.contains(" an hour</a>"), "{rate}");
        let unknown = render(&model, "freelance_step years=6 step=coffee").unwrap_err();
        assert!(unknown.contains("billable_hours"), "{unknown}");
    }

    #[test]
    fn buying_power_table_ranks_every_metro_by_what_its_median_buys() {
        let model = model();
        let html = render(&model, "buying_power_table years=6").unwrap();
        let metros = model.factor(FactorKind::Location).values.len() - 1;
        assert_eq!(html.matches("<tr><th scope=\"row\">").count(), metros);
        // Rows are in falling order of buying power: the fourth number cell.
        let powers: Vec<i64> = html
            .split("<tr><th scope=\"row\">")
            .skip(1)
            .map(|row| {
                let cell = row.split("<td class=\"num\">").nth(4).unwrap();
                cell[..cell.find('<').unwrap()]
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap()
            })
            .collect();
        assert!(powers.windows(2).all(|w| w[0] >= w[1]), "{powers:?}");
        // Each row's buying power is the estimate's own, and so is the inline figure.
        let (_, miami) = profile_estimate(
            &model,
            &parse("buying_power years=6 location=miami").unwrap(),
        )
        .unwrap();
        let adjusted = usd(miami.cost_of_living.adjusted_median);
        assert!(html.contains(&adjusted));
        let inline = render(&model, "buying_power years=6 location=miami").unwrap();
        assert!(inline.contains(&format!(">{adjusted}</a>")), "{inline}");
        // Metros priced from their state say so.
        assert!(html.contains("(Oklahoma state prices)"), "{html}");
    }

    #[test]
    fn places_moved_is_signed_against_the_pay_rank() {
        assert_eq!(places_moved(5, 2), "+3");
        assert_eq!(places_moved(2, 4), "−2");
        assert_eq!(places_moved(3, 3), "0");
    }

    #[test]
    fn vesting_table_lists_every_schedule_year_by_year() {
        let model = model();
        let html = expand(&model, &parse("vesting_table").unwrap()).unwrap();
        assert_eq!(
            html.matches("<tr><th scope=\"row\">").count(),
            model.vesting_schedules.len()
        );
        for schedule in &model.vesting_schedules {
            assert!(html.contains(&schedule.label), "{html}");
        }
        // Every schedule is fully vested by its last year.
        assert_eq!(
            html.matches("(100%)</td><td>").count(),
            model.vesting_schedules.len(),
            "{html}"
        );
        assert_eq!(whole_percent(0.05), "5%");
        assert!(expand(&model, &parse("vesting_table grant=1").unwrap()).is_err());
    }

    #[test]
    fn signed_percent_reads_naturally() {
        assert_eq!(signed_percent(1.07), "+7%");
        assert_eq!(signed_percent(0.92), "−8%");
        assert_eq!(signed_percent(1.0), "0%");
    }
}
