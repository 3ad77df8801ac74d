use std::collections::BTreeSet;

use actix_web::http::StatusCode;

use crate::common::*;

/// Slugs of the result links, in order.
fn result_slugs(reply: &Reply) -> Vec<String> {
    attrs(&reply.html(), ".search-results h2 a", "href")
        .into_iter()
        .map(|href| href.trim_start_matches("/guides/").to_owned())
        .collect()
}

fn occurrences(text: &str, word: &str) -> usize {
    text.to_lowercase().matches(word).count()
}

#[actix_web::test]
async fn search_finds_a_guide_by_a_word_only_in_its_body() {
    let reply = get("/search?q=healthcare").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_site_page(&reply);
    let slugs = result_slugs(&reply);
    assert_eq!(slugs.first().map(String::as_str), Some("what-moves-pay"));
    // The match must come from the body: the title does not have the word.
    let site = state().site();
    let guide = site.guide("what-moves-pay").unwrap();
    assert!(!guide.meta.title.to_lowercase().contains("healthcare"));
    assert!(occurrences(&guide.text, "healthcare") > 0);
}

#[actix_web::test]
async fn a_guide_named_after_the_query_ranks_first() {
    let reply = get("/search?q=enterprise").await;
    let slugs = result_slugs(&reply);
    assert_eq!(
        slugs.first().map(String::as_str),
        Some("startup-vs-enterprise-offers"),
        "{slugs:?}"
    );
    // Not by accident: another result uses the word more often in its body, so
    // only the title's weight puts this guide first.
    let site = state().site();
    let titled = occurrences(&site.guide(&slugs[0]).unwrap().text, "enterprise");
    assert!(
        slugs[1..]
            .iter()
            .any(|s| occurrences(&site.guide(s).unwrap().text, "enterprise") > titled),
        "no other result uses the word more often than {titled} times"
    );
}

#[actix_web::test]
async fn results_highlight_the_words_in_a_snippet() {
    let html = get("/search?q=kubernetes").await.html();
    let snippets = texts(&html, ".search-results .snippet");
    assert!(!snippets.is_empty());
    let marks = texts(&html, ".search-results .snippet mark");
    assert!(marks.len() >= snippets.len(), "{marks:?}");
    for mark in &marks {
        assert_eq!(mark.to_lowercase(), "kubernetes");
    }
    // Other forms of the word match too, and are marked as written.
    let marks = texts(&get("/search?q=negotiate").await.html(), "mark");
    assert!(
        marks
            .iter()
            .all(|m| m.to_lowercase().starts_with("negotiat")),
        "{marks:?}"
    );
    assert!(
        marks.iter().any(|m| !m.eq_ignore_ascii_case("negotiate")),
        "{marks:?}"
    );
}

#[actix_web::test]
async fn the_query_is_shown_escaped() {
    let hostile = "<script>alert(1)</script>\"><b>";
    let uri = format!(
        "/search?{}",
        serde_html_form::to_string([("q", hostile)]).unwrap()
    );
    let reply = get(&uri).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.body.contains("<script>alert"), "query reflected raw");
    assert!(!reply.body.contains("\"><b>"), "query reflected raw");
    let html = reply.html();
    assert_eq!(html.select(&sel("script")).count(), 0);
    assert_eq!(attrs(&html, "#search-q", "value"), [hostile]);
    assert!(text(&html, "h1").contains("<script>alert(1)</script>"));
}

#[actix_web::test]
async fn an_overlong_query_is_refused_with_a_message() {
    let long = "pay ".repeat(50) + "x"; // 201 characters
    assert_eq!(long.chars().count(), 201);
    let reply = get(&format!("/search?q={}", long.replace(' ', "+"))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_site_page(&reply);
    let html = reply.html();
    assert!(text(&html, "[role=alert]").contains("at most 200"));
    assert_eq!(attrs(&html, "#search-q", "aria-invalid"), ["true"]);
    assert_eq!(html.select(&sel(".search-results")).count(), 0);

    // 200 characters, counted as characters rather than bytes, still run.
    let limit = "é".repeat(200);
    let reply = get(&format!(
        "/search?{}",
        serde_html_form::to_string([("q", &limit)]).unwrap()
    ))
    .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[actix_web::test]
async fn an_empty_or_missing_query_shows_the_form_and_a_hint() {
    for uri in ["/search", "/search?q=", "/search?q=+++", "/search?page=2"] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_site_page(&reply);
        let html = reply.html();
        assert_eq!(html.select(&sel("form.search-form #search-q")).count(), 1);
        assert_eq!(html.select(&sel(".search-results")).count(), 0, "{uri}");
        assert_eq!(html.select(&sel(".search-summary")).count(), 0, "{uri}");
    }
}

#[actix_web::test]
async fn a_query_nothing_matches_says_so() {
    let html = get("/search?q=zeppelinology").await.html();
    assert!(text(&html, ".search-summary").starts_with("No guide matches"));
    assert_eq!(html.select(&sel(".search-results li")).count(), 0);
}

#[actix_web::test]
async fn results_page_through_every_match_once() {
    let site = state().site();
    let first = get("/search?q=backend").await;
    let html = first.html();
    let total = site.search().search("backend", 0, 1).total;
    assert!(
        total > 10,
        "need more than one page of results, got {total}"
    );
    let next = attrs(&html, ".pager a[rel=next]", "href");
    assert_eq!(next, ["/search?q=backend&page=2"]);
    let second = get(&next[0]).await;
    assert_eq!(
        attrs(&second.html(), ".pager a[rel=prev]", "href"),
        ["/search?q=backend&page=1"]
    );
    assert!(attrs(&second.html(), ".pager a[rel=next]", "href").is_empty());
    let mut all: Vec<String> = result_slugs(&first);
    all.extend(result_slugs(&second));
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), total);
    assert_eq!(unique.len(), total);
}

#[actix_web::test]
async fn every_page_has_a_search_form_in_the_header() {
    for uri in [
        "/",
        "/guides/",
        "/guides/outlook",
        "/sources",
        "/calculator",
        "/nope",
    ] {
        let html = get(uri).await.html();
        let form = ".site-header form[role=search][method=get][action='/search']";
        assert_eq!(html.select(&sel(form)).count(), 1, "{uri}");
        assert_eq!(
            html.select(&sel(&format!("{form} input[name=q]"))).count(),
            1,
            "{uri}"
        );
        let id = attrs(&html, &format!("{form} input[name=q]"), "id");
        assert_eq!(attrs(&html, "label[for=site-search-q]", "for"), id, "{uri}");
    }
}

#[actix_web::test]
async fn search_finds_each_newer_guide_by_its_main_words() {
    for (query, slug) in [
        ("buying power", "pay-by-city"),
        ("cost of living by city", "pay-by-city"),
        ("vesting", "big-tech-offers"),
        ("stock grants refreshers", "big-tech-offers"),
        ("corp-to-corp", "contract-work"),
        ("1099 contractor", "contract-work"),
        ("W-2", "contract-work"),
        ("staff engineer", "beyond-senior"),
        ("principal", "beyond-senior"),
        ("pay transparency", "raises-and-promotions"),
        ("promotion", "raises-and-promotions"),
        ("SRE", "neighboring-roles"),
        ("DevOps", "neighboring-roles"),
        ("full-stack", "neighboring-roles"),
    ] {
        let uri = format!("/search?q={}", query.replace(' ', "+"));
        let reply = get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}");
        assert_eq!(
            result_slugs(&reply).first().map(String::as_str),
            Some(slug),
            "{query}"
        );
    }
}
