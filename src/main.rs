//! Wiring only: parse the command line, load content, run the chosen command.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::{HttpServer, web};
use clap::Parser;
use salary_guide::cli::{self, Cli, Command, LogFormat, ServeArgs};
use salary_guide::export;
use salary_guide::reports::commands;
use salary_guide::web::{AppState, build_app, refresh_forever, watch};
use tracing_subscriber::filter::{LevelFilter, Targets, filter_fn};
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match &cli.command {
        None => serve(&cli, &ServeArgs::default()),
        Some(Command::Serve(args)) => serve(&cli, args),
        Some(Command::Estimate(args)) => cli::estimate(&cli, args),
        Some(Command::Compare(args)) => salary_guide::compare_cli::run(&cli, args),
        Some(Command::Check) => cli::check(&cli),
        Some(Command::Export(args)) => export::run(&cli, args),
        Some(Command::Moderator(command)) => commands::moderator(&cli, command),
        Some(Command::Reports(command)) => commands::reports(&cli, command),
    }
}

/// Log lines go to standard error, as text or one JSON object a line;
/// `RUST_LOG` sets the level (`info` when unset or unreadable), overall or
/// by target (`warn,salary_guide=debug`). Read as targets and levels only, not
/// `EnvFilter`'s span and field filters, whose regular expressions would add
/// half a megabyte of code to a server that stays in memory.
///
/// actix's own debug and trace events quote request paths and header values
/// as received, so they are never written, whatever `RUST_LOG` says: no raw
/// user input reaches the logs. Our request lines name the route pattern.
/// sqlx's statement lines are dropped too (only its warnings and errors
/// stay), so not even the fact that a report was stored reaches the logs.
fn init_logging(format: LogFormat) {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO));
    let no_raw_input = filter_fn(|event| {
        let target = event.target();
        !(target.starts_with("actix") && *event.level() > tracing::Level::INFO
            || target.starts_with("sqlx") && *event.level() > tracing::Level::WARN)
    });
    let lines = match format {
        LogFormat::Text => fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .boxed(),
        LogFormat::Json => fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .with_writer(std::io::stderr)
            .boxed(),
    };
    tracing_subscriber::registry()
        .with(level)
        .with(no_raw_input)
        .with(lines)
        .init();
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

fn serve(cli: &Cli, args: &ServeArgs) -> ExitCode {
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
    let (site, statics) = match (cli::load_site(cli), cli::load_statics(cli)) {
        (Ok(site), Ok(statics)) => (site, statics),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let guides = site.guides.len();
    // One runtime for start-up and serving: the database pool opened here
    // stays bound to it.
    let system = actix_web::rt::System::new();
    let store = match system.block_on(cli::open_store(cli)) {
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
