//! Loading `content/data/`: BLS's files, BEA's price levels, the tax tables
//! and the salary model over them, each problem naming its file.

use std::io::{BufReader, Read};
use std::sync::{Arc, OnceLock};

use twox_hash::XxHash3_128;

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
    let mut texts: [String; 4] = Default::default();
    for (text, name) in texts.iter_mut().zip(bls::FILES) {
        *text = read(&format!("{BLS_DIR}{name}"))?;
    }
    let bls = Bls::parse(BlsTexts::from_files(&texts), zips_reader(tree)).map_err(|errors| {
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

/// Opens `zips.tsv` for BLS's places (`estimator::bls::places`): read at
/// start-up to check it, and again by the first place lookup to index it.
///
/// The bundled file cannot change. One in a content folder can, between the
/// two reads; a text other than the one checked was never checked, so that
/// read ends in an error, logged here, and no place is found until the
/// content is loaded again (`serve --watch` reloads it on any change).
fn zips_reader(tree: &FileTree) -> bls::ZipsReader {
    let tree = tree.clone();
    let path = format!("{BLS_DIR}{}", bls::ZIPS);
    // The hash of the text start-up's check read.
    let checked: Arc<OnceLock<u128>> = Arc::default();
    Arc::new(move || {
        let file = tree.open(&path).map_err(|error| {
            if checked.get().is_some() {
                tracing::error!(%error, "no ZIP code or city is found");
            }
            error.source.to_string()
        })?;
        Ok(Box::new(BufReader::new(Hashed {
            file,
            hasher: XxHash3_128::new(),
            checked: checked.clone(),
            shown: tree.display(&path),
            ended: false,
        })))
    })
}

/// A file read as a stream, hashed as it passes: at its end, the first read
/// records the hash, and every later read must match it.
struct Hashed {
    file: Box<dyn Read>,
    hasher: XxHash3_128,
    checked: Arc<OnceLock<u128>>,
    shown: String,
    ended: bool,
}

impl Read for Hashed {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.file.read(buffer)?;
        if read > 0 {
            self.hasher.write(&buffer[..read]);
        } else if !self.ended {
            self.ended = true;
            let hash = self.hasher.finish_128();
            if *self.checked.get_or_init(|| hash) != hash {
                tracing::error!(
                    file = self.shown,
                    "changed since the content was loaded: no ZIP code or city is found until it is loaded again"
                );
                return Err(std::io::Error::other("changed since it was checked"));
            }
        }
        Ok(read)
    }
}
