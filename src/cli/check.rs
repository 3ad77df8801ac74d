//! `salary-guide check`: load and validate all content, data and static
//! files, as start-up does, and say what was found. It also builds the ZIP
//! index, which a server builds on its first place lookup.

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
    let zips = model.bls.places().zip_count();
    if zips == 0 {
        // The reader has logged why: the file changed or could not be read.
        eprintln!("The ZIP index could not be built from zips.tsv.");
        return ExitCode::FAILURE;
    }
    println!(
        "ok: {} guides, {} sources, {} locations, {zips} ZIP codes, {} static files; data version {} ({})",
        site.guides.len(),
        model.sources.len(),
        model.factor(FactorKind::Location).values.len(),
        statics.len(),
        model.version,
        model.updated
    );
    ExitCode::SUCCESS
}
