//! Limits on what a request may be, checked before any handler runs, so an
//! oversized request gets our own page or problem, not actix's plain text.
//!
//! Request bodies are limited where they are read, by [`read_body`], which
//! every handler that takes a body (the report form, withdrawal, the
//! moderators' forms, the JSON API) calls; the HTTP layer itself refuses
//! request heads over 128 KiB (431), malformed ones (400) and heads that
//! take longer than the client timeout (408), each with an empty body,
//! before the app sees them.

use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt as _;

use super::error::{self, ApiError, AppError};

/// Longest address (path and query string) we read. The longest real one,
/// a calculator result with every box ticked, is under 1 KiB.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Most bytes of request headers (names and values) we read; browsers send
/// 1–2 KiB. Cookies are the usual reason for more, and this site sets none.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Most bytes of a request body we read. The largest real ones, a report
/// form with every field filled or an estimate request with every skill,
/// are under 1 KiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// How long a client has to send a request body once its head is in, so a
/// client that sends it a byte at a time cannot hold the request open.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads a request body of at most [`MAX_BODY_BYTES`] within
/// [`BODY_TIMEOUT`]. Over the limit (declared in `Content-Length` or
/// found while reading) is [`AppError::PayloadTooLarge`], which the caller
/// answers as our page or problem, never actix's own text.
pub async fn read_body(
    request: &HttpRequest,
    mut payload: web::Payload,
) -> Result<Bytes, AppError> {
    let too_large = AppError::PayloadTooLarge {
        max: MAX_BODY_BYTES,
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large);
    }
    let read = async {
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|_| AppError::IncompleteBody)?;
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    };
    actix_web::rt::time::timeout(BODY_TIMEOUT, read)
        .await
        .map_err(|_| AppError::RequestTimeout)?
}

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
