//! What a page says about itself to search engines and link previews.
//!
//! [`SiteConfig`] carries the public base URL (from `--base-url`), read once at
//! start-up and passed in through `AppState`. Every page struct holds a [`Head`]
//! built from it; `templates/partials/head.html` turns that into the title, meta
//! description, canonical link and Open Graph tags, so no page repeats them.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// The site's name, in titles and link previews.
pub const SITE_NAME: &str = "Backend Salary Guide";

/// The description of pages that have none of their own.
pub const SITE_DESCRIPTION: &str = "Honest, sourced pay guides and a salary calculator for backend developers: every figure explained and traced to a dated source.";

/// The public address of the site: an absolute `http` or `https` URL of a host
/// (and port), without a path or trailing slash, such as `https://example.com`.
///
/// Pages link to each other with absolute paths (`/guides/`), so the site must
/// be served at the root of its host; a path here would make canonical URLs that
/// disagree with the links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The absolute URL of a site path (which starts with `/`).
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }

    /// The base URL itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} (expected something like https://salaries.example.com)")]
pub struct BaseUrlError(String);

impl FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = |why: &str| Err(BaseUrlError(format!("`{text}`: {why}")));
        if text.ends_with('/') {
            return refuse("remove the trailing slash");
        }
        let url = match url::Url::parse(text) {
            Ok(url) => url,
            Err(error) => return refuse(&format!("not an absolute URL ({error})")),
        };
        if !matches!(url.scheme(), "http" | "https") {
            return refuse("the scheme must be http or https");
        }
        if url.host_str().is_none_or(str::is_empty) {
            return refuse("a host is needed");
        }
        if !url.username().is_empty() || url.password().is_some() {
            return refuse("leave out the user name and password");
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return refuse(
                "give only the scheme, host and port: the site is served at the root of its host",
            );
        }
        // `Url` adds a trailing slash and lower-cases the host; keep its form
        // without the slash, so `HTTP://Example.COM` becomes `http://example.com`.
        Ok(BaseUrl(url.as_str().trim_end_matches('/').to_owned()))
    }
}

/// Settings that shape every page, read once at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// Where the site is publicly served; prefixes canonical URLs, feed and sitemap links.
    pub base_url: BaseUrl,
    /// URLs of the static files every page links to, shared by every
    /// page's head (eight strings a page had copied).
    pub assets: Arc<AssetUrls>,
    /// Whether to send `Strict-Transport-Security` (only behind HTTPS).
    pub hsts: bool,
    /// Where forms that need the server (calculator, search) send their
    /// requests: empty for this host; an absolute origin such as
    /// `https://app.example.com` when the pages are exported to a CDN on
    /// another host (`salary-guide export --server-origin`).
    pub server_origin: String,
}

/// The URLs pages use for shared static files: content-hashed names, so they
/// can be cached for a year and still change the moment a file does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetUrls {
    /// The stylesheet.
    pub stylesheet: String,
    /// The favicon.
    pub favicon: String,
    /// The live update of a form's result, shared by the calculator and
    /// compare pages (loaded before their own scripts).
    pub live_script: String,
    /// The calculator's script.
    pub calculator_script: String,
    /// The compare page's script.
    pub compare_script: String,
    /// The report form's script (the "shown as yearly" hint).
    pub share_script: String,
    /// The receipt page's copy button.
    pub receipt_script: String,
    /// The place field's combobox, on the calculator, compare and report forms.
    pub place_script: String,
}

impl AssetUrls {
    /// The URLs of the loaded static files.
    pub fn from_statics(statics: &super::StaticFiles) -> Self {
        Self {
            stylesheet: statics.url("css/site.css"),
            favicon: statics.url("favicon.svg"),
            live_script: statics.url("js/live.js"),
            calculator_script: statics.url("js/calculator.js"),
            compare_script: statics.url("js/compare.js"),
            share_script: statics.url("js/share.js"),
            receipt_script: statics.url("js/receipt.js"),
            place_script: statics.url("js/place.js"),
        }
    }
}

impl SiteConfig {
    /// The default base URL, where `salary-guide serve` listens out of the box.
    pub const DEFAULT_BASE_URL: &'static str = "http://127.0.0.1:8080";

    /// The configuration of a local run and of the tests.
    pub fn for_local() -> Self {
        Self {
            base_url: BaseUrl(Self::DEFAULT_BASE_URL.to_owned()),
            assets: Arc::new(AssetUrls {
                stylesheet: "/static/css/site.css".to_owned(),
                favicon: "/static/favicon.svg".to_owned(),
                live_script: "/static/js/live.js".to_owned(),
                calculator_script: "/static/js/calculator.js".to_owned(),
                compare_script: "/static/js/compare.js".to_owned(),
                share_script: "/static/js/share.js".to_owned(),
                receipt_script: "/static/js/receipt.js".to_owned(),
                place_script: "/static/js/place.js".to_owned(),
            }),
            hsts: false,
            server_origin: String::new(),
        }
    }
}

/// What kind of thing a page is, for Open Graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A page of the site.
    Website,
    /// A dated piece of writing: a guide.
    Article,
}

/// A page's title, description and canonical address, rendered into `<head>`.
#[derive(Debug, Clone)]
pub struct Head {
    /// The page's own title, without the site name.
    pub title: String,
    /// One or two sentences about the page.
    pub description: String,
    /// The page's absolute canonical URL.
    pub canonical: String,
    /// Open Graph type.
    pub kind: PageKind,
    /// Whether search engines should leave the page out of their index
    /// (search results, error pages).
    pub noindex: bool,
    /// Static file URLs.
    pub assets: Arc<AssetUrls>,
    /// Prefix of form actions that need the server ([`SiteConfig::server_origin`]).
    pub server_origin: String,
}

/// [`Head::form_origin`] for the error page, whose head is an `Option`
/// because it is first rendered before the request is known; the shared
/// header's search form calls `head.form_origin()` on every page.
pub trait FormOrigin {
    /// Empty (this host) or an absolute origin without a trailing slash.
    fn form_origin(&self) -> &str;
}

impl FormOrigin for Option<Head> {
    fn form_origin(&self) -> &str {
        self.as_ref().map_or("", |head| &head.server_origin)
    }
}

impl Head {
    /// A page at `path` (no query), with its title and description.
    pub fn new(
        config: &SiteConfig,
        path: &str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            description: description.into(),
            canonical: config.base_url.join(path),
            kind: PageKind::Website,
            noindex: false,
            assets: Arc::clone(&config.assets),
            server_origin: config.server_origin.clone(),
        }
    }

    /// The origin this page's forms send to, for templates:
    /// `action="{{ head.form_origin() }}/search"`. Empty means this host.
    pub fn form_origin(&self) -> &str {
        &self.server_origin
    }

    /// Marks the page as an article (a guide).
    pub fn article(mut self) -> Self {
        self.kind = PageKind::Article;
        self
    }

    /// Asks search engines not to index the page.
    pub fn noindex(mut self) -> Self {
        self.noindex = true;
        self
    }

    /// The text of `<title>`: the page's title and the site's name.
    pub fn title_tag(&self) -> String {
        if self.title == SITE_NAME {
            self.title.clone()
        } else {
            format!("{} · {SITE_NAME}", self.title)
        }
    }

    /// `og:type`.
    pub fn og_type(&self) -> &'static str {
        match self.kind {
            PageKind::Website => "website",
            PageKind::Article => "article",
        }
    }

    /// `og:site_name`.
    pub fn site_name(&self) -> &'static str {
        SITE_NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_http_roots_without_a_trailing_slash() {
        for good in [
            "http://127.0.0.1:8080",
            "https://salaries.example.com",
            "https://example.com:8443",
        ] {
            assert_eq!(good.parse::<BaseUrl>().unwrap().as_str(), good);
        }
        assert_eq!(
            "HTTPS://Example.COM".parse::<BaseUrl>().unwrap().as_str(),
            "https://example.com"
        );
        for (bad, why) in [
            ("https://example.com/", "trailing slash"),
            ("example.com", "absolute"),
            ("/guides", "absolute"),
            ("ftp://example.com", "http or https"),
            ("https://example.com/salary", "root"),
            ("https://example.com?x=1", "root"),
            ("https://user:pw@example.com", "password"),
            ("", "absolute"),
        ] {
            let error = bad.parse::<BaseUrl>().unwrap_err().to_string();
            assert!(error.contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn heads_join_the_base_url_and_name_the_site_once() {
        let config = SiteConfig {
            base_url: "https://example.com".parse().unwrap(),
            ..SiteConfig::for_local()
        };
        let head = Head::new(&config, "/guides/", "Guides", "All guides.");
        assert_eq!(head.canonical, "https://example.com/guides/");
        assert_eq!(head.title_tag(), "Guides · Backend Salary Guide");
        assert_eq!(head.og_type(), "website");
        let home = Head::new(&config, "/", SITE_NAME, SITE_DESCRIPTION).article();
        assert_eq!(home.title_tag(), SITE_NAME);
        assert_eq!(home.og_type(), "article");
    }
}
