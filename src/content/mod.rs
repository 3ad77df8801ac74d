//! Everything the site shows, loaded and validated once at start-up.
//!
//! [`Site::load`] reads the salary model, the tax tables and every guide,
//! renders the guides' Markdown (with their live figures) to HTML, and checks
//! their sources, their fact-check records (`content/checks/`, see [`checks`])
//! and internal links. A problem anywhere stops start-up with a [`ContentErrors`]
//! that names the file, the line or entry, and what is wrong. Everything derived
//! from the guides (sections, related guides) is built here too, and the search
//! index on the first search of each load, so a reload under `serve --watch`
//! rebuilds all of it.

pub mod checks;
mod data_files;
pub mod files;
mod guide_file;
pub mod markdown;
pub mod search;
pub mod shortcodes;
mod typed_figures;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Deserialize;

use crate::estimator::{ProfileQuery, SalaryModel, Source};
use crate::tax::{TAX_PATH, TaxSource};
use files::FileTree;
use guide_file::load_guide;
use markdown::Heading;
use search::SearchIndex;

pub use data_files::load_model;
pub use guide_file::split_front_matter;

/// Path of the salary model inside the content tree.
pub const MODEL_PATH: &str = "data/salary-model.toml";
/// Folder of BLS's own figures inside the content tree (see `estimator::bls`).
pub const BLS_DIR: &str = "data/oews/";
/// Folder of the guides inside the content tree.
pub const GUIDES_DIR: &str = "guides/";

/// Words a reader gets through in a minute, for reading-time estimates.
const WORDS_PER_MINUTE: usize = 230;

/// The guide-index group of guides whose front matter names no `section`.
pub const DEFAULT_SECTION: &str = "More guides";

/// How many related guides a guide suggests: enough to offer a choice, few
/// enough to read at a glance.
pub const RELATED_GUIDES: usize = 3;

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

/// A source a guide cites. Each data file keeps its own `[[sources]]`: the
/// salary model's publications and the tax tables' agency pages (with their
/// own fields), so a guide on take-home pay cites the tax pages where they
/// already are rather than through copies in the salary model.
#[derive(Debug, Clone, PartialEq)]
pub enum CitedSource {
    /// An entry of the salary model's `[[sources]]`.
    Salary(Source),
    /// An entry of the tax tables' `[[sources]]`.
    Tax(TaxSource),
}

impl CitedSource {
    /// The source with this id in either data file; the ids never clash
    /// ([`Site::load`] refuses a tax source id the salary model also uses).
    pub fn find(model: &SalaryModel, id: &str) -> Option<Self> {
        model
            .source(id)
            .cloned()
            .map(Self::Salary)
            .or_else(|| model.tax.source(id).cloned().map(Self::Tax))
    }

    /// Whether either data file has a source with this id.
    pub fn exists(model: &SalaryModel, id: &str) -> bool {
        model.source(id).is_some() || model.tax.source(id).is_some()
    }

    /// The salary model's entry, for templates.
    pub fn salary(&self) -> Option<&Source> {
        match self {
            Self::Salary(source) => Some(source),
            Self::Tax(_) => None,
        }
    }

    /// The tax tables' entry, for templates.
    pub fn tax(&self) -> Option<&TaxSource> {
        match self {
            Self::Tax(source) => Some(source),
            Self::Salary(_) => None,
        }
    }
}

/// Where an author finds the source ids a guide or a record may cite, for
/// error messages.
pub fn source_lists() -> String {
    format!("content/{MODEL_PATH} and content/{TAX_PATH}")
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
    /// Ids of the sources the guide relies on, from either data file's
    /// `[[sources]]` (see [`CitedSource`]).
    pub sources: Vec<String>,
    /// The group the guide is listed under on `/guides/` ("Pay", "Career");
    /// guides without one are listed last, under [`DEFAULT_SECTION`].
    #[serde(default)]
    pub section: Option<String>,
    /// Slugs of guides to suggest after this one, best first, at most
    /// [`RELATED_GUIDES`]. The list is topped up from the guides that share the
    /// most (and the rarest) sources and the section, so it may be left out.
    #[serde(default)]
    pub related: Vec<String>,
}

/// A rendered guide, ready to serve.
#[derive(Debug, Clone)]
pub struct Guide {
    /// URL name, from the file name: `/guides/{slug}`.
    pub slug: String,
    /// Front matter as written.
    pub meta: FrontMatter,
    /// The body as HTML, rendered from trusted Markdown at start-up; `None`
    /// once [`Site::take_guide_html`] has moved it into the guide's page,
    /// which is then its only copy.
    pub html: Option<String>,
    /// Headings, for the table of contents and anchor checks.
    pub headings: Vec<Heading>,
    /// The guide's sources, resolved from the data files.
    pub sources: Vec<CitedSource>,
    /// Words of prose.
    pub words: usize,
    /// Minutes to read, at least one.
    pub reading_minutes: usize,
    /// The body as plain text, for search; shared with the search index's
    /// snippets, not copied.
    pub text: std::sync::Arc<str>,
    /// Slugs of the related guides, chosen at load: see [`FrontMatter::related`].
    pub related: Vec<String>,
    links: Vec<String>,
    /// Line of each `related` entry in the file, for error messages.
    related_lines: Vec<Option<usize>>,
}

impl Guide {
    /// The group this guide is listed under on the guide index.
    pub fn section(&self) -> &str {
        self.meta.section.as_deref().unwrap_or(DEFAULT_SECTION)
    }

    /// The anchor of this guide's section on the guide index (`pay`).
    pub fn section_id(&self) -> String {
        markdown::slugify(self.section())
    }
}

/// A group of guides on the guide index, in reading order.
#[derive(Debug)]
pub struct Section<'a> {
    /// The group's heading.
    pub name: &'a str,
    /// Its anchor id on the guide index (`#pay`).
    pub id: String,
    /// Its guides, in reading order.
    pub guides: Vec<&'a Guide>,
}

/// All content: the salary model (with the tax tables) and the guides, in
/// reading order.
#[derive(Debug, Clone)]
pub struct Site {
    /// The salary model every figure comes from.
    pub model: SalaryModel,
    /// Guides ordered by their `order`, then title.
    pub guides: Vec<Guide>,
    /// Full-text index of the guides, built on the first search: an idle
    /// server does not hold it (see [`Site::search`]).
    search: OnceLock<SearchIndex>,
    by_slug: HashMap<String, usize>,
}

impl Site {
    /// Loads, renders and checks all content from a tree of files.
    pub fn load(tree: &FileTree) -> Result<Self, ContentErrors> {
        let model = load_model(tree)?;

        let mut errors = Vec::new();
        // A guide names a source by id alone, so an id must mean one page.
        for source in &model.tax.sources {
            if model.source(&source.id).is_some() {
                errors.push(ContentError {
                    file: tree.display(TAX_PATH),
                    place: Some(format!("sources ({})", source.id)),
                    message: format!(
                        "id `{}` is also a source in content/{MODEL_PATH}; give one of them another id so a guide citing it names one page",
                        source.id
                    ),
                });
            }
        }
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
        let by_slug: HashMap<String, usize> = guides
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
        let file_of = |guide: &Guide| tree.display(&format!("{GUIDES_DIR}{}.md", guide.slug));
        // Every guide file counts as a target, even one that failed to load, so
        // its own errors are not repeated as broken `related` entries.
        let known: HashSet<&str> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(GUIDES_DIR)?.strip_suffix(".md"))
            .collect();
        for guide in &guides {
            for message in check_related(guide, &known) {
                errors.push(ContentError {
                    file: file_of(guide),
                    place: message.0.map(|l| format!("line {l}")),
                    message: message.1,
                });
            }
        }
        // Every guide is held to its fact-check record (content/checks/).
        let records: Vec<checks::GuideRef<'_>> = guides
            .iter()
            .map(|guide| checks::GuideRef {
                slug: &guide.slug,
                facts: checks::GuideFacts {
                    sources: &guide.meta.sources,
                    updated: guide.meta.updated,
                },
            })
            .collect();
        let known_source = |id: &str| CitedSource::exists(&model, id);
        for found in
            checks::check_records(tree, &known_source, &records, &|slug| known.contains(slug))
        {
            errors.push(ContentError {
                file: found.file,
                place: found.problem.place,
                message: found.problem.message,
            });
        }
        if errors.is_empty() {
            let related = choose_related(&guides);
            for (guide, related) in guides.iter_mut().zip(related) {
                guide.related = related;
            }
        }
        let site = Site {
            model,
            guides,
            search: OnceLock::new(),
            by_slug,
        };
        for guide in &site.guides {
            for link in &guide.links {
                if let Err(message) = site.check_link(guide, link) {
                    errors.push(error_at(
                        &file_of(guide),
                        None,
                        format!("broken link `{link}`: {message}"),
                    ));
                }
            }
        }
        // The data file points what-if suggestions at guide sections; those
        // links must resolve too, or a suggestion would lead nowhere.
        if let Some(first) = site.guides.first() {
            let model = &site.model;
            let factor_guides = crate::estimator::FactorKind::ALL
                .into_iter()
                .map(|kind| (kind.key(), &model.factor(kind).guide));
            let guides =
                std::iter::once(("experience", &model.experience_guide)).chain(factor_guides);
            for (entry, link) in guides {
                if let Err(message) = site.check_link(first, link) {
                    errors.push(ContentError {
                        file: tree.display(MODEL_PATH),
                        place: Some(format!("{entry}.guide")),
                        message: format!("broken link `{link}`: {message}"),
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(site)
        } else {
            Err(ContentErrors(errors))
        }
    }

    /// The full-text index of the guides, built from their text on the
    /// first call (a few milliseconds, once per content version).
    pub fn search(&self) -> &SearchIndex {
        self.search.get_or_init(|| SearchIndex::build(&self.guides))
    }

    /// Takes each guide's HTML body, in reading order: the web layer renders
    /// every guide's page once, at load, and its page's renderer keeps the
    /// body, so a second copy in the site would only hold memory (a third of
    /// a megabyte). A guide whose body was already taken gives `None`.
    pub fn take_guide_html(&mut self) -> Vec<Option<String>> {
        self.guides.iter_mut().map(|g| g.html.take()).collect()
    }

    /// The guides grouped by section, each section where its first guide falls
    /// in reading order, so the index reads top to bottom like the guide list.
    /// Guides without a section come last, whatever their order.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let mut sections: Vec<Section<'_>> = Vec::new();
        for guide in &self.guides {
            let name = guide.section();
            match sections.iter_mut().find(|s| s.name == name) {
                Some(section) => section.guides.push(guide),
                None => sections.push(Section {
                    name,
                    id: guide.section_id(),
                    guides: vec![guide],
                }),
            }
        }
        // A stable sort keeps the reading order among the named sections.
        sections.sort_by_key(|s| s.name == DEFAULT_SECTION);
        sections
    }

    /// The guides to suggest after one, best first.
    pub fn related(&self, guide: &Guide) -> Vec<&Guide> {
        guide
            .related
            .iter()
            .filter_map(|slug| self.guide(slug))
            .collect()
    }

    /// The most recent revision of any guide: when the guide list last changed.
    pub fn guides_updated(&self) -> Date {
        self.guides
            .iter()
            .map(|g| g.meta.updated)
            .max()
            .unwrap_or(self.model.updated)
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
            "/" | "/guides/" | "/sources" | "/search" | "/feed.xml" | "/sitemap.xml"
            | "/robots.txt" | "/api/v1/options" | "/healthz" => Ok(()),
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
            "/compare" | "/api/v1/compare" => match query {
                Some(query) => {
                    let pairs: Vec<(String, String)> = serde_html_form::from_str(query)
                        .map_err(|e| format!("unreadable query: {e}"))?;
                    let comparison = crate::estimator::compare::CompareQuery::from_pairs(pairs);
                    crate::estimator::compare::compare(&self.model, &comparison)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }
                None => Ok(()),
            },
            "/pay/" => Ok(()),
            _ => match path.strip_prefix("/pay/") {
                // An area page exists for every BLS area but the nation.
                Some(id)
                    if self.model.bls.area(id).is_some() && id != self.model.bls.national().id =>
                {
                    Ok(())
                }
                Some(id) => Err(format!("there is no area page `{id}`")),
                None => Err("no page has this address".to_owned()),
            },
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

/// Problems with a guide's hand-picked `related` list, each with its line.
fn check_related(guide: &Guide, known: &HashSet<&str>) -> Vec<(Option<usize>, String)> {
    let mut problems = Vec::new();
    if guide.meta.related.len() > RELATED_GUIDES {
        problems.push((
            guide.related_lines.get(RELATED_GUIDES).copied().flatten(),
            format!(
                "front matter: related names {} guides; name at most {RELATED_GUIDES}",
                guide.meta.related.len()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for (slug, line) in guide.meta.related.iter().zip(&guide.related_lines) {
        let problem = if slug == &guide.slug {
            Some(format!(
                "front matter: related lists the guide itself (`{slug}`)"
            ))
        } else if !known.contains(slug.as_str()) {
            Some(format!(
                "front matter: related names `{slug}`, but there is no guide {GUIDES_DIR}{slug}.md"
            ))
        } else if !seen.insert(slug) {
            Some(format!("front matter: related lists `{slug}` twice"))
        } else {
            None
        };
        if let Some(problem) = problem {
            problems.push((*line, problem));
        }
    }
    problems
}

/// Picks each guide's related guides: the hand-picked ones first, then the
/// guides it has most in common with, other than its previous and next guides,
/// which the page already links to.
///
/// "In common" is the guides' shared sources and section, each weighted by how
/// rare it is across all guides (inverse document frequency): two guides both
/// citing a source that nearly every guide cites says little, two guides
/// sharing a niche survey say a lot. Ties go to the earlier guide in reading
/// order, so the choice is stable from one load to the next. `guides` must be
/// in reading order.
fn choose_related(guides: &[Guide]) -> Vec<Vec<String>> {
    // Ordered sets: the scores below are float sums over the shared terms,
    // and a set's own iteration order would change the last bits of a sum
    // from one load to the next, and with them which tied guide is chosen,
    // so two copies of the site would serve different pages (and ETags).
    let terms: Vec<BTreeSet<String>> = guides
        .iter()
        .map(|g| {
            g.meta
                .sources
                .iter()
                .map(|s| format!("source:{s}"))
                .chain([format!("section:{}", g.section())])
                .collect()
        })
        .collect();
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for term in terms.iter().flatten() {
        *frequency.entry(term.as_str()).or_default() += 1;
    }
    let total = guides.len() as f64;
    let weight = |term: &str| libm::log(total / frequency.get(term).copied().unwrap_or(1) as f64);

    guides
        .iter()
        .enumerate()
        .map(|(i, guide)| {
            let mut chosen: Vec<String> = guide
                .meta
                .related
                .iter()
                .take(RELATED_GUIDES)
                .cloned()
                .collect();
            let mut candidates: Vec<(f64, usize)> = guides
                .iter()
                .enumerate()
                .filter(|(j, other)| j.abs_diff(i) > 1 && !chosen.contains(&other.slug))
                .map(|(j, _)| {
                    let score: f64 = terms[i].intersection(&terms[j]).map(|t| weight(t)).sum();
                    (score, j)
                })
                .filter(|(score, _)| *score > 0.0)
                .collect();
            candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            chosen.extend(
                candidates
                    .into_iter()
                    .take(RELATED_GUIDES.saturating_sub(chosen.len()))
                    .map(|(_, j)| guides[j].slug.clone()),
            );
            chosen
        })
        .collect()
}

fn error_at(file: &str, line: Option<usize>, message: String) -> ContentError {
    ContentError {
        file: file.to_owned(),
        place: line.map(|l| format!("line {l}")),
        message,
    }
}

#[cfg(test)]
mod tests;
