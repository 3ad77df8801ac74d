//! Responses rendered once and served many times.
//!
//! A guide changes only when its content does, so the site renders every such
//! page when content loads, and each [`CachedResponse`] compresses itself the
//! first time a client asks for gzip or brotli, keeping the result. Serving one
//! then costs about what serving a static file costs: pick the encoding, compare
//! the ETag, send bytes.

use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

use actix_web::http::StatusCode;
use actix_web::http::header::{
    self, AcceptEncoding, ContentEncoding, Encoding, Header, HeaderValue,
};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

/// How long browsers and CDNs may reuse a page before checking its ETag again.
/// Short, because content can be redeployed at any time; the ETag makes the
/// check cheap.
pub const PAGE_CACHE_CONTROL: &str = "public, max-age=300";

/// Content-hashed static files never change under the same name.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// A response body kept ready in identity, gzip and brotli form.
#[derive(Debug)]
pub struct CachedResponse {
    content_type: HeaderValue,
    cache_control: HeaderValue,
    etag: HeaderValue,
    identity: Bytes,
    gzip: OnceLock<Option<Bytes>>,
    brotli: OnceLock<Option<Bytes>>,
    effort: Effort,
}

/// How hard to compress: a page compressed once for everyone can take its
/// time; a calculator result may be compressed once per visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effort {
    /// Brotli 10, gzip 9: about 12% smaller than brotli 6–9, ~10–20 ms once.
    Page,
    /// Brotli 4, gzip 6: under a millisecond, as actix's own compressor.
    Result,
}

impl CachedResponse {
    /// Keeps a body with its type and caching policy, under a strong ETag of its bytes.
    ///
    /// The ETag is a 128-bit XXH3 of the body: it only has to change when the
    /// body does, and the same body gets the same tag from every copy of the
    /// server. A cryptographic hash bought nothing here and, on a calculator
    /// result hashed as it is made, cost a fifth of the request.
    pub fn new(content_type: &'static str, cache_control: &'static str, body: Bytes) -> Self {
        let hash = twox_hash::XxHash3_128::oneshot(&body);
        let etag = format!("\"{hash:032x}\"");
        Self {
            content_type: HeaderValue::from_static(content_type),
            cache_control: HeaderValue::from_static(cache_control),
            // A hex digest in quotes is always a valid header value.
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            effort: Effort::Page,
        }
    }

    /// The same, for an answer to one query (a calculator result): compressed
    /// quickly, since many different ones may each be asked for once.
    pub fn for_result(
        content_type: &'static str,
        cache_control: &'static str,
        body: Bytes,
    ) -> Self {
        Self {
            effort: Effort::Result,
            ..Self::new(content_type, cache_control, body)
        }
    }

    /// The uncompressed body.
    pub fn body(&self) -> &Bytes {
        &self.identity
    }

    /// The ETag, quotes included.
    pub fn etag(&self) -> &HeaderValue {
        &self.etag
    }

    /// Answers a request: 304 when its `If-None-Match` matches, otherwise the
    /// body in the best encoding the client accepts.
    pub fn respond(&self, request: &HttpRequest) -> HttpResponse {
        let not_modified = self.not_modified(request);
        let mut response = if not_modified {
            HttpResponse::build(StatusCode::NOT_MODIFIED)
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::ETAG, self.etag.clone()))
            .insert_header((header::CACHE_CONTROL, self.cache_control.clone()))
            .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
        if not_modified {
            return response.finish();
        }
        response.insert_header((header::CONTENT_TYPE, self.content_type.clone()));
        let (encoding, body) = self.encoded_for(request);
        if encoding != ContentEncoding::Identity {
            // Setting Content-Encoding also tells actix's own compressor to leave it alone.
            response.insert_header((header::CONTENT_ENCODING, encoding.to_header_value()));
        }
        response.body(body)
    }

    fn not_modified(&self, request: &HttpRequest) -> bool {
        let Some(value) = request.headers().get(header::IF_NONE_MATCH) else {
            return false;
        };
        let Ok(text) = value.to_str() else {
            return false;
        };
        let ours = self.etag.as_bytes();
        text.split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == ours)
    }

    fn encoded_for(&self, request: &HttpRequest) -> (ContentEncoding, Bytes) {
        const SUPPORTED: [Encoding; 3] = [
            Encoding::Known(ContentEncoding::Brotli),
            Encoding::Known(ContentEncoding::Gzip),
            Encoding::Known(ContentEncoding::Identity),
        ];
        if !request.headers().contains_key(header::ACCEPT_ENCODING) {
            return (ContentEncoding::Identity, self.identity.clone());
        }
        let chosen = AcceptEncoding::parse(request)
            .ok()
            .and_then(|accept| accept.negotiate(SUPPORTED.iter()));
        let compressed = match chosen {
            Some(Encoding::Known(ContentEncoding::Brotli)) => self
                .brotli
                .get_or_init(|| brotli_bytes(&self.identity, self.effort))
                .clone()
                .map(|body| (ContentEncoding::Brotli, body)),
            Some(Encoding::Known(ContentEncoding::Gzip)) => self
                .gzip
                .get_or_init(|| gzip_bytes(&self.identity, self.effort))
                .clone()
                .map(|body| (ContentEncoding::Gzip, body)),
            _ => None,
        };
        compressed.unwrap_or((ContentEncoding::Identity, self.identity.clone()))
    }
}

/// Answers with a body rendered for this request alone (a calculator result):
/// it still gets an ETag, so a reload of the same URL is a 304. Compression of
/// such bodies is left to the app's `Compress` middleware, which is fast enough
/// for one-off bodies; cached pages arrive already encoded and it skips them.
pub fn respond_once(
    request: &HttpRequest,
    status: StatusCode,
    content_type: &'static str,
    body: String,
) -> HttpResponse {
    let page = CachedResponse::new(content_type, PAGE_CACHE_CONTROL, Bytes::from(body));
    if status == StatusCode::OK && page.not_modified(request) {
        return HttpResponse::build(StatusCode::NOT_MODIFIED)
            .insert_header((header::ETAG, page.etag.clone()))
            .insert_header((header::CACHE_CONTROL, page.cache_control.clone()))
            .finish();
    }
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CONTENT_TYPE, page.content_type.clone()));
    if status == StatusCode::OK {
        response
            .insert_header((header::ETAG, page.etag.clone()))
            .insert_header((header::CACHE_CONTROL, page.cache_control.clone()));
    }
    response.body(page.identity)
}

/// Renders a page into a buffer of the size such pages reach. Askama starts
/// from the size of a template's own text, and a calculator result is about
/// three times that: the buffer would be copied twice on the way.
pub fn render_sized(page: &impl askama::Template, expected: usize) -> askama::Result<String> {
    let mut html = String::with_capacity(expected);
    page.render_into(&mut html)?;
    // Handing back the spare capacity shrinks the block where it is.
    html.shrink_to_fit();
    Ok(html)
}

/// Brotli for a page: quality 10 is within 3% of the maximum (11) at under
/// half its time, ~12% smaller than 6 to 9, which all came out alike on our
/// pages. Quality 9 also needed a 16–22 MiB hash table, which showed as the
/// process's peak memory; 10 and 4 need 2–3 MiB.
fn brotli_bytes(body: &[u8], effort: Effort) -> Option<Bytes> {
    let quality = match effort {
        Effort::Page => 10,
        Effort::Result => 4,
    };
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 16 * 1024, quality, 22);
        writer.write_all(body).ok()?;
    }
    Some(Bytes::from(out))
}

fn gzip_bytes(body: &[u8], effort: Effort) -> Option<Bytes> {
    let level = match effort {
        Effort::Page => flate2::Compression::best(),
        Effort::Result => flate2::Compression::default(),
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// Rendered responses by request path, each with the route pattern it
/// belongs to (`/guides/{slug}`), for the request log.
///
/// Looked up on nearly every request, so hashed with foldhash rather than the
/// standard SipHash: the keys are our own paths, fixed when content loads, so
/// there is no table an attacker could fill with colliding keys.
#[derive(Debug, Default)]
pub struct ResponseCache {
    by_path: HashMap<String, (&'static str, Page), foldhash::fast::RandomState>,
}

/// A page of the cache: rendered at load, or on its first request.
#[derive(Debug)]
enum Page {
    Rendered(CachedResponse),
    Deferred(Deferred),
}

/// A page rendered on its first request, then kept like the others.
struct Deferred {
    render: Box<dyn Fn() -> Option<CachedResponse> + Send + Sync>,
    kept: OnceLock<Option<CachedResponse>>,
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred")
            .field("kept", &self.kept)
            .finish_non_exhaustive()
    }
}

impl Page {
    fn response(&self) -> Option<&CachedResponse> {
        match self {
            Page::Rendered(response) => Some(response),
            Page::Deferred(deferred) => deferred.kept.get_or_init(&deferred.render).as_ref(),
        }
    }
}

impl ResponseCache {
    /// Adds a response for a path of a route.
    pub fn insert(
        &mut self,
        path: impl Into<String>,
        route: &'static str,
        response: CachedResponse,
    ) {
        self.by_path
            .insert(path.into(), (route, Page::Rendered(response)));
    }

    /// Adds a page that `render` makes on its first request (once, however
    /// many ask at the same time), kept from then on; `None` from `render`
    /// answers 404. For large pages few requests ask for, which an idle
    /// server need not hold.
    pub fn insert_on_first_request(
        &mut self,
        path: impl Into<String>,
        route: &'static str,
        render: impl Fn() -> Option<CachedResponse> + Send + Sync + 'static,
    ) {
        let deferred = Deferred {
            render: Box::new(render),
            kept: OnceLock::new(),
        };
        self.by_path
            .insert(path.into(), (route, Page::Deferred(deferred)));
    }

    /// The response for a path.
    pub fn get(&self, path: &str) -> Option<&CachedResponse> {
        self.by_path.get(path)?.1.response()
    }

    /// The response for a path, with its route pattern.
    pub fn lookup(&self, path: &str) -> Option<(&'static str, &CachedResponse)> {
        let (route, page) = self.by_path.get(path)?;
        Some((*route, page.response()?))
    }

    /// Whether a path's body is held yet: false for a page rendered on its
    /// first request until then.
    pub fn is_rendered(&self, path: &str) -> bool {
        self.by_path.get(path).is_some_and(|(_, page)| match page {
            Page::Rendered(_) => true,
            Page::Deferred(deferred) => deferred.kept.get().is_some(),
        })
    }

    /// Every path and response, for export: pages not rendered yet are.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &CachedResponse)> {
        self.by_path
            .iter()
            .filter_map(|(path, (_, page))| Some((path.as_str(), page.response()?)))
    }

    /// How many responses are kept.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }
}

/// Which answer a cached result is: the same query makes a page, a JSON body
/// and the fragments the live pages ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultKind {
    /// `/calculator?…`, the result page.
    Page,
    /// `GET /api/v1/estimate?…`, the JSON.
    Json,
    /// `/calculator/result?…`, the result section alone (see `fragment.rs`).
    CalculatorFragment,
    /// `/compare/result?…`, the comparison alone.
    CompareFragment,
    /// `/pay/{area}`, keyed by the area's id: rendered on first request
    /// rather than all ~560 at load.
    Area,
}

impl ResultKind {
    const COUNT: usize = 5;

    /// Adds what an answer of this kind says beyond its body: a fragment is
    /// part of a page, not a page, so it asks search engines not to index it,
    /// whether answered fresh, from the cache or as a 304.
    pub fn mark(self, response: &mut HttpResponse) {
        if matches!(self, Self::CalculatorFragment | Self::CompareFragment) {
            response.headers_mut().insert(
                header::HeaderName::from_static("x-robots-tag"),
                HeaderValue::from_static("noindex"),
            );
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Page => 0,
            Self::Json => 1,
            Self::CalculatorFragment => 2,
            Self::CompareFragment => 3,
            Self::Area => 4,
        }
    }
}

/// Calculator results, API answers and area pages, kept by query string (or
/// area id) once rendered.
///
/// A result depends only on the content and the query, and the same queries
/// come back again and again: the links in the guides, shared results, a
/// reload. Each is rendered (and later compressed) once per content version,
/// since the cache lives beside the pages in [`super::Loaded`] and is replaced
/// with them. It holds at most [`ResultCache::MAX_BYTES`] of bodies; past that
/// the oldest entries go first, so a flood of distinct queries costs a bounded
/// amount of memory and only ever the rendering it would have cost anyway.
#[derive(Debug, Default)]
pub struct ResultCache {
    inner: std::sync::Mutex<ResultEntries>,
}

#[derive(Debug, Default)]
struct ResultEntries {
    /// Answers of each kind, by query string.
    maps: [HashMap<Box<str>, std::sync::Arc<CachedResponse>>; ResultKind::COUNT],
    /// Insertion order, for eviction.
    order: std::collections::VecDeque<(ResultKind, Box<str>)>,
    bytes: usize,
}

impl ResultEntries {
    fn map(&mut self, kind: ResultKind) -> &mut HashMap<Box<str>, std::sync::Arc<CachedResponse>> {
        &mut self.maps[kind.index()]
    }
}

impl ResultCache {
    /// Most bytes of uncompressed bodies kept (compressed copies add about a
    /// quarter); about a hundred calculator pages.
    pub const MAX_BYTES: usize = 4 * 1024 * 1024;

    /// The answer kept for a query, if any.
    pub fn get(&self, kind: ResultKind, query: &str) -> Option<std::sync::Arc<CachedResponse>> {
        let mut entries = self.inner.lock().ok()?;
        entries.map(kind).get(query).cloned()
    }

    /// Keeps an answer for a query, dropping the oldest ones to stay in budget,
    /// and returns it.
    pub fn insert(
        &self,
        kind: ResultKind,
        query: &str,
        response: CachedResponse,
    ) -> std::sync::Arc<CachedResponse> {
        let response = std::sync::Arc::new(response);
        let size = response.body().len();
        if size > Self::MAX_BYTES / 8 {
            return response;
        }
        let Ok(mut entries) = self.inner.lock() else {
            return response;
        };
        if let Some(kept) = entries.map(kind).get(query) {
            return kept.clone();
        }
        while entries.bytes + size > Self::MAX_BYTES {
            let Some((old_kind, old_query)) = entries.order.pop_front() else {
                break;
            };
            if let Some(gone) = entries.map(old_kind).remove(&old_query) {
                entries.bytes -= gone.body().len();
            }
        }
        let key = Box::<str>::from(query);
        entries.bytes += size;
        entries.order.push_back((kind, key.clone()));
        entries.map(kind).insert(key, response.clone());
        response
    }

    /// Answers a result rendered for `request`: kept under its query when it
    /// is one (200); a form with errors repeats what was typed, so it is
    /// answered once and not kept.
    pub fn answer(
        &self,
        kind: ResultKind,
        request: &HttpRequest,
        status: StatusCode,
        content_type: &'static str,
        body: String,
    ) -> HttpResponse {
        let mut response = if status == StatusCode::OK {
            let kept = CachedResponse::for_result(content_type, PAGE_CACHE_CONTROL, body.into());
            self.insert(kind, request.query_string(), kept)
                .respond(request)
        } else {
            respond_once(request, status, content_type, body)
        };
        kind.mark(&mut response);
        response
    }

    /// Forgets every kept answer: visitors' reports changed what they say.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.inner.lock() {
            *entries = ResultEntries::default();
        }
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .map_or(0, |entries| entries.maps.iter().map(HashMap::len).sum())
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Answers a request from the rendered pages.
pub fn cached(
    state: &super::AppState,
    request: &HttpRequest,
    path: &str,
) -> Result<HttpResponse, super::error::AppError> {
    let loaded = state.loaded();
    let page = loaded
        .pages
        .get(path)
        .ok_or(super::error::AppError::NotFound)?;
    Ok(page.respond(request))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn page() -> CachedResponse {
        CachedResponse::new(
            "text/html; charset=utf-8",
            PAGE_CACHE_CONTROL,
            Bytes::from("<p>hello</p>".repeat(100)),
        )
    }

    #[test]
    fn a_matching_etag_gets_304_without_a_body() {
        let page = page();
        let etag = page.etag().to_str().unwrap().to_owned();
        for sent in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"x\", {etag}"),
            "*".into(),
        ] {
            let request = TestRequest::get()
                .insert_header((header::IF_NONE_MATCH, sent.as_str()))
                .to_http_request();
            let response = page.respond(&request);
            assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{sent}");
        }
        let request = TestRequest::get()
            .insert_header((header::IF_NONE_MATCH, "\"other\""))
            .to_http_request();
        assert_eq!(page.respond(&request).status(), StatusCode::OK);
    }

    #[test]
    fn picks_brotli_then_gzip_then_identity() {
        let page = page();
        for (accept, expected) in [
            ("gzip, deflate, br", Some("br")),
            ("gzip", Some("gzip")),
            ("br;q=0, gzip;q=0.5", Some("gzip")),
            ("identity", None),
        ] {
            let request = TestRequest::get()
                .insert_header((header::ACCEPT_ENCODING, accept))
                .to_http_request();
            let response = page.respond(&request);
            let encoding = response
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(encoding.as_deref(), expected, "{accept}");
        }
        assert!(page.brotli.get().unwrap().as_ref().unwrap().len() < page.identity.len() / 5);
    }

    #[test]
    fn results_are_kept_by_kind_and_query_within_a_byte_budget() {
        let cache = ResultCache::default();
        let body = |n: usize| {
            CachedResponse::new("text/html", PAGE_CACHE_CONTROL, Bytes::from(vec![b'x'; n]))
        };
        let first = cache.insert(ResultKind::Page, "years=4", body(100));
        assert!(std::sync::Arc::ptr_eq(
            &first,
            &cache.get(ResultKind::Page, "years=4").unwrap()
        ));
        assert!(cache.get(ResultKind::Json, "years=4").is_none());
        assert!(cache.get(ResultKind::Page, "years=5").is_none());
        // Filling the budget pushes the oldest out, never past the budget.
        let big = ResultCache::MAX_BYTES / 10;
        for i in 0..30 {
            cache.insert(ResultKind::Json, &format!("years={i}"), body(big));
        }
        assert!(cache.get(ResultKind::Page, "years=4").is_none());
        assert!(cache.get(ResultKind::Json, "years=29").is_some());
        assert!(cache.len() <= 10);
        // A body too large to be worth keeping is answered but not kept.
        cache.insert(ResultKind::Page, "huge", body(ResultCache::MAX_BYTES / 4));
        assert!(cache.get(ResultKind::Page, "huge").is_none());
    }
}
