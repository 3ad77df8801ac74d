//! Wiring only: parse the command line, start logging, run the chosen command.

use std::process::ExitCode;

use clap::Parser;
use salary_guide::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::logging::init(cli.log_format);
    match &cli.command {
        None => cli::serve::run(&cli, &cli::serve::ServeArgs::default()),
        Some(Command::Serve(args)) => cli::serve::run(&cli, args),
        Some(Command::Estimate(args)) => cli::estimate::run(&cli, args),
        Some(Command::Compare(args)) => cli::compare::run(&cli, args),
        Some(Command::Check) => cli::check::run(&cli),
        Some(Command::Export(args)) => cli::export::run(&cli, args),
        Some(Command::Moderator(command)) => cli::moderator::run(&cli, command),
        Some(Command::Reports(command)) => cli::reports::run(&cli, command),
    }
}
