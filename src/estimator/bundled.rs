//! The bundled data for unit tests: the salary model over BLS's files and the
//! tax tables, parsed once per test binary (BLS's files take a moment in a debug build).

use std::sync::{Arc, OnceLock};

use super::SalaryModel;
use super::bls::{Bls, BlsTexts};
use crate::tax::TaxTables;

/// The data file's text.
pub(crate) const MODEL: &str = include_str!("../../content/data/salary-model.toml");

/// BLS's files, parsed.
pub(crate) fn bls() -> Arc<Bls> {
    static BLS: OnceLock<Arc<Bls>> = OnceLock::new();
    BLS.get_or_init(|| {
        let texts = BlsTexts {
            release: include_str!("../../content/data/oews/release.toml"),
            areas: include_str!("../../content/data/oews/areas.tsv"),
            wages: include_str!("../../content/data/oews/wages.tsv"),
            industries: include_str!("../../content/data/oews/industries.tsv"),
            zips: include_str!("../../content/data/oews/zips.tsv"),
        };
        Arc::new(Bls::parse(texts).expect("the bundled BLS files are valid"))
    })
    .clone()
}

/// The bundled tax tables, parsed.
pub(crate) fn tax() -> Arc<TaxTables> {
    static TAX: OnceLock<Arc<TaxTables>> = OnceLock::new();
    TAX.get_or_init(|| {
        Arc::new(
            TaxTables::parse(include_str!("../../content/data/tax-2026.toml"))
                .expect("the bundled tax tables are valid"),
        )
    })
    .clone()
}

/// The bundled model.
pub(crate) fn model() -> SalaryModel {
    parse(MODEL).expect("the bundled data file is valid")
}

/// A data file's text over the bundled BLS files.
pub(crate) fn parse(text: &str) -> Result<SalaryModel, Vec<super::ModelError>> {
    SalaryModel::parse(text, bls(), tax())
}
