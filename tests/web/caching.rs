//! Headers and caching: security headers on every response, content-hashed
//! static files cached for a year, ETags with 304s, compressed bodies.

use std::io::Read;

use actix_web::http::header::HeaderMap;
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{test, web};
use salary_guide::web::{AppState, SiteConfig, StaticFiles, build_app};

use crate::common::*;

const PAGES: [&str; 6] = [
    "/",
    "/guides/",
    "/guides/salary-by-experience",
    "/calculator",
    "/calculator?years=4&location=seattle",
    "/sources",
];

/// A response with its headers and whole body.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

async fn raw(uri: &str, headers: &[(&str, &str)]) -> Raw {
    let app = app().await;
    let mut request = test::TestRequest::get().uri(uri);
    for header in headers {
        request = request.insert_header(*header);
    }
    let response = test::call_service(&app, request.to_request()).await;
    Raw {
        status: response.status(),
        headers: response.headers().clone(),
        body: test::read_body(response).await,
    }
}

fn header(response: &Raw, name: &str) -> Option<String> {
    response
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    for uri in PAGES
        .iter()
        .copied()
        .chain(["/nope", "/api/v1/options", "/static/css/site.css"])
    {
        let response = raw(uri, &[]).await;
        let csp = header(&response, "content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{uri}"
        );
        assert_eq!(
            header(&response, "x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert!(header(&response, "referrer-policy").is_some(), "{uri}");
        assert_eq!(
            header(&response, "x-frame-options").as_deref(),
            Some("DENY")
        );
        assert!(header(&response, "permissions-policy").is_some(), "{uri}");
        assert!(
            header(&response, "strict-transport-security").is_none(),
            "{uri}"
        );
    }
}

#[actix_web::test]
async fn strict_transport_security_is_sent_only_when_asked_for() {
    let state = state();
    let config = SiteConfig {
        hsts: true,
        ..SiteConfig::for_local()
    };
    let statics =
        StaticFiles::load(&salary_guide::content::files::FileTree::BundledStatic).unwrap();
    let hsts_state = web::Data::new(AppState::new((*state.site()).clone(), statics, config));
    let app = test::init_service(build_app(hsts_state)).await;
    let response = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
    let hsts = response.headers().get("strict-transport-security").unwrap();
    assert!(hsts.to_str().unwrap().contains("max-age="));
}

#[actix_web::test]
async fn pages_have_no_inline_scripts_or_styles() {
    for uri in PAGES {
        let html = get(uri).await.html();
        assert_eq!(html.select(&sel("style, [style]")).count(), 0, "{uri}");
        for script in html.select(&sel("script")) {
            assert!(script.value().attr("src").is_some(), "{uri}: inline script");
        }
    }
}

#[actix_web::test]
async fn static_files_have_content_hashed_names_cached_for_a_year() {
    let html = get("/").await.html();
    let mut linked = attrs(&html, "link[rel=stylesheet], link[rel=icon]", "href");
    linked.extend(attrs(
        &get("/calculator").await.html(),
        "script[src]",
        "src",
    ));
    assert!(linked.len() >= 2, "{linked:?}");
    for href in linked {
        assert!(
            href.split('/').next_back().unwrap().matches('.').count() >= 2,
            "{href} is not content-hashed"
        );
        let response = raw(&href, &[]).await;
        assert_eq!(response.status, StatusCode::OK, "{href}");
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("public, max-age=31536000, immutable"),
            "{href}"
        );
    }
    // The plain name still works, briefly cached, for links from elsewhere.
    let plain = raw("/static/css/site.css", &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(
        !header(&plain, "cache-control")
            .unwrap()
            .contains("immutable")
    );
}

#[actix_web::test]
async fn pages_answer_304_to_a_matching_etag() {
    for uri in PAGES.iter().copied().chain([
        "/feed.xml",
        "/static/css/site.css",
        "/search?q=kubernetes",
        "/api/v1/options",
        "/calculator/result?years=4&location=seattle",
        "/compare/result?a.years=4&b.years=4&b.location=seattle",
    ]) {
        let first = raw(uri, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        let etag = header(&first, "etag").unwrap_or_else(|| panic!("{uri} has no ETag"));
        let again = raw(uri, &[("if-none-match", etag.as_str())]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        let other = raw(uri, &[("if-none-match", "\"stale\"")]).await;
        assert_eq!(other.status, StatusCode::OK, "{uri}");
    }
}

#[actix_web::test]
async fn live_fragments_are_kept_out_of_search_engines_and_pages_are_not() {
    for uri in [
        "/calculator/result?years=4&location=seattle",
        "/calculator/result?years=abc",
        "/compare/result?a.years=4&b.years=4&b.location=seattle",
    ] {
        let first = raw(uri, &[]).await;
        assert_eq!(
            header(&first, "x-robots-tag").as_deref(),
            Some("noindex"),
            "{uri}"
        );
        let etag = header(&first, "etag");
        if let Some(etag) = etag {
            let again = raw(uri, &[("if-none-match", etag.as_str())]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
            assert_eq!(
                header(&again, "x-robots-tag").as_deref(),
                Some("noindex"),
                "{uri}"
            );
        }
    }
    for uri in [
        "/calculator?years=4&location=seattle",
        "/compare?a.years=4&b.years=4",
    ] {
        assert_eq!(header(&raw(uri, &[]).await, "x-robots-tag"), None, "{uri}");
    }
}

#[actix_web::test]
async fn bodies_are_compressed_when_the_client_accepts_it() {
    for uri in [
        "/guides/what-moves-pay",
        "/calculator?years=4",
        "/calculator/result?years=4",
        "/static/css/site.css",
    ] {
        let plain = raw(uri, &[]).await.body;
        let brotli = raw(uri, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(
            header(&brotli, "content-encoding").as_deref(),
            Some("br"),
            "{uri}"
        );
        let packed = brotli.body.clone();
        assert!(
            packed.len() < plain.len() / 3,
            "{uri}: {} vs {}",
            packed.len(),
            plain.len()
        );
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(&packed[..], 4096)
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, plain, "{uri}");

        let gzip = raw(uri, &[("accept-encoding", "gzip")]).await;
        assert_eq!(
            header(&gzip, "content-encoding").as_deref(),
            Some("gzip"),
            "{uri}"
        );
        let packed = gzip.body.clone();
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, plain, "{uri}");
    }
}

#[actix_web::test]
async fn an_answer_served_from_the_cache_is_the_one_its_handler_renders() {
    // A result is rendered by its route's handler the first time and answered
    // in front of the router after that; a page is answered in front of the
    // router, but reaches its handler when its address has needless escapes.
    // Every way must give the same reply.
    let app = test::init_service(build_app(state())).await;
    let cases = [
        (
            "/guides/salary-by-experience",
            "/guides/salary-by-%65xperience",
        ),
        ("/api/v1/options", "/api/v1/%6Fptions"),
        (
            "/calculator?years=7&location=austin&skills=docker",
            "/calculator?years=7&location=austin&skills=docker",
        ),
        (
            "/api/v1/estimate?years=7&location=austin&skills=docker",
            "/api/v1/estimate?years=7&location=austin&skills=docker",
        ),
        (
            "/calculator/result?years=7&location=austin&skills=docker",
            "/calculator/result?years=7&location=austin&skills=docker",
        ),
        (
            "/compare/result?a.years=7&b.years=7&b.location=austin",
            "/compare/result?a.years=7&b.years=7&b.location=austin",
        ),
    ];
    for (uri, routed) in cases {
        for encoding in ["identity", "gzip", "br"] {
            for method in [Method::GET, Method::HEAD] {
                let mut replies = Vec::new();
                for target in [routed, uri, uri] {
                    let request = test::TestRequest::default()
                        .method(method.clone())
                        .uri(target)
                        .insert_header(("accept-encoding", encoding))
                        .to_request();
                    let response = test::call_service(&app, request).await;
                    let mut headers: Vec<(String, String)> = response
                        .headers()
                        .iter()
                        .filter(|(name, _)| name.as_str() != "date")
                        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
                        .collect();
                    headers.sort();
                    let status = response.status();
                    replies.push((status, headers, test::read_body(response).await));
                }
                assert_eq!(replies[0].0, StatusCode::OK, "{method} {uri} {encoding}");
                assert_eq!(replies[0], replies[1], "{method} {uri} {encoding}");
                assert_eq!(replies[1], replies[2], "{method} {uri} {encoding}");
            }
        }
        // A matching ETag gets 304 from the cache as from the handler.
        let etag = raw(uri, &[]).await.headers.get("etag").unwrap().clone();
        for target in [routed, uri] {
            let request = test::TestRequest::get()
                .uri(target)
                .insert_header(("if-none-match", etag.clone()))
                .to_request();
            let response = test::call_service(&app, request).await;
            assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{target}");
            assert!(response.headers().contains_key("content-security-policy"));
        }
    }
}

/// The operations notes' row for `/search` in the CDN table, as written.
fn documented_search_caching() -> String {
    let notes = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/operations.md"))
        .unwrap();
    let rows: Vec<&str> = notes
        .lines()
        .filter(|line| line.starts_with("| ") && line.contains("`/search"))
        .collect();
    assert_eq!(
        rows.len(),
        1,
        "one row of the CDN table names /search: {rows:?}"
    );
    rows[0].to_owned()
}

/// Search results depend only on the content, like the guides they point
/// to: cached as the guides are, and the notes for CDNs say so (issue 18,
/// finding 7: they said "not cached").
#[actix_web::test]
async fn search_answers_carry_the_caching_the_operations_notes_promise() {
    let row = documented_search_caching();
    assert!(
        row.contains("`public, max-age=300`") && row.contains("ETag"),
        "{row}"
    );
    for uri in [
        "/search?q=kubernetes",
        "/search?q=kubernetes&page=2",
        "/search",
    ] {
        let response = raw(uri, &[]).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}");
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("public, max-age=300"),
            "{uri}"
        );
        assert!(header(&response, "etag").is_some(), "{uri}");
    }
    // A refused search (422) is not kept: the row says so too.
    assert!(row.contains("422"), "{row}");
    let long = format!("/search?q={}", "a".repeat(201));
    let response = raw(&long, &[]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(header(&response, "cache-control"), None);
    assert_eq!(header(&response, "etag"), None);
}
