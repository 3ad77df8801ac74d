//! `salary-guide serve` (the default command): load content, static files
//! and the database, then serve the site over HTTP until SIGTERM or Ctrl-C,
//! optionally reloading content when its files change.

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::{HttpServer, web};
use clap::Args;

use super::{Cli, load_site, load_statics, open_store};
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
    /// Take the client's address for the rate limit from the reverse proxy's
    /// `Forwarded` or `X-Forwarded-For` header (set it only behind a proxy
    /// that overwrites them); otherwise the connection's address is used.
    #[arg(long, env = "SALARY_GUIDE_BEHIND_PROXY")]
    pub behind_proxy: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        Self {
            watch: false,
            workers: None,
            submissions_per_day: ReportSettings::DEFAULT_PER_DAY,
            behind_proxy: false,
        }
    }
}

impl ServeArgs {
    /// The settings of the report form.
    pub fn reports_settings(&self) -> ReportSettings {
        ReportSettings {
            submissions_per_day: self.submissions_per_day,
            behind_proxy: self.behind_proxy,
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
    // One runtime for start-up and serving: the database pool opened here
    // stays bound to it.
    let system = actix_web::rt::System::new();
    let store = match system.block_on(open_store(cli)) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let backend = store.backend();
    let state = web::Data::new(
        AppState::new(site, statics, cli.site_config()).with_store(store, args.reports_settings()),
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
