//! The generated tab-separated data files, BLS's (`content/data/oews/`) and
//! BEA's (`content/data/bea/`): `#` comment lines, one header line, then rows.
//! The imports write no quoting and no tabs inside a field, so splitting on
//! tabs reads them exactly; the header is checked so a column moved by a new
//! import is an error, not a silently wrong figure.

use std::ops::ControlFlow;

/// A file of this format: its text, its header, and the script that writes
/// it (named in the message for a wrong header).
pub(crate) struct Table<'a, const N: usize> {
    pub text: &'a str,
    pub header: [&'static str; N],
    pub import: &'static str,
}

/// What a table's line is, read in order.
enum Line<'a, const N: usize> {
    /// A comment, a blank line, or the header.
    Skipped,
    /// A row's fields.
    Row([&'a str; N]),
    /// A row of the wrong width: a problem, and reading goes on.
    Bad(String),
    /// A wrong header: a problem, and no rows are read.
    WrongHeader(String),
}

/// Reads a table's lines in order: the header first, then rows, as arrays
/// on the stack (the ZIP file has 40,000 rows; nothing is collected).
struct Lines<const N: usize> {
    header: [&'static str; N],
    import: &'static str,
    header_seen: bool,
}

impl<const N: usize> Lines<N> {
    fn new(header: [&'static str; N], import: &'static str) -> Self {
        Self {
            header,
            import,
            header_seen: false,
        }
    }

    fn read<'a>(&mut self, text: &'a str) -> Line<'a, N> {
        if text.starts_with('#') || text.is_empty() {
            return Line::Skipped;
        }
        if !self.header_seen {
            self.header_seen = true;
            return if text.split('\t').eq(self.header) {
                Line::Skipped
            } else {
                Line::WrongHeader(format!(
                    "the header must be {:?}, found {text:?}; rerun {}",
                    self.header.join("\t"),
                    self.import
                ))
            };
        }
        let width = || format!("expected {N} tab-separated fields");
        let mut fields = [""; N];
        let mut parts = text.split('\t');
        for field in &mut fields {
            match parts.next() {
                Some(part) => *field = part,
                None => return Line::Bad(width()),
            }
        }
        match parts.next() {
            Some(_) => Line::Bad(width()),
            None => Line::Row(fields),
        }
    }

    /// Reads one line: hands a row to `each`, records a bad line's problem,
    /// and breaks after a wrong header, which ends the reading.
    fn take<'t, E>(
        &mut self,
        number: usize,
        text: &'t str,
        errors: &mut Vec<E>,
        problem: &impl Fn(Option<usize>, String) -> E,
        each: &mut impl FnMut(usize, [&'t str; N], &mut Vec<E>),
    ) -> ControlFlow<()> {
        match self.read(text) {
            Line::Skipped => {}
            Line::Row(fields) => each(number, fields, errors),
            Line::Bad(message) => errors.push(problem(Some(number), message)),
            Line::WrongHeader(message) => {
                errors.push(problem(Some(number), message));
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    /// The problem of a file that ended before its header, if it did.
    fn finish(&self) -> Option<String> {
        (!self.header_seen).then(|| "has no header and no rows".to_owned())
    }
}

/// Runs `each` over the rows, recording every problem in `errors`, each made
/// by `problem` from a line and a message. A wrong header is one problem and
/// no rows; a row of the wrong width is a problem item.
pub(crate) fn for_each<'a, const N: usize, E>(
    Table {
        text,
        header,
        import,
    }: Table<'a, N>,
    errors: &mut Vec<E>,
    problem: impl Fn(Option<usize>, String) -> E,
    mut each: impl FnMut(usize, [&'a str; N], &mut Vec<E>),
) {
    let mut lines = Lines::new(header, import);
    for (number, text) in (1..).zip(text.lines()) {
        if lines
            .take(number, text, errors, &problem, &mut each)
            .is_break()
        {
            return;
        }
    }
    errors.extend(lines.finish().map(|message| problem(None, message)));
}

/// The same over a stream, one line in memory at a time, for a file too
/// large to hold whole for a moment (`zips.tsv`): `each` gets each row's
/// fields for the time of the call. A read error is one more problem and
/// ends the reading.
pub(crate) fn for_each_read<const N: usize, E>(
    mut reader: impl std::io::BufRead,
    header: [&'static str; N],
    import: &'static str,
    errors: &mut Vec<E>,
    problem: impl Fn(Option<usize>, String) -> E,
    mut each: impl FnMut(usize, [&str; N], &mut Vec<E>),
) {
    let mut lines = Lines::new(header, import);
    let mut buffer = String::new();
    for number in 1.. {
        buffer.clear();
        match reader.read_line(&mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => return errors.push(problem(None, format!("could not be read: {error}"))),
        }
        let text = buffer.strip_suffix('\n').unwrap_or(&buffer);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if lines
            .take(number, text, errors, &problem, &mut each)
            .is_break()
        {
            return;
        }
    }
    errors.extend(lines.finish().map(|message| problem(None, message)));
}
