//! Loading `content/data/`: BLS's files, BEA's price levels, the tax tables
//! and the salary model over them, each problem naming its file.

use std::sync::Arc;

use super::files::FileTree;
use super::{BLS_DIR, ContentError, ContentErrors, MODEL_PATH};
use crate::estimator::SalaryModel;
use crate::estimator::bls::{self, Bls, BlsTexts};
use crate::estimator::living::{PRICES_PATH, RegionalPrices};
use crate::tax::{TAX_PATH, TaxTables};

/// Reads a data file and parses it with `parse`, whose problems name an
/// entry of the file: the salary model and the tax tables load alike.
fn load_data<T>(
    tree: &FileTree,
    path: &str,
    parse: impl FnOnce(&str) -> Result<T, Vec<(String, String)>>,
) -> Result<T, ContentErrors> {
    let file = tree.display(path);
    let text = tree.read_text(path).map_err(|e| {
        ContentErrors(vec![ContentError {
            file: file.clone(),
            place: None,
            message: e.source.to_string(),
        }])
    })?;
    parse(&text).map_err(|errors| {
        ContentErrors(
            errors
                .into_iter()
                .map(|(entry, problem)| ContentError {
                    file: file.clone(),
                    place: Some(entry),
                    message: problem,
                })
                .collect(),
        )
    })
}

/// Loads BLS's files, BEA's price levels, the tax tables and the salary
/// model over them, each problem naming its file.
pub fn load_model(tree: &FileTree) -> Result<SalaryModel, ContentErrors> {
    let read = |relative: &str| {
        tree.read_text(relative).map_err(|e| {
            ContentErrors(vec![ContentError {
                file: e.path,
                place: None,
                message: e.source.to_string(),
            }])
        })
    };
    let mut texts: [String; 5] = Default::default();
    for (text, name) in texts.iter_mut().zip(bls::FILES) {
        *text = read(&format!("{BLS_DIR}{name}"))?;
    }
    let bls_texts = BlsTexts::from_files(&texts);
    let zips = zips_reader(tree, bls_texts.zips);
    let bls = Bls::parse(bls_texts, zips).map_err(|errors| {
        ContentErrors(
            errors
                .into_iter()
                .map(|e| ContentError {
                    file: tree.display(&format!("{BLS_DIR}{}", e.file)),
                    place: e.line.map(|l| format!("line {l}")),
                    message: e.problem,
                })
                .collect(),
        )
    })?;
    drop(texts);
    // The tax tables are a sibling of the salary model, checked alike.
    let tax = load_data(tree, TAX_PATH, |text| {
        TaxTables::parse(text)
            .map_err(|errors| errors.into_iter().map(|e| (e.entry, e.problem)).collect())
    })?;
    let prices_file = tree.display(PRICES_PATH);
    let prices = RegionalPrices::parse(&read(PRICES_PATH)?).map_err(|errors| {
        ContentErrors(
            errors
                .into_iter()
                .map(|e| ContentError {
                    file: prices_file.clone(),
                    place: e.line.map(|l| format!("line {l}")),
                    message: e.problem,
                })
                .collect(),
        )
    })?;
    let model_file = tree.display(MODEL_PATH);
    let text = read(MODEL_PATH)?;
    // BEA's rows are copied into the model's parities; the table and its
    // text are dropped here.
    SalaryModel::parse(&text, Arc::new(bls), Arc::new(tax), &prices).map_err(|errors| {
        ContentErrors(
            errors
                .into_iter()
                .map(|e| ContentError {
                    file: model_file.clone(),
                    place: Some(e.entry),
                    message: e.problem,
                })
                .collect(),
        )
    })
}

/// Reads `zips.tsv` again for the ZIP index, built on the first place lookup
/// (`estimator::bls::places`): the text as start-up checked it, or nothing.
///
/// The bundled file cannot change. One in a content folder can, between
/// start-up and the first lookup; a different text was never checked, so it
/// is refused and the error logged (`serve --watch` reloads the site on any
/// change, and then its own index reads the new file).
fn zips_reader(tree: &FileTree, checked: &str) -> bls::ZipsReader {
    let checked = twox_hash::XxHash3_128::oneshot(checked.as_bytes());
    let tree = tree.clone();
    let path = format!("{BLS_DIR}zips.tsv");
    Arc::new(move || match tree.read_text(&path) {
        Ok(text) if twox_hash::XxHash3_128::oneshot(text.as_bytes()) == checked => Some(text),
        Ok(_) => {
            tracing::error!(
                file = tree.display(&path),
                "changed since the content was loaded: no ZIP code or city is found until it is loaded again"
            );
            None
        }
        Err(error) => {
            tracing::error!(%error, "no ZIP code or city is found");
            None
        }
    })
}
