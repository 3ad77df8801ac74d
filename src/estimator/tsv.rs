//! The generated tab-separated data files, BLS's (`content/data/oews/`) and
//! BEA's (`content/data/bea/`): `#` comment lines, one header line, then rows.
//! The imports write no quoting and no tabs inside a field, so splitting on
//! tabs reads them exactly; the header is checked so a column moved by a new
//! import is an error, not a silently wrong figure.

/// A file of this format: its text, its header, and the script that writes
/// it (named in the message for a wrong header).
pub(crate) struct Table<'a, const N: usize> {
    pub text: &'a str,
    pub header: [&'static str; N],
    pub import: &'static str,
}

/// The rows of a table after its header, each with its line number, as
/// arrays on the stack (the ZIP file has 40,000 rows; nothing is collected).
/// A wrong header is one problem and no rows; a row of the wrong width is a
/// problem item. `problem` makes a file's own error from a line and a message.
fn rows<'a, const N: usize, E>(
    Table {
        text,
        header,
        import,
    }: Table<'a, N>,
    problem: impl Fn(Option<usize>, String) -> E,
) -> Result<impl Iterator<Item = Result<(usize, [&'a str; N]), E>>, E> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty());
    match lines.next() {
        Some((_, found)) if found.split('\t').eq(header) => {}
        Some((line, found)) => {
            return Err(problem(
                Some(line),
                format!(
                    "the header must be {:?}, found {found:?}; rerun {import}",
                    header.join("\t")
                ),
            ));
        }
        None => return Err(problem(None, "has no header and no rows".to_owned())),
    }
    Ok(lines.map(move |(line, text)| {
        let width = || problem(Some(line), format!("expected {N} tab-separated fields"));
        let mut fields = [""; N];
        let mut parts = text.split('\t');
        for field in &mut fields {
            *field = parts.next().ok_or_else(width)?;
        }
        match parts.next() {
            Some(_) => Err(width()),
            None => Ok((line, fields)),
        }
    }))
}

/// Runs `each` over the rows, recording every problem in `errors`, each made
/// by `problem` from a line and a message.
pub(crate) fn for_each<'a, const N: usize, E>(
    table: Table<'a, N>,
    errors: &mut Vec<E>,
    problem: impl Fn(Option<usize>, String) -> E,
    mut each: impl FnMut(usize, [&'a str; N], &mut Vec<E>),
) {
    match rows(table, problem) {
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
