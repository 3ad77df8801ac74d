//! The bundled data for unit tests: the salary model over BLS's files, BEA's
//! price levels and the tax tables, parsed once per test binary (BLS's files
//! take a moment in a debug build).

use std::sync::{Arc, OnceLock};

use super::SalaryModel;
use super::bls::{Bls, BlsTexts};
use super::living::RegionalPrices;
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
        };
        let zips: super::bls::ZipsReader = Arc::new(|| {
            let text = include_str!("../../content/data/oews/zips.tsv");
            Ok(Box::new(text.as_bytes()))
        });
        Arc::new(Bls::parse(texts, zips).expect("the bundled BLS files are valid"))
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

/// BEA's price levels file's text.
pub(crate) const PRICES: &str = include_str!("../../content/data/bea/rpp-2024.tsv");

/// BEA's price levels, parsed.
pub(crate) fn prices() -> Arc<RegionalPrices> {
    static PRICES_PARSED: OnceLock<Arc<RegionalPrices>> = OnceLock::new();
    PRICES_PARSED
        .get_or_init(|| {
            Arc::new(RegionalPrices::parse(PRICES).expect("the bundled BEA file is valid"))
        })
        .clone()
}

/// The bundled model.
pub(crate) fn model() -> SalaryModel {
    parse(MODEL).expect("the bundled data file is valid")
}

/// A data file's text over the bundled BLS and BEA files.
pub(crate) fn parse(text: &str) -> Result<SalaryModel, Vec<super::ModelError>> {
    parse_with_prices(text, &prices())
}

/// A data file's text over the bundled BLS files and the given BEA rows.
pub(crate) fn parse_with_prices(
    text: &str,
    prices: &RegionalPrices,
) -> Result<SalaryModel, Vec<super::ModelError>> {
    SalaryModel::parse(text, bls(), tax(), prices)
}
