//! Full-text search over the guides.
//!
//! A [tantivy] index held in memory, built from the guides' plain text whenever
//! content is loaded (at start-up and on every reload under `serve --watch`), so
//! a query never reads a file. tantivy scores with BM25 over an inverted index,
//! which stays fast with thousands of articles; we only choose the fields and
//! their weights.
//!
//! Words are lower-cased and reduced to their English stem, so "negotiating"
//! finds "negotiate". A query is read leniently: stray quotes or brackets never
//! cause an error, and every word must appear (AND), because a reader who adds a
//! word means to narrow the results.

use std::fmt;
use std::ops::Range;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{Index, IndexReader, TantivyDocument, doc};

use super::Guide;

/// How much more a word in the title counts than one in the body: a guide
/// named after what you searched for is the best answer, even when another
/// guide uses the word more often in passing.
const TITLE_BOOST: f32 = 3.0;
/// Headings name what a section is about, so they count a little extra too.
const HEADINGS_BOOST: f32 = 1.5;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 180;
/// Memory for the index writer; tantivy's minimum per thread is 15 MB, and one
/// thread is plenty for text that fits in memory anyway.
const WRITER_MEMORY: usize = 20_000_000;
/// Stemming tokenizer registered by tantivy: simple tokens, lower case, English stems.
const TOKENIZER: &str = "en_stem";

/// The search index of one set of guides.
#[derive(Clone)]
pub struct SearchIndex {
    reader: IndexReader,
    parser: QueryParser,
    slug: Field,
    body: Field,
    documents: usize,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("documents", &self.documents)
            .finish_non_exhaustive()
    }
}

/// The index could not be built or searched.
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(#[from] tantivy::TantivyError);

/// One page of results for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// How many guides match in all.
    pub total: usize,
    /// The requested page of matches, best first.
    pub hits: Vec<SearchHit>,
}

/// One matching guide.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The guide's slug.
    pub slug: String,
    /// Relevance; only meaningful compared with other hits of the same query.
    pub score: f32,
    /// The best passage of the body, with the query's words marked; empty when
    /// the words are only in the title or headings.
    pub snippet: Vec<SnippetPart>,
    /// Whether the snippet starts mid-text (so a reader sees an ellipsis).
    pub snippet_cut_before: bool,
    /// Whether the snippet stops before the end of the text.
    pub snippet_cut_after: bool,
}

/// A run of snippet text, highlighted when it is one of the query's words.
///
/// Kept as text rather than HTML so the template escapes it like any other value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    /// The text, as in the guide.
    pub text: String,
    /// Whether it matched the query.
    pub highlight: bool,
}

impl SearchIndex {
    /// Indexes the guides' titles, headings and plain-text bodies.
    pub fn build(guides: &[Guide]) -> Result<Self, SearchError> {
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let mut schema = Schema::builder();
        let slug = schema.add_text_field("slug", STRING | STORED);
        let title = schema.add_text_field("title", text.clone());
        let headings = schema.add_text_field("headings", text.clone());
        // Stored so snippets come from the same text that was indexed.
        let body = schema.add_text_field("body", text | STORED);
        let index = Index::create_in_ram(schema.build());

        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY)?;
        for guide in guides {
            let heading_text: Vec<&str> = guide.headings.iter().map(|h| h.text.as_str()).collect();
            writer.add_document(doc!(
                slug => guide.slug.as_str(),
                title => guide.meta.title.as_str(),
                headings => heading_text.join("\n"),
                body => guide.text.as_str(),
            ))?;
        }
        writer.commit()?;
        let reader = index.reader()?;

        let mut parser = QueryParser::for_index(&index, vec![title, headings, body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(title, TITLE_BOOST);
        parser.set_field_boost(headings, HEADINGS_BOOST);
        Ok(Self {
            reader,
            parser,
            slug,
            body,
            documents: guides.len(),
        })
    }

    /// The matches for a query, best first: `limit` of them, after skipping `offset`.
    pub fn search(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<SearchResults, SearchError> {
        // Errors name the parts of the query that were ignored (an unknown
        // `field:`, a lone quote); the rest still runs, which is what a reader
        // typing into a box expects.
        let (query, _ignored) = self.parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument = searcher.doc(address)?;
            let slug = document
                .get_first(self.slug)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned();
            let body = document
                .get_first(self.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let snippet = snippets.snippet(body);
            let range = snippet.fragment_range();
            let highlighted = !snippet.is_empty();
            hits.push(SearchHit {
                slug,
                score,
                snippet: if highlighted {
                    parts(&snippet)
                } else {
                    Vec::new()
                },
                snippet_cut_before: highlighted && range.start > 0,
                snippet_cut_after: highlighted && range.end < body.len(),
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// How many guides are indexed.
    pub fn len(&self) -> usize {
        self.documents
    }

    /// Whether no guide is indexed.
    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }
}

/// Splits a snippet into plain and highlighted runs.
fn parts(snippet: &Snippet) -> Vec<SnippetPart> {
    let fragment = snippet.fragment();
    let mut ranges: Vec<Range<usize>> = snippet.highlighted().to_vec();
    ranges.sort_by_key(|r| r.start);
    let mut parts = Vec::new();
    let mut at = 0;
    for range in ranges {
        // Overlapping or out-of-bounds ranges would split a character or repeat text.
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        let (Some(before), Some(marked)) =
            (fragment.get(at..range.start), fragment.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            parts.push(SnippetPart {
                text: before.to_owned(),
                highlight: false,
            });
        }
        parts.push(SnippetPart {
            text: marked.to_owned(),
            highlight: true,
        });
        at = range.end;
    }
    if let Some(rest) = fragment.get(at..).filter(|r| !r.is_empty()) {
        parts.push(SnippetPart {
            text: rest.to_owned(),
            highlight: false,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FrontMatter;

    fn guide(slug: &str, title: &str, text: &str) -> Guide {
        Guide {
            slug: slug.to_owned(),
            meta: FrontMatter {
                title: title.to_owned(),
                description: format!("About {title}."),
                updated: jiff::civil::date(2026, 1, 1),
                order: 1,
                sources: Vec::new(),
                section: None,
                related: Vec::new(),
            },
            html: String::new(),
            headings: Vec::new(),
            sources: Vec::new(),
            words: 0,
            reading_minutes: 1,
            text: text.to_owned(),
            related: Vec::new(),
            links: Vec::new(),
            related_lines: Vec::new(),
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::build(&[
            guide(
                "rates",
                "Freelance rates",
                "What to charge per hour when you work for yourself.",
            ),
            guide(
                "offers",
                "Comparing offers",
                "Some people go freelance. Freelance work means freelance taxes, \
                 freelance gaps between clients and freelance paperwork.",
            ),
            guide(
                "pay",
                "Pay by experience",
                "Negotiating pay & <b>raises</b> with your manager.",
            ),
        ])
        .unwrap()
    }

    fn slugs(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.slug.as_str()).collect()
    }

    #[test]
    fn a_title_match_outranks_frequent_use_in_the_body() {
        let results = index().search("freelance", 0, 10).unwrap();
        assert_eq!(slugs(&results), ["rates", "offers"]);
        assert_eq!(results.total, 2);
    }

    #[test]
    fn every_word_must_match_and_stems_match_each_other() {
        let index = index();
        assert_eq!(
            slugs(&index.search("negotiate raise", 0, 10).unwrap()),
            ["pay"]
        );
        assert!(
            index
                .search("negotiate freelance", 0, 10)
                .unwrap()
                .hits
                .is_empty()
        );
    }

    #[test]
    fn snippets_mark_the_matched_words_and_keep_text_as_written() {
        let results = index().search("raises", 0, 10).unwrap();
        let hit = &results.hits[0];
        let marked: Vec<&str> = hit
            .snippet
            .iter()
            .filter(|p| p.highlight)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, ["raises"]);
        let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
        assert!(whole.contains("pay & <b>raises</b>"), "{whole}");
    }

    #[test]
    fn a_title_only_match_has_no_snippet() {
        let results = index().search("comparing", 0, 10).unwrap();
        assert_eq!(slugs(&results), ["offers"]);
        assert!(results.hits[0].snippet.is_empty());
    }

    #[test]
    fn broken_query_syntax_is_read_leniently() {
        let index = index();
        for query in [
            "\"freelance",
            "freelance)",
            "title:(",
            "nosuchfield:x freelance",
            "+",
            "",
        ] {
            index.search(query, 0, 10).unwrap();
        }
        assert_eq!(
            slugs(&index.search("\"freelance", 0, 10).unwrap())[0],
            "rates"
        );
    }

    #[test]
    fn offset_and_limit_page_through_results() {
        let index = index();
        let second = index.search("freelance", 1, 1).unwrap();
        assert_eq!(slugs(&second), ["offers"]);
        assert_eq!(second.total, 2);
    }
}
