//! `salary-guide export`: every content page and static file as plain files,
//! byte for byte what the server sends, with the forms that need the server
//! pointing at the configured origin.

use std::path::Path;
use std::process::Command;

use actix_web::web;
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::export;
use salary_guide::web::{AppState, SiteConfig, StaticFiles};

use crate::common::*;

const ORIGIN: &str = "https://app.example.com";

fn exported_state() -> web::Data<AppState> {
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let config = SiteConfig {
        server_origin: ORIGIN.to_owned(),
        ..SiteConfig::for_local()
    };
    web::Data::new(AppState::new(site, statics, config))
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Asserts two pages are equal, showing where they first differ.
fn assert_same(written: &str, expected: &str, what: &str) {
    if written == expected {
        return;
    }
    let at = written
        .bytes()
        .zip(expected.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(written.len().min(expected.len()));
    let around = |text: &str| {
        let bytes = &text.as_bytes()[at.saturating_sub(200)..(at + 200).min(text.len())];
        String::from_utf8_lossy(bytes).into_owned()
    };
    panic!(
        "{what}: differs at byte {at}:\n written: {}\nexpected: {}",
        around(written),
        around(expected)
    );
}

/// The served page with the two form actions pointed at the origin: the only
/// difference an export may make.
fn with_origin(served: &str) -> String {
    served
        .replace(
            r#"action="/search""#,
            &format!(r#"action="{ORIGIN}/search""#),
        )
        .replace(
            r#"action="/calculator#result""#,
            &format!(r#"action="{ORIGIN}/calculator#result""#),
        )
}

#[actix_web::test]
async fn every_page_is_written_as_served_but_for_the_form_origin() {
    let out = tempfile::tempdir().unwrap();
    let summary = export::write(&exported_state(), out.path()).unwrap();
    let site = state().site();
    // Every content page but the API's, every area page, and the not-found page.
    let areas: Vec<&str> = salary_guide::web::pay::area_ids(&site.model.bls).collect();
    assert_eq!(summary.pages, site.guides.len() + 9 + areas.len());
    for id in ["boise-city-id", "idaho", "seattle"] {
        assert!(areas.contains(&id), "{id}");
        let file = read(out.path(), &format!("pay/{id}.html"));
        let served = get(&format!("/pay/{id}")).await;
        assert_same(&file, &with_origin(&served.body), id);
    }

    for guide in &site.guides {
        let file = read(out.path(), &format!("guides/{}.html", guide.slug));
        let served = get(&format!("/guides/{}", guide.slug)).await;
        assert_same(&file, &with_origin(&served.body), &guide.slug);
        assert_ne!(file, served.body, "the search form points at the origin");
    }
    for (url, file) in [
        ("/", "index.html"),
        ("/guides/", "guides/index.html"),
        ("/sources", "sources.html"),
        ("/calculator", "calculator.html"),
        ("/feed.xml", "feed.xml"),
        ("/sitemap.xml", "sitemap.xml"),
        ("/robots.txt", "robots.txt"),
    ] {
        let served = get(url).await;
        assert_same(&read(out.path(), file), &with_origin(&served.body), url);
    }
}

#[actix_web::test]
async fn the_not_found_page_is_the_servers_for_a_static_host() {
    let out = tempfile::tempdir().unwrap();
    export::write(&exported_state(), out.path()).unwrap();
    let page = scraper::Html::parse_document(&read(out.path(), "404.html"));
    let served = get("/no-such-page").await.html();
    assert_eq!(texts(&page, "main h1"), ["Page not found"]);
    assert_eq!(texts(&page, "main h1"), texts(&served, "main h1"));
    assert_eq!(texts(&page, "main p"), texts(&served, "main p"));
    assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
    assert_eq!(
        attrs(&page, "form[role=search]", "action"),
        [format!("{ORIGIN}/search")]
    );
}

#[actix_web::test]
async fn forms_that_need_the_server_point_at_its_origin() {
    let out = tempfile::tempdir().unwrap();
    export::write(&exported_state(), out.path()).unwrap();
    let calculator = scraper::Html::parse_document(&read(out.path(), "calculator.html"));
    assert_eq!(
        attrs(&calculator, "form.calculator-form", "action"),
        [format!("{ORIGIN}/calculator#result")]
    );
    for file in [
        "index.html",
        "guides/index.html",
        "sources.html",
        "calculator.html",
    ] {
        let page = scraper::Html::parse_document(&read(out.path(), file));
        assert_eq!(
            attrs(&page, "form[role=search]", "action"),
            [format!("{ORIGIN}/search")],
            "{file}"
        );
    }
    // Served pages keep sending to their own host.
    let served = get("/calculator").await.html();
    assert_eq!(
        attrs(&served, "form.calculator-form", "action"),
        ["/calculator#result"]
    );
}

#[actix_web::test]
async fn static_files_are_written_under_both_names() {
    let out = tempfile::tempdir().unwrap();
    let summary = export::write(&exported_state(), out.path()).unwrap();
    let state = state();
    assert_eq!(summary.static_files, state.statics.len() * 2);
    let home = scraper::Html::parse_document(&read(out.path(), "index.html"));
    let stylesheet = attrs(&home, "link[rel=stylesheet]", "href").remove(0);
    assert!(stylesheet.starts_with("/static/css/site."), "{stylesheet}");
    for url in [
        stylesheet.as_str(),
        "/static/css/site.css",
        "/static/favicon.svg",
    ] {
        let written = std::fs::read(out.path().join(url.trim_start_matches('/'))).unwrap();
        let served = get(url).await;
        assert_eq!(String::from_utf8_lossy(&written), served.body, "{url}");
    }
}

#[test]
fn the_command_writes_a_folder_a_static_host_can_serve() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let output = Command::new(env!("CARGO_BIN_EXE_salary-guide"))
        .args(["export", "--out"])
        .arg(&target)
        .args([
            "--server-origin",
            ORIGIN,
            "--base-url",
            "https://salaries.example.com",
        ])
        .env_remove("SALARY_GUIDE_CONTENT")
        .env_remove("SALARY_GUIDE_STATIC")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("forms send to {ORIGIN}")),
        "{stdout}"
    );
    let home = read(&target, "index.html");
    assert!(home.contains(r#"<link rel="canonical" href="https://salaries.example.com/">"#));
    assert!(home.contains(&format!(r#"action="{ORIGIN}/search""#)));
    assert!(target.join("static/css/site.css").is_file());

    let refused = Command::new(env!("CARGO_BIN_EXE_salary-guide"))
        .args(["export", "--out"])
        .arg(&target)
        .args(["--server-origin", "https://app.example.com/"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("trailing slash"));
}

#[actix_web::test]
async fn two_copies_of_the_site_render_the_same_bytes() {
    // Copies behind a load balancer must agree, or ETags differ between them.
    let first = exported_state();
    let second = exported_state();
    let (first, second) = (first.loaded(), second.loaded());
    let mut compared = 0;
    for (path, page) in first.pages.iter() {
        let other = second.pages.get(path).unwrap();
        assert_same(
            &String::from_utf8_lossy(page.body()),
            &String::from_utf8_lossy(other.body()),
            path,
        );
        assert_eq!(page.etag(), other.etag(), "{path}");
        compared += 1;
    }
    assert_eq!(compared, second.pages.len());
}
