//! Everything the site shows, loaded and validated once at start-up.
//!
//! [`Site::load`] reads the salary model and every guide, renders the guides'
//! Markdown (with their live figures) to HTML, and checks their sources and
//! internal links. A problem anywhere stops start-up with a [`ContentErrors`]
//! that names the file, the line or entry, and what is wrong.

pub mod files;
pub mod markdown;
pub mod shortcodes;

use std::collections::HashMap;
use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;

use crate::estimator::{ProfileQuery, SalaryModel, Source};
use files::FileTree;
use markdown::Heading;

/// Path of the salary model inside the content tree.
pub const MODEL_PATH: &str = "data/salary-model.toml";
/// Folder of the guides inside the content tree.
pub const GUIDES_DIR: &str = "guides/";

/// Words a reader gets through in a minute, for reading-time estimates.
const WORDS_PER_MINUTE: usize = 230;

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file, as the author knows it (`content/guides/outlook.md`).
    pub file: String,
    /// Line, entry or other place within the file, when known.
    pub place: Option<String>,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{}: {place}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found while loading content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// A guide's TOML front matter, between `+++` lines at the top of the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The guide's title, shown as its heading and in the browser tab.
    pub title: String,
    /// One or two sentences for the guide list, search results and link previews.
    pub description: String,
    /// When the text was last revised.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub updated: Date,
    /// Position in the guide list, lowest first.
    pub order: u32,
    /// Ids of the data file's sources that the guide relies on.
    pub sources: Vec<String>,
}

/// A rendered guide, ready to serve.
#[derive(Debug, Clone)]
pub struct Guide {
    /// URL name, from the file name: `/guides/{slug}`.
    pub slug: String,
    /// Front matter as written.
    pub meta: FrontMatter,
    /// The body as HTML, rendered from trusted Markdown at start-up.
    pub html: String,
    /// Headings, for the table of contents and anchor checks.
    pub headings: Vec<Heading>,
    /// The guide's sources, resolved from the data file.
    pub sources: Vec<Source>,
    /// Words of prose.
    pub words: usize,
    /// Minutes to read, at least one.
    pub reading_minutes: usize,
    links: Vec<String>,
}

/// All content: the salary model and the guides, in reading order.
#[derive(Debug, Clone)]
pub struct Site {
    /// The salary model every figure comes from.
    pub model: SalaryModel,
    /// Guides ordered by their `order`, then title.
    pub guides: Vec<Guide>,
    by_slug: HashMap<String, usize>,
}

impl Site {
    /// Loads, renders and checks all content from a tree of files.
    pub fn load(tree: &FileTree) -> Result<Self, ContentErrors> {
        let model_file = tree.display(MODEL_PATH);
        let text = tree.read_text(MODEL_PATH).map_err(|e| {
            ContentErrors(vec![ContentError {
                file: model_file.clone(),
                place: None,
                message: e.source.to_string(),
            }])
        })?;
        let model = SalaryModel::parse(&text).map_err(|errors| {
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
        })?;

        let mut errors = Vec::new();
        let mut guides = Vec::new();
        let paths = tree.list(GUIDES_DIR).map_err(|e| {
            ContentErrors(vec![ContentError {
                file: e.path,
                place: None,
                message: e.source.to_string(),
            }])
        })?;
        for path in paths.iter().filter(|p| p.ends_with(".md")) {
            match tree
                .read_text(path)
                .map_err(|e| vec![error_at(&e.path, None, e.source.to_string())])
                .and_then(|text| load_guide(&model, path, &tree.display(path), &text))
            {
                Ok(guide) => guides.push(guide),
                Err(mut found) => errors.append(&mut found),
            }
        }
        if guides.is_empty() && errors.is_empty() {
            errors.push(error_at(
                &tree.display(GUIDES_DIR),
                None,
                "no guides found: add at least one .md file".to_owned(),
            ));
        }
        guides.sort_by(|a, b| (a.meta.order, &a.meta.title).cmp(&(b.meta.order, &b.meta.title)));
        let by_slug = guides
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
        let site = Site {
            model,
            guides,
            by_slug,
        };
        for guide in &site.guides {
            for link in &guide.links {
                if let Err(message) = site.check_link(guide, link) {
                    errors.push(error_at(
                        &tree.display(&format!("{GUIDES_DIR}{}.md", guide.slug)),
                        None,
                        format!("broken link `{link}`: {message}"),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(site)
        } else {
            Err(ContentErrors(errors))
        }
    }

    /// The guide at `/guides/{slug}`.
    pub fn guide(&self, slug: &str) -> Option<&Guide> {
        self.by_slug.get(slug).map(|&i| &self.guides[i])
    }

    /// The guides before and after one, in reading order.
    pub fn neighbours(&self, slug: &str) -> (Option<&Guide>, Option<&Guide>) {
        match self.by_slug.get(slug) {
            Some(&i) => (
                i.checked_sub(1).map(|p| &self.guides[p]),
                self.guides.get(i + 1),
            ),
            None => (None, None),
        }
    }

    /// Checks that a link from a guide leads somewhere on this site.
    fn check_link(&self, from: &Guide, link: &str) -> Result<(), String> {
        if let Some(anchor) = link.strip_prefix('#') {
            return check_anchor(from, anchor);
        }
        if !link.starts_with('/') {
            // External (or mailto:) links are the author's responsibility.
            return Ok(());
        }
        let (path, anchor) = match link.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (link, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        if let Some(slug) = path.strip_prefix("/guides/").filter(|s| !s.is_empty()) {
            let target = self
                .guide(slug)
                .ok_or_else(|| format!("there is no guide `{slug}`"))?;
            return anchor.map_or(Ok(()), |a| check_anchor(target, a));
        }
        match path {
            "/" | "/guides/" | "/sources" | "/api/v1/options" | "/healthz" => Ok(()),
            "/calculator" | "/api/v1/estimate" => match query {
                Some(query) => {
                    let pairs: Vec<(String, String)> = serde_html_form::from_str(query)
                        .map_err(|e| format!("unreadable query: {e}"))?;
                    let profile = ProfileQuery::from_pairs(pairs);
                    profile
                        .validate(&self.model)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
                None => Ok(()),
            },
            _ => Err("no page has this address".to_owned()),
        }
    }
}

fn check_anchor(guide: &Guide, anchor: &str) -> Result<(), String> {
    if guide.headings.iter().any(|h| h.id == anchor) {
        Ok(())
    } else {
        Err(format!("guide `{}` has no heading #{anchor}", guide.slug))
    }
}

fn error_at(file: &str, line: Option<usize>, message: String) -> ContentError {
    ContentError {
        file: file.to_owned(),
        place: line.map(|l| format!("line {l}")),
        message,
    }
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

fn load_guide(
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
        match model.source(id) {
            Some(source) => sources.push(source.clone()),
            None => errors.push(error_at(
                file,
                None,
                format!("front matter: unknown source `{id}`; sources are listed in content/{MODEL_PATH}"),
            )),
        }
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
    Ok(Guide {
        slug,
        meta,
        html: rendered.html,
        headings: rendered.headings,
        sources,
        words: rendered.words,
        reading_minutes: rendered.words.div_ceil(WORDS_PER_MINUTE).max(1),
        links: rendered.links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_reports_the_body_line() {
        let (front, body, line) =
            split_front_matter("+++\ntitle = \"x\"\norder = 1\n+++\n\nHello\n").unwrap();
        assert_eq!(front, "title = \"x\"\norder = 1\n");
        assert_eq!(body, "\nHello\n");
        assert_eq!(line, 5);
    }

    #[test]
    fn missing_front_matter_is_explained() {
        assert!(split_front_matter("# Title\n").unwrap_err().contains("+++"));
        assert!(
            split_front_matter("+++\ntitle = 1\n")
                .unwrap_err()
                .contains("not closed")
        );
    }

    #[test]
    fn the_bundled_content_loads() {
        let site = Site::load(&FileTree::BundledContent).unwrap_or_else(|e| panic!("{e}"));
        assert!(site.guides.len() >= 6);
        for guide in &site.guides {
            assert!(
                guide.words >= 500,
                "{} has {} words",
                guide.slug,
                guide.words
            );
        }
    }
}
