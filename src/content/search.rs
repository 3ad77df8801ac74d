//! Full-text search over the guides.
//!
//! An inverted index held in memory, built from the guides' plain text whenever
//! content is loaded (at start-up and on every reload under `serve --watch`), so
//! a query never reads a file. Matches are ranked with BM25, the scoring
//! full-text engines use, summed over three fields with their own weights:
//! title, headings and body.
//!
//! Why not a search engine crate: tantivy did this job first, but its code and
//! its indexing buffers were a third of the server's memory for a dozen
//! articles (docs/benchmarks.md). What is hard about search in English,
//! stemming, comes from `rust-stemmers` (Snowball, the stemmer tantivy and
//! Lucene use); what is left is counting words, which is short.
//!
//! Words are runs of letters and digits, lower-cased and reduced to their
//! English stem, so "negotiating" finds "negotiate". A query is read the same
//! way, so stray quotes or brackets never cause an error, and every word must
//! appear (AND), because a reader who adds a word means to narrow the results.

use std::collections::HashMap;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

use super::Guide;

/// How much more a word in the title counts than one in the body: a guide
/// named after what you searched for is the best answer, even when another
/// guide uses the word more often in passing.
const TITLE_BOOST: f32 = 3.0;
/// Headings name what a section is about, so they count a little extra too.
const HEADINGS_BOOST: f32 = 1.5;
/// The fields, in the order of [`Field`], with their weights.
const BOOSTS: [f32; FIELDS] = [TITLE_BOOST, HEADINGS_BOOST, 1.0];
const FIELDS: usize = 3;
/// Longest snippet, in bytes of text.
const SNIPPET_CHARS: usize = 180;
/// How much text before the first matched word a snippet shows, at most.
const SNIPPET_LEAD: usize = 40;
/// Longer "words" are not words (an address, a hash) and are not indexed.
const LONGEST_WORD: usize = 40;
/// BM25's usual parameters: how fast repeated words stop adding (k1) and how
/// much a long text is discounted (b).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Where a word was found.
#[derive(Debug, Clone, Copy)]
enum Field {
    Title = 0,
    Headings = 1,
    Body = 2,
}

/// The search index of one set of guides.
///
/// Kept for the server's life, so laid flat: every stem in one string and
/// every posting in one list, found by binary search. A hash table of a
/// `Vec` per stem held 3,000 small allocations, most with room to spare,
/// and twice the memory.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    documents: Vec<Document>,
    /// Every stem, sorted and joined: stem `i` is `stems[stem_ends[i - 1]..stem_ends[i]]`.
    stems: String,
    stem_ends: Vec<u32>,
    /// The documents holding each stem, in document order: stem `i`'s are
    /// `postings[posting_ends[i - 1]..posting_ends[i]]`.
    postings: Vec<Posting>,
    posting_ends: Vec<u32>,
    /// Average words per field, for BM25's length discount.
    average_words: [f32; FIELDS],
}

#[derive(Debug, Clone)]
struct Document {
    slug: String,
    /// The body as indexed, for snippets: the guide's own text.
    body: std::sync::Arc<str>,
    words: [u32; FIELDS],
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    document: u32,
    /// Occurrences in each field.
    counts: [u32; FIELDS],
}

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

/// A word of a text: its stem and where it stands.
struct Word {
    stem: String,
    at: Range<usize>,
}

/// The words of a text, stemmed.
fn words<'a>(stemmer: &'a Stemmer, text: &'a str) -> impl Iterator<Item = Word> + 'a {
    text.char_indices()
        .filter(|&(at, c)| {
            c.is_alphanumeric()
                && !text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        })
        .filter_map(move |(start, _)| {
            let end = text[start..]
                .find(|c: char| !c.is_alphanumeric())
                .map_or(text.len(), |length| start + length);
            let word = &text[start..end];
            (word.len() <= LONGEST_WORD).then(|| Word {
                stem: stemmer.stem(&word.to_lowercase()).into_owned(),
                at: start..end,
            })
        })
}

impl SearchIndex {
    /// Indexes the guides' titles, headings and plain-text bodies.
    pub fn build(guides: &[Guide]) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut index = SearchIndex::default();
        // Each guide's stems with its counts, gathered, then sorted by stem
        // (a stable sort keeps each stem's guides in order) and laid flat.
        let mut found: Vec<(String, Posting)> = Vec::new();
        let mut total_words = [0u64; FIELDS];
        for (number, guide) in guides.iter().enumerate() {
            let number = u32::try_from(number).unwrap_or(u32::MAX);
            let headings: Vec<&str> = guide.headings.iter().map(|h| h.text.as_str()).collect();
            let headings = headings.join("\n");
            let mut counts: HashMap<String, [u32; FIELDS]> = HashMap::new();
            let mut field_words = [0u32; FIELDS];
            for (field, text) in [
                (Field::Title, guide.meta.title.as_str()),
                (Field::Headings, headings.as_str()),
                (Field::Body, &*guide.text),
            ] {
                for word in words(&stemmer, text) {
                    counts.entry(word.stem).or_default()[field as usize] += 1;
                    field_words[field as usize] += 1;
                }
            }
            found.extend(counts.into_iter().map(|(stem, counts)| {
                let posting = Posting {
                    document: number,
                    counts,
                };
                (stem, posting)
            }));
            for (total, words) in total_words.iter_mut().zip(field_words) {
                *total += u64::from(words);
            }
            index.documents.push(Document {
                slug: guide.slug.clone(),
                body: guide.text.clone(),
                words: field_words,
            });
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        index.postings.reserve_exact(found.len());
        for (i, (stem, posting)) in found.iter().enumerate() {
            if i > 0 && found[i - 1].0 != *stem {
                index.posting_ends.push(index.postings.len() as u32);
            }
            if i == 0 || found[i - 1].0 != *stem {
                index.stems.push_str(stem);
                index.stem_ends.push(index.stems.len() as u32);
            }
            index.postings.push(*posting);
        }
        if !found.is_empty() {
            index.posting_ends.push(index.postings.len() as u32);
        }
        index.stems.shrink_to_fit();
        index.stem_ends.shrink_to_fit();
        index.posting_ends.shrink_to_fit();
        let documents = index.documents.len().max(1) as f32;
        index.average_words = total_words.map(|total| (total as f32 / documents).max(1.0));
        index
    }

    /// The documents holding a stem, in document order.
    fn postings(&self, stem: &str) -> Option<&[Posting]> {
        let start = |ends: &[u32], i: usize| i.checked_sub(1).map_or(0, |i| ends[i] as usize);
        // Binary search: the stems are sorted.
        let (mut low, mut high) = (0, self.stem_ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            let at = &self.stems[start(&self.stem_ends, middle)..self.stem_ends[middle] as usize];
            match at.cmp(stem) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    let end = self.posting_ends[middle] as usize;
                    return self.postings.get(start(&self.posting_ends, middle)..end);
                }
            }
        }
        None
    }

    /// The matches for a query, best first: `limit` of them, after skipping `offset`.
    pub fn search(&self, query: &str, offset: usize, limit: usize) -> SearchResults {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut stems: Vec<String> = words(&stemmer, query).map(|word| word.stem).collect();
        stems.sort();
        stems.dedup();
        let Some(lists) = stems
            .iter()
            .map(|stem| self.postings(stem))
            .collect::<Option<Vec<_>>>()
            .filter(|lists| !lists.is_empty())
        else {
            return SearchResults {
                total: 0,
                hits: Vec::new(),
            };
        };
        let mut scores: HashMap<u32, (usize, f32)> = HashMap::new();
        for list in &lists {
            let idf = self.idf(list);
            for posting in list.iter() {
                let score = self.score(posting, &idf);
                let entry = scores.entry(posting.document).or_default();
                entry.0 += 1;
                entry.1 += score;
            }
        }
        // Every word must match.
        let mut ranked: Vec<(u32, f32)> = scores
            .into_iter()
            .filter(|(_, (matched, _))| *matched == lists.len())
            .map(|(document, (_, score))| (document, score))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let total = ranked.len();
        let hits = ranked
            .into_iter()
            .skip(offset)
            .take(limit)
            .filter_map(|(document, score)| {
                let document = self.documents.get(document as usize)?;
                Some(hit(&stemmer, document, score, &stems))
            })
            .collect();
        SearchResults { total, hits }
    }

    /// How rare a word is in each field: rarer words say more about a guide.
    fn idf(&self, postings: &[Posting]) -> [f32; FIELDS] {
        let documents = self.documents.len() as f32;
        std::array::from_fn(|field| {
            let holding = postings.iter().filter(|p| p.counts[field] > 0).count() as f32;
            libm::logf(1.0 + (documents - holding + 0.5) / (holding + 0.5))
        })
    }

    /// BM25 of one word in one guide, summed over the fields with their weights.
    fn score(&self, posting: &Posting, idf: &[f32; FIELDS]) -> f32 {
        let words = self
            .documents
            .get(posting.document as usize)
            .map_or([0; FIELDS], |d| d.words);
        (0..FIELDS)
            .map(|field| {
                let count = posting.counts[field] as f32;
                if count == 0.0 {
                    return 0.0;
                }
                let length = words[field] as f32 / self.average_words[field];
                let saturated = count * (K1 + 1.0) / (count + K1 * (1.0 - B + B * length));
                BOOSTS[field] * idf[field] * saturated
            })
            .sum()
    }

    /// How many guides are indexed.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether no guide is indexed.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

/// A hit with its snippet: the passage of at most [`SNIPPET_CHARS`] that holds
/// the most different words of the query, starting a little before the first.
fn hit(stemmer: &Stemmer, document: &Document, score: f32, stems: &[String]) -> SearchHit {
    let body = &*document.body;
    let matched: Vec<(usize, Range<usize>)> = words(stemmer, body)
        .filter_map(|word| {
            let which = stems.iter().position(|stem| *stem == word.stem)?;
            Some((which, word.at))
        })
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for (first, (_, at)) in matched.iter().enumerate() {
        let mut seen = vec![false; stems.len()];
        for (which, later) in &matched[first..] {
            if later.end > at.start + SNIPPET_CHARS {
                break;
            }
            seen[*which] = true;
        }
        let different = seen.iter().filter(|s| **s).count();
        if best.is_none_or(|(_, most)| different > most) {
            best = Some((first, different));
        }
    }
    let Some((first, _)) = best else {
        return SearchHit {
            slug: document.slug.clone(),
            score,
            snippet: Vec::new(),
            snippet_cut_before: false,
            snippet_cut_after: false,
        };
    };
    let first_at = matched[first].1.start;
    let start = snippet_start(body, first_at);
    let end = snippet_end(body, start);
    let mut snippet = Vec::new();
    let mut at = start;
    for (_, range) in &matched[first..] {
        if range.end > end {
            break;
        }
        if range.start > at {
            snippet.push(part(&body[at..range.start], false));
        }
        snippet.push(part(&body[range.clone()], true));
        at = range.end;
    }
    if end > at {
        snippet.push(part(&body[at..end], false));
    }
    SearchHit {
        slug: document.slug.clone(),
        score,
        snippet,
        snippet_cut_before: start > 0,
        snippet_cut_after: end < body.len(),
    }
}

/// The nearest character boundary at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn part(text: &str, highlight: bool) -> SnippetPart {
    SnippetPart {
        text: text.to_owned(),
        highlight,
    }
}

/// Where a snippet whose first match is at `first` begins: at the start of a
/// word at most [`SNIPPET_LEAD`] bytes before it (or of the sentence).
fn snippet_start(body: &str, first: usize) -> usize {
    let earliest = floor_char_boundary(body, first.saturating_sub(SNIPPET_LEAD));
    let lead = &body[earliest..first];
    if let Some(sentence) = lead.rfind(". ") {
        return earliest + sentence + 2;
    }
    if earliest == 0 {
        return 0;
    }
    lead.find(char::is_whitespace)
        .map_or(first, |space| earliest + space + 1)
}

/// Where a snippet beginning at `start` ends: at the end of the last whole
/// word that fits in [`SNIPPET_CHARS`].
fn snippet_end(body: &str, start: usize) -> usize {
    let limit = floor_char_boundary(body, start + SNIPPET_CHARS);
    if limit >= body.len() {
        return body.len();
    }
    body[start..limit]
        .rfind(char::is_whitespace)
        .map_or(limit, |space| start + space)
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
            html: None,
            headings: Vec::new(),
            sources: Vec::new(),
            words: 0,
            reading_minutes: 1,
            text: text.into(),
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
    }

    #[test]
    fn every_stem_finds_exactly_the_guides_that_use_it_and_no_other_word_does() {
        let texts = [
            "Freelance rates What to charge per hour when you work for yourself.",
            "Comparing offers Some people go freelance. Freelance work means freelance taxes, \
             freelance gaps between clients and freelance paperwork.",
            "Pay by experience Negotiating pay & <b>raises</b> with your manager.",
        ];
        let stemmer = Stemmer::create(Algorithm::English);
        let mut expected: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        for (document, text) in (0..).zip(texts) {
            for word in words(&stemmer, text) {
                let documents = expected.entry(word.stem).or_default();
                if documents.last() != Some(&document) {
                    documents.push(document);
                }
            }
        }
        let index = index();
        assert_eq!(index.stem_ends.len(), expected.len());
        for (stem, documents) in &expected {
            let found: Vec<u32> = index
                .postings(stem)
                .unwrap()
                .iter()
                .map(|p| p.document)
                .collect();
            assert_eq!(&found, documents, "{stem}");
        }
        for absent in ["", "a", "freelancer", "zzz"] {
            assert!(index.postings(absent).is_none(), "{absent}");
        }
    }

    /// The highlighted words of a hit's snippet.
    fn marked(hit: &SearchHit) -> Vec<&str> {
        hit.snippet
            .iter()
            .filter(|p| p.highlight)
            .map(|p| p.text.as_str())
            .collect()
    }

    fn slugs(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.slug.as_str()).collect()
    }

    #[test]
    fn a_title_match_outranks_frequent_use_in_the_body() {
        let results = index().search("freelance", 0, 10);
        assert_eq!(slugs(&results), ["rates", "offers"]);
        assert_eq!(results.total, 2);
    }

    #[test]
    fn every_word_must_match_and_stems_match_each_other() {
        let index = index();
        assert_eq!(slugs(&index.search("negotiate raise", 0, 10)), ["pay"]);
        assert!(index.search("negotiate freelance", 0, 10).hits.is_empty());
    }

    #[test]
    fn snippets_mark_the_matched_words_and_keep_text_as_written() {
        let results = index().search("raises", 0, 10);
        let hit = &results.hits[0];
        let marked = marked(hit);
        assert_eq!(marked, ["raises"]);
        let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
        assert!(whole.contains("pay & <b>raises</b>"), "{whole}");
    }

    #[test]
    fn a_title_only_match_has_no_snippet() {
        let results = index().search("comparing", 0, 10);
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
            index.search(query, 0, 10);
        }
        assert_eq!(slugs(&index.search("\"freelance", 0, 10))[0], "rates");
    }

    #[test]
    fn offset_and_limit_page_through_results() {
        let index = index();
        let second = index.search("freelance", 1, 1);
        assert_eq!(slugs(&second), ["offers"]);
        assert_eq!(second.total, 2);
    }

    #[test]
    fn a_snippet_shows_the_passage_with_the_most_query_words_and_says_where_it_was_cut() {
        let filler = "Nothing to see in this sentence at all. ".repeat(8);
        let body = format!(
            "{filler}Equity appears here alone. {filler}Here equity and bonus meet in one \
             passage about offers. {filler}"
        );
        let index = SearchIndex::build(&[guide("offers", "Offers", &body)]);
        let hit = &index.search("equity bonus", 0, 10).hits[0];
        let marked = marked(hit);
        assert_eq!(marked, ["equity", "bonus"]);
        let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
        assert!(whole.starts_with("Here equity"), "{whole}");
        assert!(whole.len() <= SNIPPET_CHARS);
        assert!(hit.snippet_cut_before && hit.snippet_cut_after);
    }

    #[test]
    fn text_outside_ascii_is_cut_only_between_characters() {
        let body = format!(
            "{} Gehälter für Entwickler: négociation réussie. {}",
            "é".repeat(90),
            "ü".repeat(200)
        );
        let index = SearchIndex::build(&[guide("de", "Gehalt", &body)]);
        let hit = &index.search("négociation", 0, 10).hits[0];
        let marked = marked(hit);
        assert_eq!(marked, ["négociation"]);
        assert!(hit.snippet_cut_before && hit.snippet_cut_after);
        assert_eq!(index.search("GEHÄLTER", 0, 10).total, 1);
    }

    #[test]
    fn an_empty_query_or_index_finds_nothing() {
        assert_eq!(index().search("  \"() ", 0, 10).total, 0);
        assert_eq!(SearchIndex::build(&[]).search("pay", 0, 10).total, 0);
        assert_eq!(index().search("zeppelin", 0, 10).total, 0);
    }
}
