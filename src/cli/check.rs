//! `salary-guide check`: load and validate all content, data and static
//! files, as start-up does, and say what was found.

use std::process::ExitCode;

use super::{Cli, load_site, load_statics};
use crate::estimator::FactorKind;

/// `salary-guide check`.
pub fn run(cli: &Cli) -> ExitCode {
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
