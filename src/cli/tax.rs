//! `salary-guide tax` (hidden until the calculator shows take-home pay):
//! take-home pay on wages for tax year 2026, from the same tax tables the
//! site loads. `--json` prints the whole calculation; `--batch` answers one
//! JSON query a line on standard input (`{"wages": 100000, "filing":
//! "single", "state": "NY", "city": "new-york-city"}`) with one JSON result
//! a line, for outside checks (`tests/tax/policyengine_check.py`).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use serde::Deserialize;

use super::{Cli, load_site};
use crate::money::Usd;
use crate::tax::{Filing, TakeHome, TaxQuery, TaxTables};

/// Flags of `salary-guide tax`.
#[derive(Debug, Clone, clap::Args)]
pub struct TaxArgs {
    /// Yearly wages in whole dollars.
    #[arg(long, required_unless_present = "batch")]
    wages: Option<u64>,
    /// `single` or `joint` (married filing jointly, one earner).
    #[arg(long, default_value = "single")]
    filing: String,
    /// Home state's two-letter code (`NY`).
    #[arg(long, required_unless_present = "batch")]
    state: Option<String>,
    /// Home city with a wage tax (`new-york-city`).
    #[arg(long)]
    city: Option<String>,
    /// Print the calculation as JSON.
    #[arg(long)]
    json: bool,
    /// Read JSON queries from standard input, one a line; write one JSON
    /// result (or `{"error": ...}`) a line.
    #[arg(long)]
    batch: bool,
}

/// One query, as `--batch` reads it.
#[derive(Deserialize)]
struct Query {
    wages: u64,
    filing: String,
    state: String,
    #[serde(default)]
    city: Option<String>,
}

fn answer(tables: &TaxTables, query: &Query) -> Result<TakeHome, String> {
    let filing: Filing = query.filing.parse().map_err(|e| format!("{e}"))?;
    tables
        .take_home(TaxQuery {
            wages: query.wages,
            filing,
            state: &query.state,
            city: query.city.as_deref(),
        })
        .map_err(|e| format!("{e}"))
}

/// `salary-guide tax`.
pub fn run(cli: &Cli, args: &TaxArgs) -> ExitCode {
    let site = match load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    if args.batch {
        return batch(&site.model.tax);
    }
    let query = Query {
        wages: args.wages.unwrap_or_default(),
        filing: args.filing.clone(),
        state: args.state.clone().unwrap_or_default(),
        city: args.city.clone(),
    };
    match answer(&site.model.tax, &query) {
        Ok(result) if args.json => match serde_json::to_string_pretty(&result) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        },
        Ok(result) => {
            for line in &result.lines {
                println!("{:<52} {:>12}", line.label, Usd(line.amount).to_string());
            }
            println!("{:<52} {:>12}", "All taxes", Usd(result.total).to_string());
            println!(
                "{:<52} {:>12}",
                "Take-home a year",
                Usd(result.year).to_string()
            );
            println!(
                "{:<52} {:>12}",
                "Take-home a month",
                Usd(result.month).to_string()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn batch(tables: &TaxTables) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Query>(&line)
            .map_err(|e| e.to_string())
            .and_then(|query| answer(tables, &query));
        let json = match result {
            Ok(result) => serde_json::to_string(&result),
            Err(error) => serde_json::to_string(&serde_json::json!({ "error": error })),
        };
        match json {
            Ok(json) if writeln!(out, "{json}").is_ok() => {}
            _ => return ExitCode::FAILURE,
        }
    }
    ExitCode::SUCCESS
}
