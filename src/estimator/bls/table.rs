//! The tab-separated files of `content/data/oews/`: `#` comment lines, one
//! header line, then rows. The import writes no quoting and no tabs inside a
//! field, so splitting on tabs reads them exactly; the header is checked so a
//! column moved by a new import is an error, not a silently wrong figure.

use super::BlsError;

/// The rows of `text` after its header, each with its line number, as arrays
/// on the stack (the ZIP file has 40,000 rows; nothing is collected). A wrong
/// header is one error and no rows; a row of the wrong width is an error item.
pub(super) fn rows<'a, const N: usize>(
    file: &'static str,
    text: &'a str,
    header: [&str; N],
) -> Result<impl Iterator<Item = Result<(usize, [&'a str; N]), BlsError>>, BlsError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty());
    match lines.next() {
        Some((_, found)) if found.split('\t').eq(header) => {}
        Some((line, found)) => {
            return Err(BlsError::new(
                file,
                Some(line),
                format!(
                    "the header must be {:?}, found {found:?}; rerun the import",
                    header.join("\t")
                ),
            ));
        }
        None => return Err(BlsError::new(file, None, "has no header and no rows")),
    }
    Ok(lines.map(move |(line, text)| {
        let mut fields = [""; N];
        let mut parts = text.split('\t');
        for field in &mut fields {
            *field = parts.next().ok_or_else(|| width(file, line, N))?;
        }
        match parts.next() {
            Some(_) => Err(width(file, line, N)),
            None => Ok((line, fields)),
        }
    }))
}

fn width(file: &'static str, line: usize, n: usize) -> BlsError {
    BlsError::new(
        file,
        Some(line),
        format!("expected {n} tab-separated fields"),
    )
}

/// Runs `each` over the rows, recording every problem in `errors`.
pub(super) fn for_each<'a, const N: usize>(
    file: &'static str,
    text: &'a str,
    header: [&str; N],
    errors: &mut Vec<BlsError>,
    mut each: impl FnMut(usize, [&'a str; N], &mut Vec<BlsError>),
) {
    match rows(file, text, header) {
        Err(error) => errors.push(error),
        Ok(rows) => {
            for row in rows {
                match row {
                    Ok((line, fields)) => each(line, fields, errors),
                    Err(error) => errors.push(error),
                }
            }
        }
    }
}
