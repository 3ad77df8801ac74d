//! How readers and crawlers find the guides: the Atom feed, the sitemap and
//! robots.txt. Every address in them is absolute, from `--base-url`.
//!
//! The feed and sitemap are Askama templates rather than built with a feed
//! crate: their structure is small and fixed, Askama already escapes `.xml`
//! templates (`&`, `<`, `>`, quotes), and the integration tests parse both with
//! a real XML parser and check every element Atom requires, so a typed builder
//! (and its date library, a second one beside `jiff`) would buy nothing.

use actix_web::{HttpResponse, web};
use askama::Template;
use jiff::civil::Date;

use super::AppState;
use super::error::AppError;
use super::meta::SITE_NAME;
use crate::content::Guide;

/// `/feed.xml`: an Atom 1.0 feed of the guides, most recently revised first.
#[derive(Template)]
#[template(path = "discovery/feed.xml")]
struct Feed<'a> {
    site_name: &'static str,
    base_url: &'a str,
    self_url: String,
    /// The newest revision of any guide.
    updated: Date,
    entries: Vec<&'a Guide>,
}

/// `/sitemap.xml`: every page worth indexing.
#[derive(Template)]
#[template(path = "discovery/sitemap.xml")]
struct Sitemap {
    pages: Vec<SitemapPage>,
}

/// One `<url>` of the sitemap.
struct SitemapPage {
    loc: String,
    lastmod: Date,
}

pub async fn feed(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let base_url = state.config.base_url.as_str();
    let mut entries: Vec<&Guide> = site.guides.iter().collect();
    // Stable: guides revised the same day keep their reading order.
    entries.sort_by_key(|g| std::cmp::Reverse(g.meta.updated));
    let feed = Feed {
        site_name: SITE_NAME,
        base_url,
        self_url: state.config.base_url.join("/feed.xml"),
        updated: site.guides_updated(),
        entries,
    };
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(feed.render()?))
}

pub async fn sitemap(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let site = state.site();
    let base = &state.config.base_url;
    let data = site.model.updated;
    let guides = site.guides_updated();
    let mut pages = vec![
        // The home page lists the guides and names the data version.
        SitemapPage {
            loc: base.join("/"),
            lastmod: guides.max(data),
        },
        SitemapPage {
            loc: base.join("/guides/"),
            lastmod: guides,
        },
        SitemapPage {
            loc: base.join("/calculator"),
            lastmod: data,
        },
        SitemapPage {
            loc: base.join("/sources"),
            lastmod: data,
        },
    ];
    // A guide's figures are computed from the data, so a new data version
    // changes the page even when its text did not.
    pages.extend(site.guides.iter().map(|guide| SitemapPage {
        loc: base.join(&format!("/guides/{}", guide.slug)),
        lastmod: guide.meta.updated.max(data),
    }));
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .body(Sitemap { pages }.render()?))
}

pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!(
            "# {SITE_NAME}\n\
             User-agent: *\n\
             # Search results repeat the guides, and the API is for programs.\n\
             Disallow: /search\n\
             Disallow: /api/\n\
             \n\
             Sitemap: {}\n",
            state.config.base_url.join("/sitemap.xml")
        ))
}
