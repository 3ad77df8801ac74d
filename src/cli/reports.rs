//! `salary-guide reports pending|approve|reject|rebuild`: the moderators'
//! queue and decisions for scripts, the same actions as the moderators'
//! pages, through [`crate::reports::moderation`] and
//! [`crate::reports::maintenance`].

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use super::{Cli, load_site, with_store};
use crate::reports::maintenance;
use crate::reports::moderation::{self, Decision, REJECT_REASONS, model_ratio};
use crate::store::{ReportFacts, Store, StoredReport};

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

/// A pending report as `reports pending --json` prints it.
#[derive(Debug, Serialize)]
struct PendingJson<'a> {
    id: &'a str,
    #[serde(flatten)]
    facts: &'a ReportFacts,
    model_ratio: f64,
    flags: &'a [String],
}

fn today() -> jiff::civil::Date {
    Timestamp::now().to_zoned(TimeZone::UTC).date()
}

/// `salary-guide reports …`.
pub fn run(cli: &Cli, command: &ReportsCommand) -> ExitCode {
    let site = match load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    with_store(cli, async |store| {
        run_reports(store, &site.model.reports, command).await
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
        ReportsCommand::Approve(ids) => decide(store, &ids.ids, Decision::APPROVE).await,
        ReportsCommand::Reject { ids, reason } => match Decision::new("reject", reason) {
            Ok(decision) => decide(store, &ids.ids, decision).await,
            // clap has checked the reason already; this keeps the rule in one place.
            Err(refused) => {
                eprintln!("{refused}");
                ExitCode::from(2)
            }
        },
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

async fn decide(store: &Store, ids: &[String], decision: Decision<'_>) -> ExitCode {
    let mut missing = Vec::new();
    for id in ids {
        match moderation::decide(store, id, decision).await {
            Ok(true) => println!("{id}: {}", decision.status().key()),
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
