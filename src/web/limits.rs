//! Limits on what a request may be, checked before any handler runs, so an
//! oversized request gets our own page or problem, not actix's plain text.
//!
//! Request bodies are limited where they are read (`MAX_JSON_BODY` in the
//! API); the HTTP layer itself refuses request heads over 128 KiB (431),
//! malformed ones (400) and heads that take longer than the client timeout
//! (408), each with an empty body, before the app sees them.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::error::{ApiError, AppError};

/// Longest address (path and query string) we read. The longest real one,
/// a calculator result with every box ticked, is under 1 KiB.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Most bytes of request headers (names and values) we read; browsers send
/// 1–2 KiB. Cookies are the usual reason for more, and this site sets none.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses requests over the limits above: 414 or 431, as the site's error
/// page, or as problem+json under `/api/`.
pub async fn check(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let uri = request.uri();
    let uri_bytes = uri.path().len() + uri.query().map_or(0, str::len);
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    let refusal = if uri_bytes > MAX_URI_BYTES {
        Some(AppError::UriTooLong)
    } else if header_bytes > MAX_HEADER_BYTES {
        Some(AppError::HeadersTooLarge)
    } else {
        None
    };
    match refusal {
        None => Ok(next.call(request).await?.map_into_left_body()),
        // Answered as an error response, so the error-page middleware gives
        // the HTML one the site layout.
        Some(error) if request.path().starts_with("/api/") => Ok(request
            .error_response(ApiError(error))
            .map_into_right_body()),
        Some(error) => Ok(request.error_response(error).map_into_right_body()),
    }
}
