//! How readers and crawlers find the guides: the Atom feed, the sitemap and
//! robots.txt. Every address in them is absolute, from `--base-url`.
//!
//! The feed and sitemap are Askama templates rather than built with a feed
//! crate: their structure is small and fixed, Askama already escapes `.xml`
//! templates (`&`, `<`, `>`, quotes), and the integration tests parse both with
//! a real XML parser and check every element Atom requires, so a typed builder
//! (and its date library, a second one beside `jiff`) would buy nothing.

use askama::Template;
use jiff::civil::Date;

use super::error::AppError;
use super::meta::{SITE_NAME, SiteConfig};
use crate::content::{Guide, Site};

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

/// Renders `/feed.xml`.
pub fn render_feed(site: &Site, config: &SiteConfig) -> Result<String, AppError> {
    let base_url = config.base_url.as_str();
    let mut entries: Vec<&Guide> = site.guides.iter().collect();
    // Stable: guides revised the same day keep their reading order.
    entries.sort_by_key(|g| std::cmp::Reverse(g.meta.updated));
    let feed = Feed {
        site_name: SITE_NAME,
        base_url,
        self_url: config.base_url.join("/feed.xml"),
        updated: site.guides_updated(),
        entries,
    };
    Ok(feed.render()?)
}

/// Renders `/sitemap.xml`.
pub fn render_sitemap(site: &Site, config: &SiteConfig) -> Result<String, AppError> {
    let base = &config.base_url;
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
    // Area pages show BLS's figures and the estimator's: they change with the data.
    pages.push(SitemapPage {
        loc: base.join("/pay/"),
        lastmod: data,
    });
    pages.extend(super::pay::area_ids(&site.model.bls).map(|id| SitemapPage {
        loc: base.join(&format!("/pay/{id}")),
        lastmod: data,
    }));
    // A guide's figures are computed from the data, so a new data version
    // changes the page even when its text did not.
    pages.extend(site.guides.iter().map(|guide| SitemapPage {
        loc: base.join(&format!("/guides/{}", guide.slug)),
        lastmod: guide.meta.updated.max(data),
    }));
    Ok(Sitemap { pages }.render()?)
}

/// Renders `/robots.txt`.
pub fn render_robots(config: &SiteConfig) -> String {
    format!(
        "# {SITE_NAME}\n\
             User-agent: *\n\
             # Search results repeat the guides, and the API is for programs.\n\
             Disallow: /search\n\
             Disallow: /api/\n\
             \n\
             Sitemap: {}\n",
        config.base_url.join("/sitemap.xml")
    )
}
