//! `salary-guide serve` (the default command): load content, static files
//! and the database, then serve the site over HTTP until SIGTERM or Ctrl-C,
//! optionally reloading content when its files change.

use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::{HttpServer, web};
use clap::Args;

use super::{Cli, DATABASE_URL_HINT, load_site, load_statics};
use crate::reports::ServerSecret;
use crate::store::Database;
use crate::web::client::{ProxyHeader, ProxyTrust};
use crate::web::{AppState, ReportSettings, build_app, refresh_forever, watch};

/// Options of `serve`.
#[derive(Debug, Args)]
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
    /// Reports accepted per client network (an IPv4 /24 or IPv6 /48) a day.
    #[arg(
        long,
        env = "SALARY_GUIDE_SUBMISSIONS_PER_DAY",
        value_name = "N",
        default_value_t = ReportSettings::DEFAULT_PER_DAY
    )]
    pub submissions_per_day: u32,
    /// The most of the pending queue one network may fill over two days, in
    /// percent of the data file's `pending_cap`; its excess is refused.
    #[arg(
        long,
        env = "SALARY_GUIDE_PENDING_SHARE_PERCENT",
        value_name = "PERCENT",
        default_value_t = ReportSettings::DEFAULT_PENDING_SHARE_PERCENT,
        value_parser = clap::value_parser!(u32).range(1..=100)
    )]
    pub pending_share_percent: u32,
    /// One reverse proxy in front: the client for the rate limits is the
    /// address it appended to `X-Forwarded-For` (the rightmost entry), never
    /// what the client wrote there. Same as --trusted-hops 1.
    #[arg(long, env = "SALARY_GUIDE_BEHIND_PROXY")]
    pub behind_proxy: bool,
    /// This many proxies in front (a CDN and a load balancer are 2), each
    /// appending to the header: the client is that many entries from the right.
    #[arg(
        long,
        env = "SALARY_GUIDE_TRUSTED_HOPS",
        value_name = "N",
        conflicts_with = "trusted_proxy"
    )]
    pub trusted_hops: Option<u8>,
    /// The proxies' own addresses (repeat, or comma-separated in the
    /// variable): the client is the rightmost address that is not one of them.
    #[arg(
        long,
        env = "SALARY_GUIDE_TRUSTED_PROXIES",
        value_name = "ADDR",
        value_delimiter = ','
    )]
    pub trusted_proxy: Vec<IpAddr>,
    /// Read the client from RFC 7239 `Forwarded` instead of `X-Forwarded-For`
    /// (only if your proxies write it and drop the client's own).
    #[arg(long, env = "SALARY_GUIDE_PROXY_FORWARDED")]
    pub proxy_forwarded: bool,
    /// The file holding this server's secret half of the daily key that
    /// hashes client networks and signs forms (64 hex digits); the database
    /// never holds it. With SQLite it defaults to a `.key` file beside the
    /// database, created on first start. With PostgreSQL give every server
    /// the same one, here or as the secret itself in SALARY_GUIDE_SECRET.
    #[arg(long, env = "SALARY_GUIDE_KEY_FILE", value_name = "PATH")]
    pub key_file: Option<PathBuf>,
}

/// The environment variable that may carry the secret itself (never a flag:
/// a command line is visible to every user of the machine).
pub const SECRET_ENV: &str = "SALARY_GUIDE_SECRET";

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            watch: false,
            workers: None,
            submissions_per_day: ReportSettings::DEFAULT_PER_DAY,
            pending_share_percent: ReportSettings::DEFAULT_PENDING_SHARE_PERCENT,
            behind_proxy: false,
            trusted_hops: None,
            trusted_proxy: Vec::new(),
            proxy_forwarded: false,
            key_file: None,
        }
    }
}

impl ServeArgs {
    /// The settings of the report form.
    pub fn reports_settings(&self) -> ReportSettings {
        let proxy = match (
            self.trusted_hops,
            &self.trusted_proxy[..],
            self.behind_proxy,
        ) {
            (Some(0), ..) => ProxyTrust::None,
            (Some(hops), ..) => ProxyTrust::Hops(hops),
            (None, [], true) => ProxyTrust::Hops(1),
            (None, [], false) => ProxyTrust::None,
            (None, proxies, _) => ProxyTrust::Addresses(proxies.to_vec()),
        };
        ReportSettings {
            submissions_per_day: self.submissions_per_day,
            pending_share_percent: self.pending_share_percent,
            proxy,
            proxy_header: if self.proxy_forwarded {
                ProxyHeader::Forwarded
            } else {
                ProxyHeader::XForwardedFor
            },
        }
    }

    /// This server's secret: from SALARY_GUIDE_SECRET, else the key file
    /// (made on first start for SQLite, required as given for PostgreSQL,
    /// whose replicas must share one). Says why and stops when it cannot.
    pub fn server_secret(&self, database: &Database) -> Result<ServerSecret, ExitCode> {
        let refuse = |message: String| {
            eprintln!("Could not start: {message}");
            ExitCode::FAILURE
        };
        if let Ok(text) = std::env::var(SECRET_ENV) {
            return ServerSecret::parse(&text, SECRET_ENV).map_err(|e| refuse(e.to_string()));
        }
        match (&self.key_file, database.sqlite_path()) {
            (Some(path), None) => ServerSecret::from_file(path).map_err(|e| refuse(e.to_string())),
            (None, None) => Err(refuse(format!(
                "with PostgreSQL every server needs the same secret, which the database never holds. \
                 Make one with `openssl rand -hex 32` and give it to each server as {SECRET_ENV}, \
                 or in a file named by --key-file (SALARY_GUIDE_KEY_FILE)."
            ))),
            (key_file, Some(database)) => {
                let path = key_file
                    .clone()
                    .unwrap_or_else(|| database.with_extension("key"));
                let (secret, created) =
                    ServerSecret::load_or_create(&path).map_err(|e| refuse(e.to_string()))?;
                if created {
                    tracing::info!(
                        key_file = %path.display(),
                        "created the server's key file: the secret half of the daily key that \
                         hashes client networks and signs forms. Keep it out of database backups; \
                         if it is lost a new one is made and only forms open at the time must be sent again"
                    );
                }
                Ok(secret)
            }
        }
    }

    /// How many workers to run: as asked, else one per core the process may use.
    pub fn worker_count(&self) -> usize {
        self.workers
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

/// How long a client has to send a whole request head once connected (or
/// once the previous response is sent); past it, a 408 and the connection
/// closes, so a client that dribbles bytes cannot hold a connection.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an idle keep-alive connection stays open. Longer than most load
/// balancers' idle timeout would be wasted; much shorter costs reconnects.
const KEEP_ALIVE: Duration = Duration::from_secs(30);
/// How long a closing connection waits for the client to acknowledge.
const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// After SIGTERM or Ctrl-C, how long requests in flight have to finish
/// before their connections are dropped. Every answer takes milliseconds;
/// this covers a slow client reading a large page.
const SHUTDOWN_TIMEOUT_SECS: u64 = 10;
/// How long start-up waits for the database's first answer before serving
/// without it: a database that answers is ready when the server listens;
/// one that is down (or drops packets) delays nothing for long.
const FIRST_ANSWER_WAIT: Duration = Duration::from_secs(2);
/// Connections waiting to be accepted; beyond it the kernel refuses new ones.
const BACKLOG: u32 = 2048;

/// `salary-guide serve` (and no command at all).
pub fn run(cli: &Cli, args: &ServeArgs) -> ExitCode {
    let content_dir = match (args.watch, &cli.content) {
        (true, None) => {
            eprintln!(
                "--watch needs --content DIR: the content built into the binary cannot change.\n\
                 To edit guides and data live, run: salary-guide serve --watch --content content"
            );
            return ExitCode::from(2);
        }
        (true, Some(dir)) => Some(dir.clone()),
        (false, _) => None,
    };
    let (site, statics) = match (load_site(cli), load_statics(cli)) {
        (Ok(site), Ok(statics)) => (site, statics),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let guides = site.guides.len();
    // One runtime for start-up and serving: the database's pool and its
    // background connection live on it.
    let system = actix_web::rt::System::new();
    // Only the URL is read here: the database is reached in the background,
    // so guides and the calculator are served even while it is down.
    // (The pool starts its upkeep task on the runtime it is made in.)
    let database = match system.block_on(async { Database::new(&cli.database_url) }) {
        Ok(database) => database,
        Err(error) => {
            eprintln!("Could not start: {error}");
            eprintln!("{DATABASE_URL_HINT}");
            return ExitCode::FAILURE;
        }
    };
    let backend = database.backend();
    let secret = match args.server_secret(&database) {
        Ok(secret) => secret,
        Err(code) => return code,
    };
    let database_state = system.block_on(async {
        actix_web::rt::spawn(database.clone().keep_connecting());
        database.first_answer(FIRST_ANSWER_WAIT).await
    });
    let state = web::Data::new(
        AppState::new(site, statics, cli.site_config())
            .with_database(database, args.reports_settings())
            .with_secret(secret),
    );
    // Held until the server stops; dropping it ends the watch.
    let _watcher = match content_dir {
        Some(dir) => match watch::watch(state.clone(), dir.clone()) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                eprintln!("Could not watch {}: {error}", dir.display());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let workers = args.worker_count();
    let result = system.block_on(async {
        // Daily rebuild and the in-memory aggregates, off the start-up path.
        actix_web::rt::spawn(refresh_forever(state.clone()));
        let server = HttpServer::new(move || build_app(state.clone()))
            .workers(workers)
            .backlog(BACKLOG)
            // Without it, a compressed (chunked) response can wait ~40 ms for
            // the client's delayed ACK (Nagle's algorithm).
            .tcp_nodelay(true)
            .client_request_timeout(CLIENT_REQUEST_TIMEOUT)
            .keep_alive(KEEP_ALIVE)
            .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
            .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
            // Our own handler, because actix treats Ctrl-C as a forced stop:
            // both signals stop accepting, finish what is in flight, then exit 0.
            .shutdown_signal(stop_signal())
            .bind(&cli.bind)?;
        let addresses: Vec<String> = server
            .addrs()
            .iter()
            .map(|address| format!("http://{address}"))
            .collect();
        tracing::info!(
            guides,
            workers,
            database = backend,
            database_state = database_state.as_str(),
            base_url = %cli.base_url,
            "serving Backend Salary Guide at {}",
            addresses.join(", ")
        );
        server.run().await
    });
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("Could not serve on {}: {error}", cli.bind);
            ExitCode::FAILURE
        }
    }
}

/// Resolves on the first SIGTERM or SIGINT (Ctrl-C).
async fn stop_signal() {
    use actix_web::rt::signal::unix::{SignalKind, signal};

    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::error!("could not listen for SIGTERM and SIGINT; stop with SIGKILL");
        return std::future::pending().await;
    };
    let name = tokio::select! {
        _ = terminate.recv() => "SIGTERM",
        _ = interrupt.recv() => "SIGINT",
    };
    tracing::info!(
        signal = name,
        timeout_secs = SHUTDOWN_TIMEOUT_SECS,
        "stopping: finishing requests in flight"
    );
}
