//! The fact-check record kept beside each guide: `content/checks/{slug}.toml`.
//!
//! A record lists every claim the guide credits to a source, with the source's
//! own words (or, where the page could not be read, what was tried), and the
//! sentences that state a direction or size in words, checked by reading. It is
//! for maintainers: loaded only to hold the guides to it, never rendered or
//! served. [`parse`] reads one record from text and [`validate`] holds it to its
//! guide, both pure; [`check_records`] adds the file I/O and names the files.
//!
//! A guide fails the check when it cites a source its record does not cover,
//! when its record names a source neither data file has, when the record
//! was checked before the guide's `updated` date (the text changed since), or
//! when it has no record at all.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Deserialize;

use super::files::FileTree;

/// Folder of the records inside the content tree.
pub const CHECKS_DIR: &str = "checks/";

/// A quote longer than this is no longer a quote but a copy: cite less.
pub const MAX_QUOTE_WORDS: usize = 30;

/// One guide's fact-check record, as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Sentences credited to a source, one entry per source they rest on.
    #[serde(default, rename = "claim")]
    pub claims: Vec<Claim>,
    /// Sentences stating a direction or size in words ("pays more", "wider"),
    /// checked by reading the calculator figures they describe.
    #[serde(default, rename = "reading")]
    pub readings: Vec<Reading>,
}

/// A sentence of the guide credited to a source, and where the source says it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The guide's sentence (shortened where long).
    pub text: String,
    /// Id of the source in either data file's `[[sources]]` (the salary
    /// model's or the tax tables').
    pub source: String,
    /// The source's own words that support the sentence, under
    /// [`MAX_QUOTE_WORDS`] words. Exactly one of `quote` and `unread`.
    #[serde(default)]
    pub quote: Option<String>,
    /// Why the page could not be read here, and what was read instead.
    #[serde(default)]
    pub unread: Option<String>,
    /// Where on the source's page the words are.
    #[serde(rename = "where")]
    pub place: String,
    /// The day the source was read for this claim.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub checked: Date,
}

/// A sentence that describes calculator figures in words, checked by reading.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// The guide's sentence.
    pub text: String,
    /// The figures it was read against.
    pub against: String,
    /// The day it was read.
    #[serde(deserialize_with = "crate::dates::deserialize")]
    pub checked: Date,
}

/// A problem in one record file, for the content loader to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The record as the author knows it (`content/checks/outlook.toml`).
    pub file: String,
    /// The problem itself.
    pub problem: Problem,
}

/// One way a record fails its guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry (`claim 3`, `reading 1`), when the problem is in one.
    pub place: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    fn at(place: String, message: String) -> Self {
        Self {
            place: Some(place),
            message,
        }
    }

    fn whole(message: String) -> Self {
        Self {
            place: None,
            message,
        }
    }
}

/// What a record is held to: the guide's own front matter.
#[derive(Debug, Clone, Copy)]
pub struct GuideFacts<'a> {
    /// Source ids the guide cites.
    pub sources: &'a [String],
    /// The guide's `updated` date: a record checked before it is stale.
    pub updated: Date,
}

/// Reads one record from TOML text.
pub fn parse(text: &str) -> Result<Record, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// Holds a record to its guide; `known_source` says whether a data file has
/// a source id. Returns every problem, in file order, then the uncovered
/// sources in the guide's order.
pub fn validate(
    record: &Record,
    guide: GuideFacts<'_>,
    known_source: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let stale = |checked: Date| {
        format!(
            "checked {checked}, before the guide's updated date {}; re-read the source and renew `checked`",
            guide.updated
        )
    };
    for (i, claim) in record.claims.iter().enumerate() {
        let place = format!("claim {}", i + 1);
        for (field, value) in [
            ("text", &claim.text),
            ("source", &claim.source),
            ("where", &claim.place),
        ] {
            if value.trim().is_empty() {
                problems.push(Problem::at(place.clone(), format!("`{field}` is empty")));
            }
        }
        if !claim.source.trim().is_empty() && !known_source(&claim.source) {
            problems.push(Problem::at(
                place.clone(),
                format!(
                    "unknown source `{}`; sources are listed in {}",
                    claim.source,
                    super::source_lists()
                ),
            ));
        }
        match (&claim.quote, &claim.unread) {
            (Some(quote), None) => {
                let words = quote.split_whitespace().count();
                if words == 0 {
                    problems.push(Problem::at(place.clone(), "`quote` is empty".to_owned()));
                } else if words >= MAX_QUOTE_WORDS {
                    problems.push(Problem::at(
                        place.clone(),
                        format!(
                            "`quote` has {words} words; keep it under {MAX_QUOTE_WORDS}, the words that carry the claim"
                        ),
                    ));
                }
            }
            (None, Some(unread)) if !unread.trim().is_empty() => {}
            (None, Some(_)) => problems.push(Problem::at(
                place.clone(),
                "`unread` is empty; say why the page could not be read and what was read instead"
                    .to_owned(),
            )),
            (Some(_), Some(_)) => problems.push(Problem::at(
                place.clone(),
                "has both `quote` and `unread`; keep the quote if the page was read".to_owned(),
            )),
            (None, None) => problems.push(Problem::at(
                place.clone(),
                "needs `quote` (the source's own words) or `unread` (why the page could not be read)"
                    .to_owned(),
            )),
        }
        if claim.checked < guide.updated {
            problems.push(Problem::at(place, stale(claim.checked)));
        }
    }
    for (i, reading) in record.readings.iter().enumerate() {
        let place = format!("reading {}", i + 1);
        for (field, value) in [("text", &reading.text), ("against", &reading.against)] {
            if value.trim().is_empty() {
                problems.push(Problem::at(place.clone(), format!("`{field}` is empty")));
            }
        }
        if reading.checked < guide.updated {
            problems.push(Problem::at(place, stale(reading.checked)));
        }
    }
    let covered: BTreeSet<&str> = record.claims.iter().map(|c| c.source.as_str()).collect();
    for id in guide.sources {
        if !covered.contains(id.as_str()) {
            problems.push(Problem::whole(format!(
                "the guide cites `{id}` but no [[claim]] here rests on it; add the sentences it supports, with its words"
            )));
        }
    }
    problems
}

/// One loaded guide, as the records need it.
#[derive(Debug, Clone, Copy)]
pub struct GuideRef<'a> {
    /// URL name; its record is `checks/{slug}.toml`.
    pub slug: &'a str,
    /// Its front matter's sources and date.
    pub facts: GuideFacts<'a>,
}

/// Reads every record and holds each loaded guide to its own; `known_source`
/// says whether a data file has a source id, `guide_exists` whether a guide
/// file of that slug exists, loaded or not, so a record is an orphan only when
/// its guide does not exist at all.
pub fn check_records(
    tree: &FileTree,
    known_source: &dyn Fn(&str) -> bool,
    guides: &[GuideRef<'_>],
    guide_exists: &dyn Fn(&str) -> bool,
) -> Vec<RecordError> {
    let mut errors = Vec::new();
    let mut report = |path: &str, problem: Problem| {
        errors.push(RecordError {
            file: tree.display(path),
            problem,
        });
    };
    let record_files: BTreeSet<String> = match tree.list(CHECKS_DIR) {
        Ok(paths) => paths.into_iter().filter(|p| p.ends_with(".toml")).collect(),
        // No folder at all: every guide below reports its missing record.
        Err(_) => BTreeSet::new(),
    };
    for path in &record_files {
        let slug = path
            .strip_prefix(CHECKS_DIR)
            .and_then(|p| p.strip_suffix(".toml"))
            .unwrap_or(path);
        if !guide_exists(slug) {
            report(
                path,
                Problem::whole(format!(
                    "no guide `{slug}` for this record; rename it after its guide's file or delete it"
                )),
            );
        }
    }
    for guide in guides {
        let path = format!("{CHECKS_DIR}{}.toml", guide.slug);
        if !record_files.contains(&path) {
            report(
                &path,
                Problem::whole(format!(
                    "missing: guide `{}` cites sources, so it needs a fact-check record here (see content/{CHECKS_DIR}README.md)",
                    guide.slug
                )),
            );
            continue;
        }
        let record = tree
            .read_text(&path)
            .map_err(|e| e.source.to_string())
            .and_then(|text| parse(&text));
        match record {
            Ok(record) => {
                for problem in validate(&record, guide.facts, known_source) {
                    report(&path, problem);
                }
            }
            Err(message) => report(&path, Problem::whole(message)),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().expect("a date")
    }

    const RECORD: &str = r#"
[[claim]]
text = "Remote roles paid more than local ones in every market except London."
source = "hired-2023"
quote = "At the end of December 2022, remote roles in every market except London paid more than local roles."
where = "Key findings"
checked = 2026-12-03

[[claim]]
text = "The 2026 guide names three growth areas."
source = "article-2026"
unread = "Only the opening of the stored copy could be read."
where = "outlook"
checked = 2026-12-03

[[reading]]
text = "Seattle pays more than Austin."
against = "pay years=4 in both"
checked = 2026-12-03
"#;

    fn known(id: &str) -> bool {
        ["hired-2023", "article-2026", "so-survey-2025"].contains(&id)
    }

    /// The problems of `text` held to a guide citing `cited`, updated `updated`.
    fn problems(text: &str, cited: &[&str], updated: &str) -> Vec<Problem> {
        let record = parse(text).expect("valid record");
        validate(
            &record,
            GuideFacts {
                sources: &sources(cited),
                updated: date(updated),
            },
            &known,
        )
    }

    fn facts(cited: &[&str], updated: &str) -> Vec<Problem> {
        problems(RECORD, cited, updated)
    }

    fn sources(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_record_covering_every_cited_source_passes() {
        let record = parse(RECORD).expect("valid record");
        assert_eq!(record.claims.len(), 2);
        assert_eq!(record.readings.len(), 1);
        assert_eq!(record.claims[0].place, "Key findings");
        assert!(facts(&["hired-2023", "article-2026"], "2026-12-01").is_empty());
    }

    #[test]
    fn a_guide_citing_a_source_its_record_does_not_cover_fails() {
        let problems = facts(&["hired-2023", "so-survey-2025"], "2026-12-01");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].place, None);
        assert!(
            problems[0].message.contains("`so-survey-2025`"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_record_naming_an_unknown_source_fails() {
        let text = RECORD.replace("source = \"hired-2023\"", "source = \"hired-2099\"");
        let problems = problems(&text, &["article-2026"], "2026-12-01");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].place.as_deref(), Some("claim 1"));
        assert!(problems[0].message.contains("unknown source `hired-2099`"));
        // Both lists an id may come from are named.
        for file in [
            "content/data/salary-model.toml",
            "content/data/tax-2026.toml",
        ] {
            assert!(problems[0].message.contains(file), "{problems:?}");
        }
    }

    #[test]
    fn a_record_older_than_the_guide_fails_entry_by_entry() {
        let problems = facts(&["hired-2023"], "2026-12-04");
        let places: Vec<_> = problems.iter().filter_map(|p| p.place.as_deref()).collect();
        assert_eq!(places, ["claim 1", "claim 2", "reading 1"]);
        assert!(
            problems[0]
                .message
                .contains("before the guide's updated date 2026-12-04")
        );
        // Checked on the day the guide changed is not stale.
        assert!(facts(&["hired-2023"], "2026-12-03").is_empty());
    }

    #[test]
    fn a_claim_needs_exactly_one_of_quote_and_unread() {
        let neither = RECORD.replace(
            "unread = \"Only the opening of the stored copy could be read.\"\n",
            "",
        );
        let both = RECORD.replace(
            "unread = \"Only the opening of the stored copy could be read.\"\n",
            "unread = \"x\"\nquote = \"y\"\n",
        );
        for (text, expected) in [(neither, "needs `quote`"), (both, "has both")] {
            let problems = problems(&text, &[], "2026-12-01");
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].place.as_deref(), Some("claim 2"));
            assert!(problems[0].message.contains(expected), "{problems:?}");
        }
    }

    #[test]
    fn a_quote_of_thirty_words_or_more_is_refused() {
        let long = vec!["word"; MAX_QUOTE_WORDS].join(" ");
        let text = RECORD.replace(
            "quote = \"At the end of December 2022, remote roles in every market except London paid more than local roles.\"",
            &format!("quote = \"{long}\""),
        );
        let problems = problems(&text, &[], "2026-12-01");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("30 words"), "{problems:?}");
    }

    #[test]
    fn every_guide_needs_a_record_and_every_record_a_guide() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let checks = dir.path().join("checks");
        std::fs::create_dir(&checks).expect("checks folder");
        std::fs::write(checks.join("remote.toml"), RECORD).expect("record");
        std::fs::write(checks.join("gone.toml"), RECORD).expect("orphan");
        std::fs::write(checks.join("README.md"), "not a record").expect("readme");
        let tree = FileTree::content(Some(dir.path()));
        let cited = sources(&["hired-2023", "article-2026"]);
        let facts = GuideFacts {
            sources: &cited,
            updated: date("2026-12-01"),
        };
        let guides = [
            GuideRef {
                slug: "remote",
                facts,
            },
            GuideRef {
                slug: "outlook",
                facts,
            },
        ];
        let files = BTreeSet::from(["remote", "outlook", "broken"]);
        let errors = check_records(&tree, &known, &guides, &|slug| files.contains(slug));
        let found: Vec<(String, String)> = errors
            .iter()
            .map(|e| {
                let file = std::path::Path::new(&e.file)
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (file, e.problem.message.clone())
            })
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "gone.toml");
        assert!(found[0].1.contains("no guide `gone`"), "{found:?}");
        assert_eq!(found[1].0, "outlook.toml");
        assert!(found[1].1.starts_with("missing"), "{found:?}");
    }

    #[test]
    fn unknown_fields_and_missing_dates_are_parse_errors_with_a_line() {
        let typo = RECORD.replacen("where =", "were =", 1);
        let error = parse(&typo).unwrap_err();
        assert!(error.contains("line"), "{error}");
        let no_date = RECORD.replacen("checked = 2026-12-03\n", "", 1);
        assert!(parse(&no_date).unwrap_err().contains("checked"));
    }
}
