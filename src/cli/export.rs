//! `salary-guide export --out DIR [--server-origin URL]`: the flags and the
//! summary line; writing the files is [`crate::export`]'s job.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Cli, load_site, load_statics};
use crate::export;
use crate::web::{AppState, BaseUrl};

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

/// `salary-guide export --out DIR [--server-origin URL]`.
pub fn run(cli: &Cli, args: &ExportArgs) -> ExitCode {
    let (site, statics) = match (load_site(cli), load_statics(cli)) {
        (Ok(site), Ok(statics)) => (site, statics),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let mut config = cli.site_config();
    config.server_origin = args
        .server_origin
        .as_ref()
        .map(|origin| origin.as_str().to_owned())
        .unwrap_or_default();
    let state = AppState::new(site, statics, config);
    match export::write(&state, &args.out) {
        Ok(summary) => {
            println!(
                "wrote {} pages and {} static files to {}{}",
                summary.pages,
                summary.static_files,
                args.out.display(),
                match &args.server_origin {
                    Some(origin) => format!("; forms send to {origin}"),
                    None => "; forms send to the same host".to_owned(),
                }
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("Could not write to {}: {error}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
