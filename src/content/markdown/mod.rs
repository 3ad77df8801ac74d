//! The one place that turns Markdown into HTML.
//!
//! Only this module builds pulldown-cmark options or walks its events: it expands
//! shortcodes, gives every heading a stable anchor id, and records the table of
//! contents, the links (for link checking), the word count (for reading time) and
//! the plain text (for search).

use std::collections::HashSet;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

mod shortcode;

pub use shortcode::Shortcode;
#[cfg(test)]
pub(crate) use shortcode::parse as parse_shortcode;

/// A heading of a rendered document, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 for `##`, 3 for `###`, ...
    pub level: u8,
    /// The anchor id, unique within the document.
    pub id: String,
    /// The heading's plain text.
    pub text: String,
}

/// A rendered document and what the site needs to know about it.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The HTML body.
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every link target, as written.
    pub links: Vec<String>,
    /// Words of prose, not counting shortcode output.
    pub words: usize,
    /// The readable text without markup, one line per block, for the search
    /// index and its snippets. Inline figures keep their text; block shortcode
    /// output (tables of figures) is left out, as it is raw HTML.
    pub text: String,
}

/// A problem at a line of the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    /// 1-based line in the Markdown text given to [`render`].
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Renders Markdown, expanding `{{ name key=value }}` shortcodes with `expand`.
pub fn render(
    source: &str,
    expand: &dyn Fn(&Shortcode<'_>) -> Result<String, String>,
) -> Result<Rendered, MarkdownError> {
    let words = count_words(&shortcode::strip(source));
    let expanded = shortcode::replace_all(source, expand)?;

    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut events: Vec<Event<'_>> = Parser::new_ext(&expanded, options).collect();

    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut used_ids = HashSet::new();
    let mut open_heading: Option<(usize, u8, String)> = None;
    for index in 0..events.len() {
        match &events[index] {
            Event::Start(Tag::Heading { level, .. }) => {
                open_heading = Some((index, heading_number(*level), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading_text)) = open_heading.as_mut() {
                    heading_text.push_str(text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Heading(_)) => {
                let Some((start, level, text)) = open_heading.take() else {
                    continue;
                };
                let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
                    continue;
                };
                let chosen = match id {
                    Some(given) => given.to_string(),
                    None => unique_id(&slugify(&text), &used_ids),
                };
                used_ids.insert(chosen.clone());
                *id = Some(chosen.clone().into());
                headings.push(Heading {
                    level,
                    id: chosen,
                    text,
                });
            }
            _ => {}
        }
    }

    let text = plain_text(&events);
    wrap_tables(&mut events);
    let mut html_out = String::with_capacity(expanded.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    // Kept for as long as the content is: without the room left to grow.
    html_out.shrink_to_fit();
    Ok(Rendered {
        html: html_out,
        headings,
        links,
        words,
        text,
    })
}

/// Wraps each Markdown table in a scrolling region, as the site's own tables
/// are: a wide table scrolls sideways on a phone instead of widening the page,
/// and keyboard users can scroll it (`tabindex="0"`). The region is named by
/// the heading above the table; a second table under the same heading, or one
/// before any heading, is named by its number.
fn wrap_tables(events: &mut Vec<Event<'_>>) {
    let mut heading: Option<String> = None;
    let mut labelled = HashSet::new();
    let mut count = 0;
    let mut index = 0;
    while index < events.len() {
        match &events[index] {
            Event::Start(Tag::Heading { id: Some(id), .. }) => heading = Some(id.to_string()),
            Event::Start(Tag::Table(_)) => {
                count += 1;
                let name = match heading.as_ref().filter(|id| labelled.insert((*id).clone())) {
                    Some(id) => format!(r#"aria-labelledby="{}""#, escape_attribute(id)),
                    None => format!(r#"aria-label="Table {count}""#),
                };
                let open = format!(r#"<div class="table-wrap" role="region" tabindex="0" {name}>"#);
                events.insert(index, Event::Html(open.into()));
                index += 1;
            }
            Event::End(TagEnd::Table) => {
                events.insert(index + 1, Event::Html("</div>\n".into()));
                index += 1;
            }
            _ => {}
        }
        index += 1;
    }
}

/// Escapes text for a double-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text a reader sees, with a line break after each block so that words of
/// neighbouring blocks never run together in a snippet.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A heading's anchor: lower case, runs of other characters become one hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

fn unique_id(base: &str, used: &HashSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or_else(|| base.to_owned())
}

fn count_words(markdown: &str) -> usize {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Text(text) => Some(text.split_whitespace().count()),
            _ => None,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(source: &str) -> Rendered {
        render(source, &|code| Ok(format!("[{}]", code.name))).unwrap()
    }

    #[test]
    fn headings_get_unique_anchor_ids() {
        let rendered =
            plain("## Cloud and DevOps\n\ntext\n\n## Cloud and DevOps\n\n### Why it pays?\n");
        let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["cloud-and-devops", "cloud-and-devops-2", "why-it-pays"]
        );
        assert!(rendered.html.contains(r#"<h2 id="cloud-and-devops">"#));
    }

    #[test]
    fn explicit_heading_ids_are_kept() {
        let rendered = plain("## Location {#where}\n");
        assert_eq!(rendered.headings[0].id, "where");
    }

    #[test]
    fn links_are_collected() {
        let rendered = plain("See [pay](/guides/pay#entry) and [BLS](https://www.bls.gov/).");
        assert_eq!(
            rendered.links,
            ["/guides/pay#entry", "https://www.bls.gov/"]
        );
    }

    #[test]
    fn shortcodes_expand_and_do_not_count_as_words() {
        let rendered = plain("Pay is {{ pay years=4 }} today.");
        assert!(rendered.html.contains("Pay is [pay] today."));
        assert_eq!(rendered.words, 3);
    }

    #[test]
    fn plain_text_keeps_words_apart_and_drops_markup() {
        let rendered = plain("## Pay *today*\n\nBase `pay` is\n{{ pay }}.\n\n- one\n- two\n");
        assert_eq!(rendered.text, "Pay today\nBase pay is [pay].\none\ntwo");
    }

    #[test]
    fn a_bad_shortcode_reports_its_line() {
        let error = render("one\n\ntwo {{ nope }}\n", &|_| {
            Err("unknown shortcode `nope`".into())
        })
        .unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("nope"));
    }

    #[test]
    fn tables_scroll_in_a_region_named_by_their_heading() {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        let rendered = plain(&format!("{table}\n## Pay by level\n\n{table}\n{table}"));
        let html = &rendered.html;
        assert_eq!(html.matches("<table>").count(), 3);
        assert_eq!(
            html.matches(r#"<div class="table-wrap" role="region" tabindex="0""#)
                .count(),
            3
        );
        assert_eq!(html.matches("</table>\n</div>").count(), 3, "{html}");
        let first = html.find(r#"aria-label="Table 1""#).unwrap();
        let named = html.find(r#"aria-labelledby="pay-by-level""#).unwrap();
        let third = html.find(r#"aria-label="Table 3""#).unwrap();
        assert!(first < named && named < third, "{html}");
        // Tables stay out of the searchable text's markup.
        assert!(!rendered.text.contains("table-wrap"));
    }

    #[test]
    fn slugs_fold_punctuation() {
        assert_eq!(
            slugify("What moves pay: location & more!"),
            "what-moves-pay-location-more"
        );
        assert_eq!(slugify("  "), "section");
    }
}
