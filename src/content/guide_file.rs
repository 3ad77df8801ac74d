//! Reading one guide file: its `+++` front matter, its Markdown body with the
//! live figures expanded, and errors that point at the file's own lines.

use super::*;

/// The file line of the front-matter line that sets `key`; the front matter
/// starts on the file's second line, after the opening `+++`.
pub(super) fn front_matter_line(front: &str, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| line.trim_start().starts_with(key))
        .map(|index| index + 2)
}

/// The file line of each entry of the `related` list, found in order so that a
/// repeated slug points at its own line, not the first one.
pub(super) fn related_lines(front: &str, related: &[String]) -> Vec<Option<usize>> {
    let Some(start) = front_matter_line(front, "related") else {
        return vec![None; related.len()];
    };
    let lines: Vec<&str> = front.lines().collect();
    // Index into `lines` where the search for the next entry begins, and the
    // column within that line, for several entries on one line.
    let (mut row, mut column) = (start - 2, 0);
    related
        .iter()
        .map(|slug| {
            let needle = format!("\"{slug}\"");
            while let Some(line) = lines.get(row) {
                if let Some(found) = line.get(column..).and_then(|rest| rest.find(&needle)) {
                    column += found + needle.len();
                    return Some(row + 2);
                }
                row += 1;
                column = 0;
            }
            None
        })
        .collect()
}

/// Splits `+++` TOML front matter from the body; returns both and the body's
/// first line number, so body errors can point at the right line.
pub fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("the file must start with a `+++` line opening the TOML front matter")?;
    let end = rest
        .find("\n+++")
        .ok_or("the front matter is not closed by a `+++` line")?;
    let front = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    let body_line = front.lines().count() + 3;
    Ok((front, body, body_line))
}

pub(super) fn load_guide(
    model: &SalaryModel,
    path: &str,
    file: &str,
    text: &str,
) -> Result<Guide, Vec<ContentError>> {
    let slug = path
        .trim_start_matches(GUIDES_DIR)
        .trim_end_matches(".md")
        .to_owned();
    let mut errors = Vec::new();
    if slug.is_empty()
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(error_at(
            file,
            None,
            "file names must be lowercase letters, digits and hyphens (they become the URL)"
                .to_owned(),
        ));
    }
    let (front, body, body_line) =
        split_front_matter(text).map_err(|m| vec![error_at(file, Some(1), m)])?;
    let meta: FrontMatter = toml::from_str(front).map_err(|e| {
        let line = e
            .span()
            .map(|s| front[..s.start].lines().count().max(1) + 1);
        vec![error_at(
            file,
            line,
            format!("front matter: {}", e.message()),
        )]
    })?;
    if meta.section.as_deref().is_some_and(|s| s.trim().is_empty()) {
        errors.push(error_at(
            file,
            front_matter_line(front, "section"),
            "front matter: section is empty; leave it out to list the guide under \"More guides\""
                .to_owned(),
        ));
    }
    for (field, value) in [("title", &meta.title), ("description", &meta.description)] {
        if value.trim().is_empty() {
            errors.push(error_at(
                file,
                None,
                format!("front matter: {field} is empty"),
            ));
        }
    }
    if meta.sources.is_empty() {
        errors.push(error_at(
            file,
            None,
            "front matter: sources is empty; cite at least one source id".to_owned(),
        ));
    }
    let mut sources = Vec::new();
    for id in &meta.sources {
        match CitedSource::find(model, id) {
            Some(source) => sources.push(source),
            None => errors.push(error_at(
                file,
                front_matter_line(front, "sources"),
                format!(
                    "front matter: unknown source `{id}`; sources are listed in {}",
                    source_lists()
                ),
            )),
        }
    }
    for typed in typed_figures::find(body) {
        errors.push(error_at(
            file,
            Some(body_line + typed.line - 1),
            format!(
                "`{}` is typed into the prose; quote figures with a shortcode ({{{{ figure id=... }}}}, {{{{ pay ... }}}}, {{{{ factor ... }}}}) so they come from content/{MODEL_PATH}",
                typed.found
            ),
        ));
    }
    let rendered = match markdown::render(body, &|code| shortcodes::expand(model, code)) {
        Ok(rendered) => rendered,
        Err(e) => {
            errors.push(error_at(file, Some(body_line + e.line - 1), e.message));
            return Err(errors);
        }
    };
    if let Some(h1) = rendered.headings.iter().find(|h| h.level == 1) {
        errors.push(error_at(
            file,
            None,
            format!(
                "the body has a level-1 heading `{}`; the title is the page's only h1, use ## instead",
                h1.text
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let related_lines = related_lines(front, &meta.related);
    Ok(Guide {
        slug,
        meta,
        html: Some(rendered.html),
        headings: rendered.headings,
        sources,
        words: rendered.words,
        reading_minutes: rendered.words.div_ceil(WORDS_PER_MINUTE).max(1),
        text: rendered.text.into(),
        related: Vec::new(),
        links: rendered.links,
        related_lines,
    })
}
