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
//! | `figure id=bls-software-developers-median` | a cited published figure |
//! | `level_table [profile]` | p25 / median / p75 for each experience level |
//! | `metro_table years=4 [limit=10] [order=lowest]` | metros ranked by median |
//! | `factor_table factor=industry` | every value of a factor with its evidence |
//!
//! Profile keys: location, industry, company_size, language, work (or
//! work_arrangement), skills and certifications (comma-separated lists).

use askama::Template;

use super::markdown::MarkdownError;
use crate::estimator::{
    self, Choices, Estimate, EstimateInput, FactorKind, FigureUnit, SalaryModel, format_years,
    years_phrase,
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
            code.allow_only(&["id"])?;
            let id = code.get("id").ok_or("`figure` needs id=ID")?;
            let figure = model
                .figure(id)
                .ok_or_else(|| format!("unknown figure `{id}`"))?;
            let text = match figure.unit {
                FigureUnit::Year => usd(figure.value),
                FigureUnit::Hour => format!("{} an hour", usd(figure.value)),
            };
            let sources: Vec<String> = figure
                .sources
                .iter()
                .filter_map(|id| model.source(id))
                .map(|s| format!("{} ({})", s.publisher, s.year))
                .collect();
            CitedFigure {
                text,
                title: format!(
                    "{}, {}: {}",
                    figure.label,
                    figure.vintage,
                    sources.join("; ")
                ),
                source: figure.sources.first().cloned().unwrap_or_default(),
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
            let mut metros: Vec<(Estimate, String)> = Vec::new();
            for value in &model.factor(FactorKind::Location).values {
                if Some(&value.id) == model.factor(FactorKind::Location).default.as_ref() {
                    continue;
                }
                let mut input = national.input.clone();
                input.choices.location = Some(value.id.clone());
                let estimate = estimator::estimate(model, &input).map_err(|e| e.to_string())?;
                metros.push((estimate, value.label.clone()));
            }
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
                    sources: value
                        .sources
                        .iter()
                        .filter_map(|id| model.source(id))
                        .map(|s| (s.id.clone(), format!("{} ({})", s.publisher, s.year)))
                        .collect(),
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
        ..EstimateInput::default()
    };
    let estimate = estimator::estimate(model, &input).map_err(|e| e.to_string())?;
    Ok((input.query_pairs(), estimate))
}

/// An id for a table's caption, from the shortcode as written, so the same
/// table always gets the same id and different tables on a page differ.
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

    fn test_model() -> SalaryModel {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/data/salary-model.toml"
        ))
        .unwrap();
        SalaryModel::parse(&text).unwrap()
    }

    #[test]
    fn total_pay_prints_each_part_of_the_estimate_as_a_range() {
        let model = test_model();
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
    fn signed_percent_reads_naturally() {
        assert_eq!(signed_percent(1.07), "+7%");
        assert_eq!(signed_percent(0.92), "−8%");
        assert_eq!(signed_percent(1.0), "0%");
    }
}
