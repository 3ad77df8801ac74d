//! A small command line over the tax engine, for outside checks
//! (`tests/tax/policyengine_check.py`) until the main CLI grows a `tax`
//! command: `cargo run --example take_home -- --wages 100000 --filing single
//! --state NY --city new-york-city --json`, or `--batch` to read one JSON
//! query a line on standard input (`{"wages": 100000, "filing": "single",
//! "state": "NY", "city": null}`) and write one JSON result a line.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Parser;
use salary_guide::tax::{Filing, TakeHome, TaxQuery, TaxTables};
use serde::Deserialize;

#[derive(Parser)]
#[command(about = "Take-home pay on wages for tax year 2026")]
struct Args {
    /// Yearly wages in whole dollars.
    #[arg(long, required_unless_present = "batch")]
    wages: Option<u64>,
    /// `single` or `joint`.
    #[arg(long, default_value = "single")]
    filing: String,
    /// Home state's postal code.
    #[arg(long, required_unless_present = "batch")]
    state: Option<String>,
    /// Home city with a wage tax (`new-york-city`).
    #[arg(long)]
    city: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Read JSON queries from standard input, one a line.
    #[arg(long)]
    batch: bool,
    /// The tax data file.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/content/data/tax-2026.toml"))]
    data: std::path::PathBuf,
}

#[derive(Deserialize)]
struct Query {
    wages: u64,
    filing: String,
    state: String,
    #[serde(default)]
    city: Option<String>,
}

fn run(tables: &TaxTables, query: &Query) -> Result<TakeHome, String> {
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

fn main() -> ExitCode {
    let args = Args::parse();
    let text = match std::fs::read_to_string(&args.data) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{}: {error}", args.data.display());
            return ExitCode::FAILURE;
        }
    };
    let tables = match TaxTables::parse(&text) {
        Ok(tables) => tables,
        Err(errors) => {
            for error in errors {
                eprintln!(
                    "{}: {}: {}",
                    args.data.display(),
                    error.entry,
                    error.problem
                );
            }
            return ExitCode::FAILURE;
        }
    };
    if args.batch {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            let answer = serde_json::from_str::<Query>(&line)
                .map_err(|e| e.to_string())
                .and_then(|query| run(&tables, &query));
            let json = match answer {
                Ok(result) => serde_json::to_string(&result),
                Err(error) => serde_json::to_string(&serde_json::json!({ "error": error })),
            };
            if writeln!(out, "{}", json.unwrap_or_default()).is_err() {
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let query = Query {
        wages: args.wages.unwrap_or_default(),
        filing: args.filing,
        state: args.state.unwrap_or_default(),
        city: args.city,
    };
    match run(&tables, &query) {
        Ok(result) if args.json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&result).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Ok(result) => {
            for line in &result.lines {
                println!("{:<50} {:>10}", line.label, line.amount);
            }
            println!("{:<50} {:>10}", "Total", result.total);
            println!("{:<50} {:>10}", "Take-home a year", result.year);
            println!("{:<50} {:>10}", "Take-home a month", result.month);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
