//! Wiring only: parse the command line, load content, run the chosen command.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::{HttpServer, web};
use clap::Parser;
use salary_guide::cli::{self, Cli, Command, LogFormat, ServeArgs};
use salary_guide::export;
use salary_guide::web::{AppState, build_app, watch};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, fmt};

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
    }
}

/// Log lines go to standard error, as text or one JSON object a line;
/// `RUST_LOG` sets the level (`info` when unset or unreadable).
///
/// actix's own debug and trace events quote request paths and header values
/// as received, so they are never written, whatever `RUST_LOG` says: no raw
/// user input reaches the logs. Our request lines name the route pattern.
fn init_logging(format: LogFormat) {
    let level = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let no_raw_input = filter_fn(|event| {
        !(event.target().starts_with("actix") && *event.level() > tracing::Level::INFO)
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
    let state = web::Data::new(AppState::new(site, statics, cli.site_config()));
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
    let result = actix_web::rt::System::new().block_on(async {
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
