use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use salary_guide::estimator::{Choices, EstimateInput, estimate};

use crate::common::*;

#[actix_web::test]
async fn home_introduces_the_site_and_lists_every_guide() {
    let reply = get("/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_site_page(&reply);
    let html = reply.html();
    let links = attrs(&html, ".guide-list a", "href");
    let state = state();
    assert_eq!(links.len(), state.site().guides.len());
    for guide in &state.site().guides {
        assert!(links.contains(&format!("/guides/{}", guide.slug)));
    }
    assert!(attrs(&html, ".hero a", "href").contains(&"/calculator".to_owned()));
}

#[actix_web::test]
async fn every_bundled_guide_renders_with_its_sources() {
    let state = state();
    assert!(state.site().guides.len() >= 6);
    for guide in &state.site().guides {
        let reply = get(&format!("/guides/{}", guide.slug)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", guide.slug);
        assert_site_page(&reply);
        let html = reply.html();
        assert_eq!(text(&html, "h1"), guide.meta.title);
        assert!(
            guide.words >= 500,
            "{} has {} words",
            guide.slug,
            guide.words
        );
        let cited = texts(&html, ".guide-sources li");
        assert_eq!(cited.len(), guide.meta.sources.len(), "{}", guide.slug);
        for id in attrs(&html, ".toc a", "href") {
            let anchor = id.trim_start_matches('#');
            assert_eq!(
                html.select(&sel(&format!("[id='{anchor}']"))).count(),
                1,
                "{}: toc entry #{anchor} has no target",
                guide.slug
            );
        }
        assert!(
            !reply.body.contains("{{"),
            "{}: an unexpanded shortcode reached the page",
            guide.slug
        );
    }
}

#[actix_web::test]
async fn the_experience_guide_prints_the_calculators_entry_range() {
    let state = state();
    let entry = estimate(
        &state.site().model,
        &EstimateInput {
            years: 1.0,
            choices: Choices::default(),
            ..EstimateInput::default()
        },
    )
    .unwrap();
    let html = get("/guides/salary-by-experience").await.html();
    let figures = texts(&html, ".guide-body .live-figure");
    assert!(
        figures.contains(&salary_guide::money::usd(entry.base.p25)),
        "{figures:?}"
    );
    assert!(
        figures.contains(&salary_guide::money::usd(entry.base.p75)),
        "{figures:?}"
    );

    // The same figures, through the calculator page.
    let page = get("/calculator?years=1").await.html();
    assert_eq!(
        dollars(&text(&page, "#result [data-stat=p25]")),
        entry.base.p25
    );
    assert_eq!(
        dollars(&text(&page, "#result [data-stat=p75]")),
        entry.base.p75
    );
}

#[actix_web::test]
async fn every_internal_link_resolves() {
    let state = state();
    let mut pages: Vec<String> = ["/", "/guides/", "/calculator", "/sources"]
        .map(str::to_owned)
        .into();
    pages.push("/calculator?years=4&location=seattle&skills=aws".to_owned());
    pages.extend(
        state
            .site()
            .guides
            .iter()
            .map(|g| format!("/guides/{}", g.slug)),
    );
    let mut checked = BTreeSet::new();
    for page in &pages {
        let html = get(page).await.html();
        for href in attrs(&html, "a[href]", "href") {
            let target = if href.starts_with('#') {
                format!("{}{href}", page.split('?').next().unwrap_or_default())
            } else if href.starts_with('/') {
                href.clone()
            } else {
                continue;
            };
            if !checked.insert(target.clone()) {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path.to_owned(), Some(anchor.to_owned())),
                None => (target.clone(), None),
            };
            let reply = get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{page} links to {href}");
            if let Some(anchor) = anchor {
                let found = reply
                    .html()
                    .select(&sel(&format!("[id='{anchor}']")))
                    .count();
                assert_eq!(found, 1, "{page} links to {href}: no element #{anchor}");
            }
        }
    }
    assert!(checked.len() > 50, "only {} links checked", checked.len());
}

#[actix_web::test]
async fn the_sources_page_lists_every_source_with_an_anchor() {
    let reply = get("/sources").await;
    assert_site_page(&reply);
    let html = reply.html();
    for source in &state().site().model.sources {
        assert_eq!(
            html.select(&sel(&format!("li[id='{}']", source.id)))
                .count(),
            1,
            "{}",
            source.id
        );
    }
}

#[actix_web::test]
async fn guides_without_a_trailing_slash_redirect() {
    let reply = get("/guides").await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
}

#[actix_web::test]
async fn health_check_answers_ok() {
    let reply = get("/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.starts_with("ok"));
}

#[actix_web::test]
async fn static_files_are_served_with_their_type() {
    let reply = get("/static/css/site.css").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type.starts_with("text/css"));
}

#[actix_web::test]
async fn needlessly_escaped_addresses_reach_the_same_page() {
    let plain = get("/guides/outlook").await;
    let escaped = get("/guides/%6Futlook").await;
    assert_eq!(escaped.status, StatusCode::OK);
    assert_eq!(escaped.body, plain.body);
}

/// The ZIP index (0.85 MB) waits for the first place lookup: loading the
/// content, rendering every page and answering for a listed location leave
/// it unbuilt, so an idle server does not hold it.
#[actix_web::test]
async fn the_zip_index_is_built_by_the_first_place_lookup_not_at_start_up() {
    use actix_web::{test, web};
    use salary_guide::content::Site;
    use salary_guide::content::files::FileTree;
    use salary_guide::web::{AppState, SiteConfig, StaticFiles, build_app};

    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(AppState::new(site, statics, SiteConfig::for_local()));
    let built = || state.site().model.bls.places_built();
    assert!(!built());
    let app = test::init_service(build_app(state.clone())).await;
    for path in [
        "/",
        "/sources",
        "/calculator?years=4&location=seattle",
        "/pay/seattle",
    ] {
        let response =
            test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    assert!(!built());
    let response = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/api/v1/places?q=837")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = test::read_body_json(response).await;
    assert!(!body["places"].as_array().unwrap().is_empty(), "{body}");
    assert!(built());
}

/// A guide's HTML body is kept once, in its rendered page: the site that
/// pages are rendered from gives it up.
#[actix_web::test]
async fn a_guide_body_is_kept_only_in_its_page() {
    let state = state();
    let site = state.site();
    assert!(site.guides.iter().all(|guide| guide.html.is_none()));
    let guide = &site.guides[0];
    let page = get(&format!("/guides/{}", guide.slug)).await.html();
    let heading = &guide.headings[0];
    let selector = format!(".guide-body [id='{}']", heading.id);
    assert_eq!(page.select(&sel(&selector)).count(), 1, "{selector}");
}

/// Load checks that every page renders, and each (but the calculator's empty
/// form) is kept from its first request, which gets the same bytes and ETag
/// as every later one: an idle server holds none of them.
#[actix_web::test]
async fn pages_are_kept_from_their_first_request() {
    use actix_web::http::header;
    use actix_web::{test, web};
    use salary_guide::content::Site;
    use salary_guide::content::files::FileTree;
    use salary_guide::web::{AppState, SiteConfig, StaticFiles, build_app};

    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(AppState::new(site, statics, SiteConfig::for_local()));
    let app = test::init_service(build_app(state.clone())).await;
    for (path, content_type) in [
        ("/sitemap.xml", "application/xml"),
        ("/api/v1/options", "application/json"),
        ("/pay/", "text/html"),
        ("/", "text/html"),
        ("/guides/", "text/html"),
        ("/guides/pay-by-city", "text/html"),
        ("/sources", "text/html"),
        ("/feed.xml", "application/atom+xml"),
    ] {
        assert!(!state.loaded().pages.is_rendered(path), "{path}");
        let first = test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        let etag = first.headers().get(header::ETAG).unwrap().clone();
        let kind = first.headers().get(header::CONTENT_TYPE).unwrap();
        assert!(kind.to_str().unwrap().starts_with(content_type), "{path}");
        let body = test::read_body(first).await;
        assert!(state.loaded().pages.is_rendered(path), "{path}");
        // The same bytes as the shared state's, whose page was asked for earlier.
        assert_eq!(body, get(path).await.body.as_bytes(), "{path}");
        let again = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(path)
                .insert_header((header::IF_NONE_MATCH, etag))
                .to_request(),
        )
        .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
    // The calculator's empty form is held from the start.
    assert!(state.loaded().pages.is_rendered("/calculator"));
    assert!(state.loaded().pages.is_rendered("/robots.txt"));
}
