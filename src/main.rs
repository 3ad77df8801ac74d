//! Wiring only: parse the command line, load content, run the chosen command.

use std::process::ExitCode;

use actix_web::{HttpServer, web};
use clap::Parser;
use salary_guide::cli::{self, Cli, Command, ServeArgs};
use salary_guide::web::{AppState, build_app, watch};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match &cli.command {
        None => serve(&cli, &ServeArgs::default()),
        Some(Command::Serve(args)) => serve(&cli, args),
        Some(Command::Estimate(args)) => cli::estimate(&cli, args),
        Some(Command::Check) => cli::check(&cli),
    }
}

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
    let result = actix_web::rt::System::new().block_on(async {
        let server = HttpServer::new(move || build_app(state.clone()))
            .bind(&cli.bind)?
            .run();
        tracing::info!(
            guides,
            base_url = %cli.base_url,
            "serving Backend Salary Guide at http://{}",
            cli.bind
        );
        server.await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Could not serve on {}: {error}", cli.bind);
            ExitCode::FAILURE
        }
    }
}
