use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::{test, web};
use roxmltree::{Document, Node};
use salary_guide::web::{AppState, SiteConfig, StaticFiles, build_app};

use crate::common::*;

const BASE: &str = "http://127.0.0.1:8080";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Node<'a, 'input> {
    node.children()
        .find(|n| n.has_tag_name(name))
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

fn child_text<'a>(node: Node<'a, '_>, name: &str) -> &'a str {
    child(node, name).text().unwrap_or_default().trim()
}

fn link_href<'a>(node: Node<'a, '_>, rel: &str) -> &'a str {
    node.children()
        .find(|n| n.has_tag_name("link") && n.attribute("rel").unwrap_or("alternate") == rel)
        .and_then(|n| n.attribute("href"))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
}

/// An RFC 3339 timestamp as Atom requires: date, time and zone.
fn assert_atom_date(value: &str) {
    value
        .parse::<jiff::Timestamp>()
        .unwrap_or_else(|e| panic!("{value:?} is not an RFC 3339 timestamp: {e}"));
}

#[actix_web::test]
async fn the_feed_is_valid_atom_with_an_entry_per_guide() {
    let reply = get("/feed.xml").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.content_type.starts_with("application/atom+xml"),
        "{}",
        reply.content_type
    );
    let document = Document::parse(&reply.body).expect("the feed is well-formed XML");
    let feed = document.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert!(!child_text(feed, "id").is_empty());
    assert_eq!(child_text(feed, "title"), "Backend Salary Guide");
    assert_atom_date(child_text(feed, "updated"));
    assert_eq!(link_href(feed, "self"), format!("{BASE}/feed.xml"));
    assert_eq!(link_href(feed, "alternate"), format!("{BASE}/guides/"));
    // Atom needs an author on the feed when entries have none.
    assert!(!child_text(child(feed, "author"), "name").is_empty());

    let site = state().site();
    let entries: Vec<Node<'_, '_>> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), site.guides.len());
    let mut ids = BTreeSet::new();
    for entry in &entries {
        let url = link_href(*entry, "alternate");
        let slug = url
            .strip_prefix(&format!("{BASE}/guides/"))
            .unwrap_or_else(|| panic!("entry link {url} is not a guide"));
        let guide = site.guide(slug).unwrap();
        assert!(
            ids.insert(child_text(*entry, "id").to_owned()),
            "duplicate id"
        );
        assert_eq!(child_text(*entry, "title"), guide.meta.title);
        assert_eq!(child_text(*entry, "summary"), guide.meta.description);
        let updated = child_text(*entry, "updated");
        assert_atom_date(updated);
        assert!(updated.starts_with(&guide.meta.updated.to_string()));
    }
    // The feed's date is its newest entry's.
    let newest = entries.iter().map(|e| child_text(*e, "updated")).max();
    assert_eq!(Some(child_text(feed, "updated")), newest);
    // A guide title with an apostrophe survives escaping.
    assert!(reply.body.contains("developer&#39;s pay") || reply.body.contains("developer's pay"));
}

#[actix_web::test]
async fn the_sitemap_lists_every_guide_and_page() {
    let reply = get("/sitemap.xml").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type.starts_with("application/xml"));
    let document = Document::parse(&reply.body).expect("the sitemap is well-formed XML");
    let urlset = document.root_element();
    assert!(urlset.has_tag_name((SITEMAP, "urlset")));
    let mut locs = BTreeSet::new();
    for url in urlset.children().filter(|n| n.has_tag_name("url")) {
        let loc = child_text(url, "loc");
        let lastmod = child_text(url, "lastmod");
        lastmod
            .parse::<jiff::civil::Date>()
            .unwrap_or_else(|e| panic!("{loc}: bad lastmod {lastmod:?}: {e}"));
        assert!(locs.insert(loc.to_owned()), "{loc} listed twice");
        // Every listed page exists.
        let path = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("{loc}"));
        assert_eq!(get(path).await.status, StatusCode::OK, "{loc}");
    }
    let site = state().site();
    let mut expected: BTreeSet<String> = ["/", "/guides/", "/calculator", "/sources"]
        .iter()
        .map(|p| format!("{BASE}{p}"))
        .collect();
    expected.extend(
        site.guides
            .iter()
            .map(|g| format!("{BASE}/guides/{}", g.slug)),
    );
    expected.insert(format!("{BASE}/pay/"));
    expected.extend(
        site.model
            .bls
            .areas
            .iter()
            .filter(|a| a.id != site.model.bls.national().id)
            .map(|a| format!("{BASE}/pay/{}", a.id)),
    );
    assert_eq!(locs, expected);
}

#[actix_web::test]
async fn robots_txt_names_the_sitemap() {
    let reply = get("/robots.txt").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type.starts_with("text/plain"));
    let sitemap: Vec<&str> = reply
        .body
        .lines()
        .filter_map(|l| l.strip_prefix("Sitemap: "))
        .collect();
    assert_eq!(sitemap, [format!("{BASE}/sitemap.xml")]);
    assert!(reply.body.lines().any(|l| l == "User-agent: *"));
}

/// The `<head>` tags a page must carry, checked against the expected path.
fn assert_head(reply: &Reply, path: &str, og_type: &str) {
    let html = reply.html();
    let canonical = format!("{BASE}{path}");
    assert_eq!(
        attrs(&html, "link[rel=canonical]", "href"),
        [canonical.as_str()],
        "{path}"
    );
    let og = |property: &str| attrs(&html, &format!("meta[property='{property}']"), "content");
    assert_eq!(og("og:url"), [canonical.as_str()], "{path}");
    assert_eq!(og("og:type"), [og_type], "{path}");
    assert_eq!(og("og:site_name"), ["Backend Salary Guide"], "{path}");
    let description = attrs(&html, "meta[name=description]", "content");
    assert_eq!(description.len(), 1, "{path}");
    assert!(description[0].len() > 20, "{path}: {description:?}");
    assert_eq!(og("og:description"), description, "{path}");
    let title = og("og:title");
    assert_eq!(title.len(), 1, "{path}");
    assert!(text(&html, "title").starts_with(&title[0]), "{path}");
}

#[actix_web::test]
async fn pages_carry_canonical_and_open_graph_tags() {
    for path in ["/", "/guides/", "/sources", "/search"] {
        let reply = get(path).await;
        assert_head(&reply, path, "website");
    }
    let path = "/guides/salary-by-experience";
    let reply = get(path).await;
    assert_head(&reply, path, "article");
    let html = reply.html();
    assert_eq!(
        attrs(&html, "meta[property='og:title']", "content"),
        ["Backend developer pay by experience"]
    );
    // The query is not part of a page's canonical address.
    assert_head(&get("/search?q=remote").await, "/search", "website");
}

#[actix_web::test]
async fn error_pages_carry_canonical_tags_and_ask_not_to_be_indexed() {
    for path in ["/nope", "/guides/no-such-guide"] {
        let reply = get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_head(&reply, path, "website");
        assert_eq!(
            attrs(&reply.html(), "meta[name=robots]", "content"),
            ["noindex"],
            "{path}"
        );
    }
    // The wrong method gets its page through the same path.
    let reply = post_raw("/sources", "text/plain", Vec::new()).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_head(&reply, "/sources", "website");
}

#[actix_web::test]
async fn the_calculator_carries_canonical_and_open_graph_tags() {
    assert_head(&get("/calculator").await, "/calculator", "website");
}

#[actix_web::test]
async fn the_base_url_setting_shapes_every_absolute_address() {
    let site =
        salary_guide::content::Site::load(&salary_guide::content::files::FileTree::BundledContent)
            .unwrap();
    let config = SiteConfig {
        base_url: "https://salaries.example.com".parse().unwrap(),
        ..SiteConfig::for_local()
    };
    let state = web::Data::new(AppState::new(site, StaticFiles::default(), config));
    let app = test::init_service(build_app(state)).await;
    let body = |uri: &'static str| {
        let request = test::TestRequest::get().uri(uri).to_request();
        let app = &app;
        async move {
            let bytes = test::call_and_read_body(app, request).await;
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let home = scraper::Html::parse_document(&body("/guides/outlook").await);
    assert_eq!(
        attrs(&home, "link[rel=canonical]", "href"),
        ["https://salaries.example.com/guides/outlook"]
    );
    for uri in ["/feed.xml", "/sitemap.xml", "/robots.txt"] {
        let text = body(uri).await;
        assert!(text.contains("https://salaries.example.com/"), "{uri}");
        assert!(
            !text.contains(BASE),
            "{uri} still names the default base URL"
        );
    }
}
