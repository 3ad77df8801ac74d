//! `salary-guide compare`: two or three scenarios side by side on the command
//! line, each given as the calculator's query string (`--a 'years=4&location=austin'`).
//!
//! The same parser, estimator and answer as `/compare` and `/api/v1/compare`:
//! each scenario's keys get its prefix, and `--json` prints the API's JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::{Cli, load_site, published_reports};
use crate::estimator::compare::{self, Change, CompareQuery, Comparison};
use crate::money::usd;

/// Options of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario A as a calculator query, e.g. 'years=4&location=austin'.
    #[arg(long)]
    pub a: String,
    /// Scenario B, the same way.
    #[arg(long)]
    pub b: String,
    /// An optional third scenario.
    #[arg(long)]
    pub c: Option<String>,
    /// For take-home pay, every scenario that does not say: `single`
    /// (default) or `joint` (married filing jointly, one earner).
    #[arg(long)]
    pub filing: Option<String>,
    /// A city with a wage tax where you live (see /api/v1/options,
    /// `home_cities`), for every scenario that does not say.
    #[arg(long)]
    pub home_city: Option<String>,
    /// Your home state's two-letter code, for every scenario that does not
    /// say; otherwise each scenario's taxes are those of its area's state.
    #[arg(long)]
    pub home_state: Option<String>,
    /// Print the API's JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Each scenario's query with its prefix, as the compare form would send it.
fn compare_query(args: &CompareArgs) -> Result<CompareQuery, String> {
    let mut pairs = Vec::new();
    for (label, text) in [
        ("a", Some(&args.a)),
        ("b", Some(&args.b)),
        ("c", args.c.as_ref()),
    ] {
        let Some(text) = text else { continue };
        let mut scenario: Vec<(String, String)> =
            serde_html_form::from_str(text.trim_start_matches('?'))
                .map_err(|error| format!("--{label}: not a query string: {error}"))?;
        for (key, value) in [
            ("filing", &args.filing),
            ("home_city", &args.home_city),
            ("home_state", &args.home_state),
        ] {
            if let Some(value) = value
                && !scenario.iter().any(|(k, _)| k == key)
            {
                scenario.push((key.to_owned(), value.clone()));
            }
        }
        pairs.extend(
            scenario
                .into_iter()
                .map(|(key, value)| (format!("{label}.{key}"), value)),
        );
    }
    Ok(CompareQuery::from_pairs(pairs))
}

/// Runs `compare`: exit 0 with the comparison, 2 with each bad field named.
pub fn run(cli: &Cli, args: &CompareArgs) -> ExitCode {
    let site = match load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    let query = match compare_query(args) {
        Ok(query) => query,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let reports = published_reports(cli);
    let comparison = match compare::compare_with_reports(&site.model, &query, |input| {
        reports.cell_for_input(&site.model, input)
    }) {
        Ok(comparison) => comparison,
        Err(error) => {
            for field in &error.errors {
                eprintln!("{}: {}", field.field, field.error);
            }
            return ExitCode::from(2);
        }
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&comparison) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("could not write JSON: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        render(&comparison)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{text}");
    ExitCode::SUCCESS
}

/// One figure of a scenario, in words.
type ScenarioCell<'a> = dyn Fn(&compare::Scenario) -> String + 'a;

fn render(comparison: &Comparison) -> String {
    let scenarios = &comparison.scenarios;
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(
            std::iter::once(String::new()).chain(
                scenarios
                    .iter()
                    .map(|s| format!("Scenario {}", s.label.to_uppercase())),
            ),
        );
    let offer = |pick: fn(&compare::ScenarioOffer) -> i64| {
        move |s: &compare::Scenario| {
            s.offer
                .as_ref()
                .map_or_else(|| "No offer".to_owned(), |o| usd(pick(o)))
        }
    };
    let take_home = |pick: fn(&compare::ScenarioTakeHome) -> Option<i64>| {
        move |s: &compare::Scenario| {
            s.take_home
                .as_ref()
                .and_then(pick)
                .map_or_else(|| "—".to_owned(), usd)
        }
    };
    let rows: [(&str, &ScenarioCell<'_>); 16] = [
        ("Experience", &|s| {
            crate::estimator::years_phrase(s.estimate.input.years)
        }),
        ("Median base salary", &|s| usd(s.estimate.base.median)),
        ("Middle half", &|s| {
            format!(
                "{} – {}",
                usd(s.estimate.base.p25),
                usd(s.estimate.base.p75)
            )
        }),
        ("Price level (US = 100)", &|s| {
            format!("{:.1}", s.estimate.cost_of_living.price_level)
        }),
        ("Median in buying power", &|s| {
            usd(s.estimate.cost_of_living.adjusted_median)
        }),
        ("Taxes where you live", &|s| {
            s.estimate.take_home.as_ref().map_or_else(
                || "No home state".to_owned(),
                |t| match &t.city_name {
                    Some(city) => format!("{city}, {}", t.state),
                    None => t.state_name.clone(),
                },
            )
        }),
        (
            "Median take-home, a year",
            &take_home(|t| Some(t.median_year)),
        ),
        (
            "Take-home in buying power",
            &take_home(|t| Some(t.adjusted_median)),
        ),
        ("Offer: base salary", &|s| {
            s.estimate
                .offer
                .as_ref()
                .map_or_else(|| "No offer".to_owned(), |o| usd(o.offer.base))
        }),
        ("Offer: first-year cash", &offer(|o| o.first_year_cash)),
        ("Offer: four-year total", &offer(|o| o.four_year_total)),
        (
            "Four-year total in buying power",
            &offer(|o| o.adjusted_four_year_total),
        ),
        ("Offer: equity over four years", &|s| s.equity_in_words()),
        (
            "Offer: four-year take-home",
            &take_home(|t| t.offer_four_years),
        ),
        (
            "Four-year take-home in buying power",
            &take_home(|t| t.adjusted_offer_four_years),
        ),
        ("Confidence", &|s| s.estimate.confidence.to_owned()),
    ];
    for (label, cell) in rows {
        table.add_row(std::iter::once(label.to_owned()).chain(scenarios.iter().map(cell)));
    }
    for column in table.column_iter_mut().skip(1) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    // One row a measure, one column a later scenario, as on /compare.
    let mut differences = Table::new();
    differences
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(
            std::iter::once("From scenario A".to_owned()).chain(
                comparison
                    .differences
                    .iter()
                    .map(|d| format!("Scenario {}", d.label.to_uppercase())),
            ),
        );
    for (label, pick) in compare::difference_measures() {
        differences.add_row(
            std::iter::once(label.to_owned()).chain(
                comparison
                    .differences
                    .iter()
                    .map(|d| Change::in_words(pick(d))),
            ),
        );
    }
    format!(
        "{table}\n\n{differences}\n\n{}\n{}\nData version {}. Sources: see /sources or --json.",
        comparison.verdict,
        comparison.leaves_out,
        scenarios
            .first()
            .map_or("", |s| s.estimate.data_version.as_str()),
    )
}
