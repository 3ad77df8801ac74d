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
}

impl CachedResponse {
    /// Keeps a body with its type and caching policy, under a strong ETag of its bytes.
    pub fn new(content_type: &'static str, cache_control: &'static str, body: Bytes) -> Self {
        let hash = blake3::hash(&body);
        let etag = format!("\"{}\"", &hash.to_hex()[..20]);
        Self {
            content_type: HeaderValue::from_static(content_type),
            cache_control: HeaderValue::from_static(cache_control),
            // A hex digest in quotes is always a valid header value.
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
            identity: body,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
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
                .get_or_init(|| brotli_bytes(&self.identity))
                .clone()
                .map(|body| (ContentEncoding::Brotli, body)),
            Some(Encoding::Known(ContentEncoding::Gzip)) => self
                .gzip
                .get_or_init(|| gzip_bytes(&self.identity))
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

/// Brotli at quality 9: within a few percent of the maximum at a fraction of
/// its time, which matters when a page is compressed on its first request.
fn brotli_bytes(body: &[u8]) -> Option<Bytes> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 16 * 1024, 9, 22);
        writer.write_all(body).ok()?;
    }
    Some(Bytes::from(out))
}

fn gzip_bytes(body: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// Rendered responses by request path.
#[derive(Debug, Default)]
pub struct ResponseCache {
    by_path: HashMap<String, CachedResponse>,
}

impl ResponseCache {
    /// Adds a response for a path.
    pub fn insert(&mut self, path: impl Into<String>, response: CachedResponse) {
        self.by_path.insert(path.into(), response);
    }

    /// The response for a path.
    pub fn get(&self, path: &str) -> Option<&CachedResponse> {
        self.by_path.get(path)
    }

    /// Every path and response, for export.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &CachedResponse)> {
        self.by_path
            .iter()
            .map(|(path, response)| (path.as_str(), response))
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
}
