//! The command line for reports and moderators: `moderator add`, `reports
//! pending|approve|reject|rebuild`. The same actions as the moderators' pages,
//! for scripts.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use clap::{Args, Subcommand};
use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use super::maintenance;
use super::week_of;
use crate::cli::{self, Cli};
use crate::store::{ReportFacts, ReportStatus, Store, StoredReport};

/// `salary-guide moderator …`.
#[derive(Debug, Subcommand)]
pub enum ModeratorCommand {
    /// Create a moderator, or set a new password for one; the password is
    /// read from standard input (one line, at least 12 characters).
    Add {
        /// The name to log in with.
        name: String,
    },
}

/// `salary-guide reports …`.
#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// List reports waiting for a moderator, oldest first.
    Pending {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Approve pending reports.
    Approve(Ids),
    /// Reject pending reports, with a reason.
    Reject {
        /// The reports.
        #[command(flatten)]
        ids: Ids,
        /// Why: implausible, unit_confusion, duplicate or spam.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(REJECT_REASONS))]
        reason: String,
    },
    /// Apply retention and rebuild the published aggregates now.
    Rebuild,
}

/// Report ids, as `reports pending` lists them.
#[derive(Debug, Args)]
pub struct Ids {
    /// One or more report ids.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

/// The reasons a report can be rejected for.
pub const REJECT_REASONS: [&str; 4] = ["implausible", "unit_confusion", "duplicate", "spam"];

/// Shortest moderator password accepted.
const MIN_PASSWORD_CHARS: usize = 12;

fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            eprintln!("Could not start: {error}");
            ExitCode::FAILURE
        })
}

fn today() -> jiff::civil::Date {
    Timestamp::now().to_zoned(TimeZone::UTC).date()
}

/// Hashes a moderator's password as an Argon2id PHC string (RFC 9106 defaults).
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| error.to_string())
}

/// Whether `password` matches a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// `salary-guide moderator add NAME`.
pub fn moderator(cli: &Cli, command: &ModeratorCommand) -> ExitCode {
    let ModeratorCommand::Add { name } = command;
    let name = name.trim();
    if name.is_empty() || name.len() > 64 || name.chars().any(char::is_whitespace) {
        eprintln!("A moderator's name is 1 to 64 characters without spaces.");
        return ExitCode::from(2);
    }
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        eprintln!("Could not read the password from standard input.");
        return ExitCode::FAILURE;
    }
    let password = line.trim_end_matches(['\r', '\n']);
    if password.chars().count() < MIN_PASSWORD_CHARS {
        eprintln!("The password must be at least {MIN_PASSWORD_CHARS} characters.");
        return ExitCode::from(2);
    }
    let phc = match hash_password(password) {
        Ok(phc) => phc,
        Err(error) => {
            eprintln!("Could not hash the password: {error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async {
        let store = match cli::open_store(cli).await {
            Ok(store) => store,
            Err(code) => return code,
        };
        match store.set_moderator(name, &phc).await {
            Ok(true) => println!("Moderator {name} added."),
            Ok(false) => println!("Moderator {name}: password changed."),
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::FAILURE;
            }
        }
        store.close().await;
        ExitCode::SUCCESS
    })
}

/// A pending report as `reports pending --json` prints it.
#[derive(Debug, Serialize)]
struct PendingJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    facts: &'a ReportFacts,
    model_ratio: f64,
    flags: &'a [String],
}

/// The report's pay over the model's median, to two decimals.
pub fn model_ratio(report: &StoredReport) -> f64 {
    (report.facts.base_annual as f64 / report.facts.model_median.max(1) as f64 * 100.0).round()
        / 100.0
}

/// `salary-guide reports …`.
pub fn reports(cli: &Cli, command: &ReportsCommand) -> ExitCode {
    let site = match cli::load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async {
        let store = match cli::open_store(cli).await {
            Ok(store) => store,
            Err(code) => return code,
        };
        let code = run_reports(&store, &site.model.reports, command).await;
        store.close().await;
        code
    })
}

async fn run_reports(
    store: &Store,
    model: &crate::estimator::reports::ReportsModel,
    command: &ReportsCommand,
) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let fail = |error: crate::store::StoreError| {
        eprintln!("{error}");
        ExitCode::FAILURE
    };
    match command {
        ReportsCommand::Pending { json } => {
            let pending = match store.pending().await {
                Ok(pending) => pending,
                Err(error) => return fail(error),
            };
            let text = if *json {
                let rows: Vec<PendingJson<'_>> = pending
                    .iter()
                    .map(|r| PendingJson {
                        id: &r.id,
                        facts: &r.facts,
                        model_ratio: model_ratio(r),
                        flags: &r.flags,
                    })
                    .collect();
                serde_json::to_string_pretty(&rows).unwrap_or_default()
            } else if pending.is_empty() {
                "No reports are waiting.".to_owned()
            } else {
                pending_table(&pending)
            };
            let _ = writeln!(out, "{text}");
            ExitCode::SUCCESS
        }
        ReportsCommand::Approve(ids) => decide(store, &ids.ids, ReportStatus::Approved, None).await,
        ReportsCommand::Reject { ids, reason } => {
            decide(store, &ids.ids, ReportStatus::Rejected, Some(reason)).await
        }
        ReportsCommand::Rebuild => match maintenance::rebuild(store, model, today()).await {
            Ok(done) => {
                let _ = writeln!(
                    out,
                    "Rebuilt: {} cells published; {} reports deleted by retention. Running servers pick it up within a minute.",
                    done.cells, done.purged
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(error),
        },
    }
}

fn pending_table(pending: &[StoredReport]) -> String {
    use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header([
        "Id", "Week", "Years", "Location", "Kind", "Yearly", "Entered", "× model", "Flags",
    ]);
    for r in pending {
        table.add_row([
            r.id.clone(),
            r.facts.week.to_string(),
            r.facts.years.to_string(),
            r.facts.location.clone(),
            r.facts.employment.clone(),
            crate::money::usd(r.facts.base_annual),
            format!(
                "{} a {}",
                crate::money::usd(r.facts.amount_entered),
                r.facts.period_entered
            ),
            format!("{:.2}", model_ratio(r)),
            r.flags.join(" "),
        ]);
    }
    table.to_string()
}

async fn decide(
    store: &Store,
    ids: &[String],
    status: ReportStatus,
    reason: Option<&str>,
) -> ExitCode {
    let week = week_of(today());
    let mut missing = Vec::new();
    for id in ids {
        match store.decide(id, status, reason, week).await {
            Ok(true) => println!("{id}: {}", status.key()),
            Ok(false) => missing.push(id.as_str()),
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::FAILURE;
            }
        }
    }
    if missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("No pending report with id: {}", missing.join(", "));
        ExitCode::from(2)
    }
}
