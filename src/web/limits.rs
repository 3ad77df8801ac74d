//! Limits on what a request may be, checked before any handler runs, so an
//! oversized request gets our own page or problem, not actix's plain text.
//!
//! Request bodies are limited where they are read (`MAX_JSON_BODY` in the
//! API); the HTTP layer itself refuses request heads over 128 KiB (431),
//! malformed ones (400) and heads that take longer than the client timeout
//! (408), each with an empty body, before the app sees them.

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};

use super::error::{self, ApiError, AppError};

/// Longest address (path and query string) we read. The longest real one,
/// a calculator result with every box ticked, is under 1 KiB.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Most bytes of request headers (names and values) we read; browsers send
/// 1–2 KiB. Cookies are the usual reason for more, and this site sets none.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// What is wrong with a request over the limits above, if anything. The
/// error carries the limit it broke, so `error.rs` need not know this module.
pub fn refusal(request: &ServiceRequest) -> Option<AppError> {
    let uri = request.uri();
    let uri_bytes = uri.path().len() + uri.query().map_or(0, str::len);
    if uri_bytes > MAX_URI_BYTES {
        return Some(AppError::UriTooLong { max: MAX_URI_BYTES });
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    (header_bytes > MAX_HEADER_BYTES).then_some(AppError::HeadersTooLarge {
        max: MAX_HEADER_BYTES,
    })
}

/// The answer to a request [`refusal`] refused: 414 or 431, as the site's
/// error page, or as problem+json under `/api/`.
pub fn refuse(request: ServiceRequest, refusal: AppError) -> ServiceResponse<BoxBody> {
    if request.path().starts_with("/api/") {
        request.error_response(ApiError(refusal))
    } else {
        error::with_head(request.error_response(refusal)).map_into_boxed_body()
    }
}
