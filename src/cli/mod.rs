//! The command line: the parser ([`Cli`], its global flags and the
//! [`Command`]s) and the start-up steps the commands share (loading content,
//! static files and the database). Each command has its own file, which owns
//! its flags and its output; what a command *does* lives in the domain
//! modules it calls (the estimator, `reports`, `export`, `web`).
//!
//! Flags shared by every command (`--content`, `--static`, `--bind`,
//! `--base-url`, `--log-format`, …) can also be set through environment
//! variables, so a deployment configures the site without a wrapper script.
//! Only `main.rs` uses this module.

pub mod check;
pub mod compare;
pub mod estimate;
pub mod export;
pub mod logging;
pub mod moderator;
pub mod reports;
pub mod serve;
pub mod tax;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::content::Site;
use crate::content::files::FileTree;
use crate::web::{BaseUrl, SiteConfig, StaticFiles};

/// Backend Salary Guide: pay guides and a salary calculator for backend developers.
#[derive(Debug, Parser)]
#[command(name = "salary-guide", version, about)]
pub struct Cli {
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Read guides and data from this folder instead of the copy built into the binary.
    #[arg(long, global = true, env = "SALARY_GUIDE_CONTENT", value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Serve static files from this folder instead of the copy built into the binary.
    #[arg(
        long = "static",
        global = true,
        env = "SALARY_GUIDE_STATIC",
        value_name = "DIR"
    )]
    pub static_dir: Option<PathBuf>,
    /// Address and port to listen on.
    #[arg(
        long,
        global = true,
        env = "SALARY_GUIDE_BIND",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    pub bind: String,
    /// Public address of the site, for canonical links, the feed and the sitemap:
    /// an absolute http(s) URL without a path or trailing slash.
    #[arg(
        long,
        global = true,
        env = "SALARY_GUIDE_BASE_URL",
        default_value = SiteConfig::DEFAULT_BASE_URL,
        value_name = "URL"
    )]
    pub base_url: BaseUrl,
    /// Send Strict-Transport-Security, telling browsers to use HTTPS only. Turn
    /// it on only when the site is served over HTTPS.
    #[arg(long, global = true, env = "SALARY_GUIDE_HSTS")]
    pub hsts: bool,
    /// How log lines are written to standard error: `text` for people, `json`
    /// (one object a line) for a log collector. `RUST_LOG` sets the level.
    #[arg(
        long,
        global = true,
        env = "SALARY_GUIDE_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,
    /// The database of visitors' reports, for the commands that use it
    /// (`serve`, `moderator`, `reports`): `sqlite://PATH` (created and
    /// migrated on first start) or `postgres://USER@HOST/NAME` (for several
    /// servers on one database).
    #[arg(
        long,
        global = true,
        env = "SALARY_GUIDE_DATABASE_URL",
        default_value = crate::store::DEFAULT_DATABASE_URL,
        value_name = "URL"
    )]
    pub database_url: String,
}

/// The shape of log lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line, with the event's fields as keys.
    Json,
}

impl Cli {
    /// The site settings these flags describe.
    pub fn site_config(&self) -> SiteConfig {
        SiteConfig {
            base_url: self.base_url.clone(),
            hsts: self.hsts,
            ..SiteConfig::for_local()
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once per run; boxing the estimate's flags would buy nothing"
)]
pub enum Command {
    /// Serve the site over HTTP (the default).
    Serve(serve::ServeArgs),
    /// Print a salary estimate, explained factor by factor.
    Estimate(estimate::EstimateArgs),
    /// Compare two or three scenarios, each a calculator query string:
    /// `--a 'years=4&location=austin' --b 'years=4&location=seattle'`.
    Compare(compare::CompareArgs),
    /// Load and validate all content and data; exit non-zero on any problem.
    Check,
    /// Write every content page and static file as plain files, for a CDN or
    /// any static file host.
    Export(export::ExportArgs),
    /// Manage moderators of visitors' reports.
    #[command(subcommand)]
    Moderator(moderator::ModeratorCommand),
    /// List, approve, reject and aggregate visitors' reports.
    #[command(subcommand)]
    Reports(reports::ReportsCommand),
    /// Take-home pay on wages for tax year 2026 (hidden until the calculator
    /// shows it).
    #[command(hide = true)]
    Tax(tax::TaxArgs),
}

/// Loads content from the configured tree, printing every problem on failure.
fn load_site(cli: &Cli) -> Result<Site, ExitCode> {
    Site::load(&FileTree::content(cli.content.as_deref())).map_err(|errors| {
        eprintln!("The content has {} problem(s):", errors.0.len());
        for error in &errors.0 {
            eprintln!("  {error}");
        }
        ExitCode::FAILURE
    })
}

/// What to do about a database URL that does not work.
const DATABASE_URL_HINT: &str = "Set --database-url (or SALARY_GUIDE_DATABASE_URL) to sqlite://PATH or postgres://USER@HOST/NAME.";

/// Opens and migrates the database, or says which one failed and why.
async fn open_store(cli: &Cli) -> Result<crate::store::Store, ExitCode> {
    crate::store::Store::connect(&cli.database_url)
        .await
        .map_err(|error| {
            eprintln!("Could not start: {error}");
            eprintln!("{DATABASE_URL_HINT}");
            ExitCode::FAILURE
        })
}

/// Loads static files from the configured tree.
fn load_statics(cli: &Cli) -> Result<StaticFiles, ExitCode> {
    StaticFiles::load(&FileTree::statics(cli.static_dir.as_deref())).map_err(|error| {
        eprintln!("Could not read static files: {error}");
        ExitCode::FAILURE
    })
}

/// Runs a command's work against the database, on a runtime of this thread,
/// and closes the database after; says why and exits 1 when either cannot
/// start.
fn with_store(cli: &Cli, work: impl AsyncFnOnce(&crate::store::Store) -> ExitCode) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let store = match open_store(cli).await {
            Ok(store) => store,
            Err(code) => return code,
        };
        let code = work(&store).await;
        store.close().await;
        code
    })
}

/// The published report aggregates, when the database exists and answers;
/// otherwise none (an estimate never needs the database, and never creates it).
fn published_reports(cli: &Cli) -> crate::reports::snapshot::ReportsSnapshot {
    let url = &cli.database_url;
    if let Some(path) = url.strip_prefix("sqlite://")
        && !std::path::Path::new(path.split('?').next().unwrap_or(path)).exists()
    {
        return Default::default();
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Default::default();
    };
    runtime.block_on(async {
        let Ok(store) = crate::store::Store::connect(url).await else {
            eprintln!(
                "(The reports database {} did not answer: estimate without visitors' reports.)",
                crate::store::redact(url)
            );
            return Default::default();
        };
        let cells = store.aggregates().await.unwrap_or_default();
        store.close().await;
        crate::reports::snapshot::ReportsSnapshot { cells }
    })
}
