//! The command line: `serve` (the default), `estimate`, `check` and `export`.
//!
//! Flags shared by every command (`--content`, `--static`, `--bind`,
//! `--base-url`, `--log-format`) can also be set through environment variables,
//! so a deployment configures the site without a wrapper script.

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::content::Site;
use crate::content::files::FileTree;
use crate::estimator::{self, Estimate, FactorKind, ProfileQuery, SalaryModel};
use crate::money::{signed_usd, usd};
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
    Serve(ServeArgs),
    /// Print a salary estimate, explained factor by factor.
    Estimate(EstimateArgs),
    /// Compare two or three scenarios, each a calculator query string:
    /// `--a 'years=4&location=austin' --b 'years=4&location=seattle'`.
    Compare(crate::compare_cli::CompareArgs),
    /// Load and validate all content and data; exit non-zero on any problem.
    Check,
    /// Write every content page and static file as plain files, for a CDN or
    /// any static file host.
    Export(ExportArgs),
}

/// Options of `serve`.
#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// Reload guides and data when a file under --content changes, keeping the
    /// last good version when a change has errors (for authors; needs --content).
    #[arg(long)]
    pub watch: bool,
    /// Worker threads, each with its own event loop; default: one per core
    /// this process may run on (its CPU affinity and cgroup quota count, so
    /// `taskset -c 0` gives one).
    #[arg(long, env = "SALARY_GUIDE_WORKERS", value_name = "N")]
    pub workers: Option<NonZeroUsize>,
}

impl ServeArgs {
    /// How many workers to run: as asked, else one per core the process may use.
    pub fn worker_count(&self) -> usize {
        self.workers
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

/// Options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write into; created if missing. Files already there with
    /// the same names are replaced, others are left alone.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Where the running server is, for the forms that need it (the
    /// calculator and search): an absolute http(s) URL without a path, such as
    /// `https://app.example.com`. Leave it out when the CDN sends `/calculator`,
    /// `/search` and `/api/` to the server under the same host.
    #[arg(long, env = "SALARY_GUIDE_SERVER_ORIGIN", value_name = "URL")]
    pub server_origin: Option<BaseUrl>,
}

/// A profile, as on the calculator form.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Years of professional experience, 0 to 50.
    #[arg(long)]
    pub years: String,
    /// Location id (see /api/v1/options), default `us`.
    #[arg(long)]
    pub location: Option<String>,
    /// Industry id.
    #[arg(long)]
    pub industry: Option<String>,
    /// Company size id.
    #[arg(long)]
    pub company_size: Option<String>,
    /// Main language id.
    #[arg(long)]
    pub language: Option<String>,
    /// Work arrangement: onsite, hybrid or remote.
    #[arg(long)]
    pub work_arrangement: Option<String>,
    /// Location id of where you live, when pay is set elsewhere (a remote
    /// job): sets buying power only.
    #[arg(long)]
    pub home: Option<String>,
    /// Skill ids, comma-separated or repeated.
    #[arg(long = "skills", alias = "skill", value_delimiter = ',')]
    pub skills: Vec<String>,
    /// Certification ids, comma-separated or repeated.
    #[arg(
        long = "certifications",
        alias = "certification",
        value_delimiter = ','
    )]
    pub certifications: Vec<String>,
    /// `salaried` (default) or `freelance`: freelance shows an hourly rate to bill.
    #[arg(long)]
    pub employment: Option<String>,
    /// A job offer's yearly base salary, to see where it sits and what to counter.
    #[arg(long)]
    pub offer: Option<String>,
    /// The offer's yearly bonus.
    #[arg(long)]
    pub offer_bonus: Option<String>,
    /// The offer's yearly equity value (or give the whole grant instead).
    #[arg(long)]
    pub offer_equity: Option<String>,
    /// The offer's one-time signing bonus.
    #[arg(long)]
    pub offer_signing: Option<String>,
    /// The offer's equity grant: its whole value, vesting over four years.
    #[arg(long)]
    pub offer_grant: Option<String>,
    /// The grant's vesting schedule id (see /api/v1/options).
    #[arg(long)]
    pub offer_vesting: Option<String>,
    /// Print the API's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl From<&EstimateArgs> for ProfileQuery {
    fn from(args: &EstimateArgs) -> Self {
        ProfileQuery {
            years: Some(args.years.clone()),
            location: args.location.clone(),
            industry: args.industry.clone(),
            company_size: args.company_size.clone(),
            language: args.language.clone(),
            work_arrangement: args.work_arrangement.clone(),
            home: args.home.clone(),
            skills: args.skills.clone(),
            certifications: args.certifications.clone(),
            employment: args.employment.clone(),
            offer: args.offer.clone(),
            offer_bonus: args.offer_bonus.clone(),
            offer_equity: args.offer_equity.clone(),
            offer_signing: args.offer_signing.clone(),
            offer_grant: args.offer_grant.clone(),
            offer_vesting: args.offer_vesting.clone(),
        }
    }
}

/// Loads content from the configured tree, printing every problem on failure.
pub fn load_site(cli: &Cli) -> Result<Site, ExitCode> {
    Site::load(&FileTree::content(cli.content.as_deref())).map_err(|errors| {
        eprintln!("The content has {} problem(s):", errors.0.len());
        for error in &errors.0 {
            eprintln!("  {error}");
        }
        ExitCode::FAILURE
    })
}

/// Loads static files from the configured tree.
pub fn load_statics(cli: &Cli) -> Result<StaticFiles, ExitCode> {
    StaticFiles::load(&FileTree::statics(cli.static_dir.as_deref())).map_err(|error| {
        eprintln!("Could not read static files: {error}");
        ExitCode::FAILURE
    })
}

/// `salary-guide check`.
pub fn check(cli: &Cli) -> ExitCode {
    let site = match load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    let statics = match load_statics(cli) {
        Ok(statics) => statics,
        Err(code) => return code,
    };
    let model = &site.model;
    println!(
        "ok: {} guides, {} sources, {} locations, {} static files; data version {} ({})",
        site.guides.len(),
        model.sources.len(),
        model.factor(FactorKind::Location).values.len(),
        statics.len(),
        model.version,
        model.updated
    );
    ExitCode::SUCCESS
}

/// `salary-guide estimate`.
pub fn estimate(cli: &Cli, args: &EstimateArgs) -> ExitCode {
    let site = match load_site(cli) {
        Ok(site) => site,
        Err(code) => return code,
    };
    let model = &site.model;
    let result = ProfileQuery::from(args)
        .validate(model)
        .and_then(|input| estimator::estimate(model, &input));
    let estimate = match result {
        Ok(estimate) => estimate,
        Err(error) => {
            for field in &error.errors {
                eprintln!("--{}: {}", field.field.replace('_', "-"), field.error);
            }
            return ExitCode::from(2);
        }
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&estimate) {
            Ok(json) => json,
            Err(error) => {
                eprintln!("could not write JSON: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        render_table(model, &estimate)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{text}");
    ExitCode::SUCCESS
}

/// The buying-power sentence, as the calculator page says it.
fn buying_power_line(model: &SalaryModel, estimate: &Estimate) -> String {
    let living = &estimate.cost_of_living;
    let place = model
        .factor(FactorKind::Location)
        .value(estimate.input.living_place())
        .map_or("", |value| value.label.as_str());
    format!(
        "\nBuying power: the median buys what {} would at average US prices, since prices where you live ({place}) run at {:.1} and housing rents at {:.1} against 100 for the whole country (BEA, {}).",
        usd(living.adjusted_median),
        living.price_level,
        living.housing_level,
        living.year,
    )
}

/// The freelance rate's arithmetic, one row per step, low and high end.
fn hourly_steps(hourly: &estimator::HourlyRate) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Step", "Low end", "High end"]);
    for step in &hourly.steps {
        let show = |value: i64| match step.unit {
            "hours_per_year" => crate::money::hours(value),
            "usd_per_hour" => format!("{} an hour", usd(value)),
            _ => usd(value),
        };
        table.add_row([step.label.clone(), show(step.low), show(step.high)]);
    }
    for index in [1, 2] {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// The two published checks beside the estimate, with what each measures.
fn cross_check_text(estimate: &Estimate) -> String {
    let check = &estimate.cross_check;
    let survey = &check.survey;
    format!(
        "\n\nCompared with published figures:\n  {} ({}): 10th {}, 25th {}, median {}, 75th {}, 90th {}.\n  {}\n  {} ({}): median {} total pay.\n  {}",
        check.label,
        check.period,
        usd(check.p10),
        usd(check.p25),
        usd(check.median),
        usd(check.p75),
        usd(check.p90),
        check.note,
        survey.label,
        survey.period,
        usd(survey.median),
        survey.note,
    )
}

fn render_table(model: &SalaryModel, estimate: &Estimate) -> String {
    let base = &estimate.base;
    let mut summary = Table::new();
    summary
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(["10th", "25th", "Median", "75th", "90th"]);
    summary.add_row([base.p10, base.p25, base.median, base.p75, base.p90].map(usd));
    for column in summary.column_iter_mut() {
        column.set_cell_alignment(CellAlignment::Right);
    }

    let mut breakdown = Table::new();
    breakdown
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Factor", "Your answer", "Multiplier", "Effect", "Sources"]);
    for (i, row) in estimate.factors.iter().enumerate() {
        let factor = FactorKind::from_key(row.factor)
            .map(|kind| model.factor(kind).label.clone())
            .unwrap_or_else(|| match row.factor {
                "experience" => "Experience".to_owned(),
                _ => "Premium cap".to_owned(),
            });
        let (multiplier, effect) = if i == 0 {
            ("start".to_owned(), usd(row.effect))
        } else {
            (format!("×{:.3}", row.multiplier), signed_usd(row.effect))
        };
        breakdown.add_row([
            factor,
            row.label.clone(),
            multiplier,
            effect,
            row.sources.join(", "),
        ]);
    }
    breakdown.add_row([
        "Estimated median".to_owned(),
        String::new(),
        String::new(),
        usd(base.median),
        String::new(),
    ]);
    for index in [2, 3] {
        if let Some(column) = breakdown.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut what_if = Table::new();
    what_if
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "#",
            "What would raise your median most",
            "Median +",
            "Read more",
        ]);
    for (i, idea) in estimate.what_if.iter().enumerate() {
        what_if.add_row([
            (i + 1).to_string(),
            idea.change.clone(),
            signed_usd(idea.delta),
            idea.guide.clone(),
        ]);
    }
    let total = &estimate.total_comp;
    let equity_note = if total.equity_counted_as_cash {
        "including stock"
    } else {
        "plus equity not counted as cash"
    };
    let hourly = &estimate.hourly;
    let mut text = format!(
        "Yearly base salary estimate: {} ({})\n{summary}\n\nHow the median is built:\n{breakdown}\n\n{what_if}\n\nTotal pay at the median: {} to {} ({equity_note}: {} to {}).\n{}: {} to {} an hour.\nConfidence: {}.{}",
        estimator::years_phrase(estimate.input.years),
        estimate.level_label,
        usd(total.low),
        usd(total.high),
        usd(total.equity.low),
        usd(total.equity.high),
        if hourly.basis == "freelance" {
            "Freelance rate"
        } else {
            "Hourly equivalent"
        },
        usd(hourly.low),
        usd(hourly.high),
        estimate.confidence,
        estimate
            .confidence_notes
            .iter()
            .map(|note| format!(" {note}"))
            .collect::<String>(),
    );
    if hourly.basis == "freelance" {
        text.push_str(&format!(
            "\n\nHow the freelance rate is built:\n{}",
            hourly_steps(hourly)
        ));
    }
    text.push_str(&cross_check_text(estimate));
    text.push_str(&buying_power_line(model, estimate));
    if let Some(offer) = &estimate.offer {
        text.push_str(&format!(
            "\n\nOffer check: a base of {} is {} the market band (percentile {}). Counter with {}.\n",
            usd(offer.offer.base),
            offer.verdict,
            offer.percentile,
            usd(offer.counter)
        ));
        let cash = &offer.cash;
        for year in &cash.years {
            text.push_str(&format!(
                "  Year {}: {} (base {}, bonus at target {}, equity {}{}, signing {})\n",
                year.year,
                usd(year.total),
                usd(year.base),
                usd(year.bonus),
                usd(year.equity),
                if cash.equity_counted_as_cash {
                    ""
                } else {
                    ", private shares not counted as cash"
                },
                usd(year.signing),
            ));
        }
        text.push_str(&format!(
            "  Four years: {} (guaranteed {}, at risk {}).\n",
            usd(cash.four_year_total),
            usd(cash.guaranteed),
            usd(cash.at_risk),
        ));
        for line in &offer.script {
            text.push_str(&format!("  {line}\n"));
        }
    }
    text.push_str(&format!(
        "\nData version {}. Sources: see /sources or --json.",
        estimate.data_version
    ));
    text
}
