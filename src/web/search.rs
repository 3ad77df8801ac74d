//! The search page: `/search?q=…`, a GET form, so it works without JavaScript
//! and every result page is a link.
//!
//! The query runs against the index built with the content
//! ([`crate::content::search`]); this module only reads the form, pages through
//! the results and shows them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::AppError;
use super::filters;
use super::meta::Head;
use crate::content::search::SearchHit;
use crate::content::{Guide, Site};

/// Longest query we run, in characters. Real searches are a few words; a longer
/// one is a paste accident or an attempt to make the server work hard.
pub const MAX_QUERY_CHARS: usize = 200;
/// Results per page.
const PER_PAGE: usize = 10;

/// The search page: the form, and the results or a message.
#[derive(Template)]
#[template(path = "pages/search.html")]
struct SearchPage<'a> {
    current: &'static str,
    head: Head,
    /// The query as the reader typed it, shown back in the form.
    query: String,
    /// Why the query was not run.
    error: Option<String>,
    results: Option<Results<'a>>,
}

/// One page of results.
struct Results<'a> {
    total: usize,
    /// 1-based number of this page.
    page: usize,
    pages: usize,
    hits: Vec<Hit<'a>>,
    previous: Option<String>,
    next: Option<String>,
}

/// A matching guide and its snippet.
struct Hit<'a> {
    guide: &'a Guide,
    found: SearchHit,
}

pub async fn search(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(request.query_string())
        .map_err(|error| AppError::BadQuery(error.to_string()))?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let query = value("q").unwrap_or_default().to_owned();
    // A missing, zero or unreadable page number is the first page: the link
    // may have been edited by hand, and there is nothing better to show.
    let page = value("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let terms = query.trim();
    let head = Head::new(
        &state.config,
        "/search",
        if terms.is_empty() {
            "Search the guides".to_owned()
        } else {
            format!("Search results for “{terms}”")
        },
        "Search every Backend Salary Guide article by keyword.",
    )
    // Result pages duplicate the guides themselves; search engines should index those.
    .noindex();

    let length = query.chars().count();
    let site = state.site();
    let (status, error, results) = if length > MAX_QUERY_CHARS {
        let message = format!(
            "Your search is {length} characters long; searches can be at most {MAX_QUERY_CHARS}. Try a few key words instead."
        );
        (StatusCode::UNPROCESSABLE_ENTITY, Some(message), None)
    } else if terms.is_empty() {
        (StatusCode::OK, None, None)
    } else {
        (StatusCode::OK, None, Some(results(&site, terms, page)?))
    };
    let body = SearchPage {
        current: "search",
        head,
        query,
        error,
        results,
    }
    .render()?;
    Ok(super::cache::respond_once(
        &request,
        status,
        "text/html; charset=utf-8",
        body,
    ))
}

/// One page of hits for `terms`, with links to the pages around it.
fn results<'a>(site: &'a Site, terms: &str, page: usize) -> Result<Results<'a>, AppError> {
    let offset = (page - 1).saturating_mul(PER_PAGE);
    let found = site.search().search(terms, offset, PER_PAGE);
    let pages = found.total.div_ceil(PER_PAGE);
    let link = |to: usize| {
        serde_html_form::to_string([("q", terms.to_owned()), ("page", to.to_string())])
            .map(|query| format!("/search?{query}"))
            .ok()
    };
    Ok(Results {
        total: found.total,
        page,
        pages,
        hits: found
            .hits
            .into_iter()
            .filter_map(|found| {
                // The index is built from these same guides, so every hit has one.
                site.guide(&found.slug).map(|guide| Hit { guide, found })
            })
            .collect(),
        // Past the last page (a stale link), "previous" leads back to the last one.
        previous: (page > 1 && pages > 0)
            .then(|| link((page - 1).min(pages)))
            .flatten(),
        next: (page < pages).then(|| link(page + 1)).flatten(),
    })
}
