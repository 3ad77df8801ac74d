//! Wiring only: parse the command line, load content, run the chosen command.

use std::process::ExitCode;

use actix_web::{HttpServer, web};
use clap::Parser;
use salary_guide::cli::{self, Cli, Command};
use salary_guide::web::{AppState, build_app};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match &cli.command {
        None | Some(Command::Serve) => serve(&cli),
        Some(Command::Estimate(args)) => cli::estimate(&cli, args),
        Some(Command::Check) => cli::check(&cli),
    }
}

fn serve(cli: &Cli) -> ExitCode {
    let (site, statics) = match (cli::load_site(cli), cli::load_statics(cli)) {
        (Ok(site), Ok(statics)) => (site, statics),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let guides = site.guides.len();
    let state = web::Data::new(AppState::new(site, statics));
    let result = actix_web::rt::System::new().block_on(async {
        let server = HttpServer::new(move || build_app(state.clone()))
            .bind(&cli.bind)?
            .run();
        tracing::info!(
            guides,
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
