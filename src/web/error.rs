//! The web layer's one error type and its two renderings.
//!
//! [`AppError`] says what went wrong and maps it to a status once. Pages render it
//! inside the site layout; anything under `/api/` gets the same case as an
//! `application/problem+json` body with a stable snake_case `code`.
//!
//! `ResponseError::error_response` has no request, so it cannot know the page's
//! address; the [`page_with_head`] middleware renders HTML error pages again with
//! their canonical URL and link-preview tags, from the request and the site config.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError, web};
use askama::Template;
use serde::Serialize;

use super::AppState;
use super::meta::{FormOrigin as _, Head, SiteConfig};
use crate::estimator::EstimateError;
use crate::store::{NotConnected, StoreError};

/// The `Retry-After` of a [`AppError::StorageUnavailable`], in seconds: the
/// database is retried at least every 30 s, and a person comes back in a
/// minute or two anyway.
pub const STORAGE_RETRY_AFTER_SECS: u64 = 60;

/// What can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No page or resource at this address.
    #[error("There is no page at this address.")]
    NotFound,
    /// The address exists but not for this method; `allow` lists the ones it
    /// takes, for the `Allow` header a 405 must carry.
    #[error("This address does not accept that kind of request.")]
    MethodNotAllowed {
        /// "GET, HEAD", "POST", …
        allow: &'static str,
    },
    /// The request's values are wrong; each bad field is named.
    #[error("Some values need fixing.")]
    Invalid(#[from] EstimateError),
    /// The request body is not JSON we can read.
    #[error("The request body is not valid JSON: {0}")]
    MalformedJson(String),
    /// The JSON is well formed but not an estimate request.
    #[error("The request body does not describe an estimate: {0}")]
    InvalidBody(String),
    /// The body was sent with a content type we do not read.
    #[error("Send the request body as application/json.")]
    UnsupportedMediaType,
    /// The body is larger than any real request.
    #[error(
        "The request is too large: at most {max} bytes of a form or JSON body are read, so nothing was read or stored. A real report or estimate request is far smaller."
    )]
    PayloadTooLarge {
        /// The limit, in bytes (`limits::MAX_BODY_BYTES`).
        max: usize,
    },
    /// The body stopped before the length it announced, or its chunks
    /// were malformed.
    #[error("The request body was cut off before its end, so nothing was read or stored.")]
    IncompleteBody,
    /// The query string could not be read.
    #[error("The address's query string could not be read: {0}")]
    BadQuery(String),
    /// The address (path and query) is longer than any page needs.
    #[error(
        "The address is too long: addresses on this site are at most {max} characters. Shorten it, or start again from the form."
    )]
    UriTooLong {
        /// The limit, in bytes of path and query (`limits::MAX_URI_BYTES`).
        max: usize,
    },
    /// The request's headers are larger than any browser sends.
    #[error("The request's headers are too large: at most {max} bytes in all are read.")]
    HeadersTooLarge {
        /// The limit, in bytes of names and values (`limits::MAX_HEADER_BYTES`).
        max: usize,
    },
    /// The client stopped sending the request body part-way.
    #[error("The request body did not arrive in time.")]
    RequestTimeout,
    /// The profile's cell has too few approved reports to show.
    #[error(
        "Too few approved reports match this location, experience band and kind of work to show them without risking someone's privacy."
    )]
    InsufficientReports,
    /// The reports database is not configured or did not answer.
    #[error("Salary reports cannot be taken right now. Please try again in a few minutes.")]
    ReportsUnavailable,
    /// The reports database has not answered since this server started (it
    /// is down, starting, or not created yet); retried in the background.
    #[error(
        "Sharing and moderating salary reports is temporarily unavailable: our reports database is not answering. Nothing was stored, so if you sent a report, it was not saved. Please try again in a few minutes."
    )]
    StorageUnavailable,
    /// A template failed to render: a bug, logged, never shown in detail.
    #[error("Something went wrong on our side.")]
    Render(#[from] askama::Error),
}

impl AppError {
    /// The stable snake_case code API clients can rely on.
    /// A response with this error's status, and the headers it needs (the
    /// methods a 405's address takes), for the page and the problem alike.
    fn response_builder(&self) -> actix_web::HttpResponseBuilder {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            AppError::MethodNotAllowed { allow } => {
                response.insert_header((actix_web::http::header::ALLOW, *allow));
            }
            AppError::StorageUnavailable => {
                response.insert_header((
                    actix_web::http::header::RETRY_AFTER,
                    STORAGE_RETRY_AFTER_SECS.to_string(),
                ));
            }
            _ => {}
        }
        response
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed { .. } => "method_not_allowed",
            AppError::Invalid(_) => "invalid_input",
            AppError::MalformedJson(_) => "malformed_json",
            AppError::InvalidBody(_) => "invalid_body",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::PayloadTooLarge { .. } => "payload_too_large",
            AppError::IncompleteBody => "incomplete_body",
            AppError::BadQuery(_) => "bad_query",
            AppError::UriTooLong { .. } => "uri_too_long",
            AppError::HeadersTooLarge { .. } => "headers_too_large",
            AppError::RequestTimeout => "request_timeout",
            AppError::ReportsUnavailable => "reports_unavailable",
            AppError::StorageUnavailable => "storage_unavailable",
            AppError::InsufficientReports => "insufficient_reports",
            AppError::Render(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            AppError::NotFound => "Page not found",
            AppError::MethodNotAllowed { .. } => "Method not allowed",
            AppError::Invalid(_) | AppError::InvalidBody(_) => "Invalid input",
            AppError::MalformedJson(_) | AppError::BadQuery(_) => "Bad request",
            AppError::UnsupportedMediaType => "Unsupported media type",
            AppError::PayloadTooLarge { .. } => "Request too large",
            AppError::IncompleteBody => "Incomplete request",
            AppError::UriTooLong { .. } => "Address too long",
            AppError::HeadersTooLarge { .. } => "Headers too large",
            AppError::RequestTimeout => "Request timed out",
            AppError::ReportsUnavailable => "Reports unavailable",
            AppError::StorageUnavailable => "Temporarily unavailable",
            AppError::InsufficientReports => "Not enough reports",
            AppError::Render(_) => "Server error",
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Invalid(_) | AppError::InvalidBody(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::MalformedJson(_) | AppError::BadQuery(_) => StatusCode::BAD_REQUEST,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::IncompleteBody => StatusCode::BAD_REQUEST,
            AppError::UriTooLong { .. } => StatusCode::URI_TOO_LONG,
            AppError::HeadersTooLarge { .. } => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::ReportsUnavailable | AppError::StorageUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::InsufficientReports => StatusCode::NOT_FOUND,
            AppError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Render(error) = self {
            tracing::error!(%error, "template failed to render");
        }
        self.response_builder()
            .content_type(ContentType::html())
            .body(error_page(self, None))
    }
}

/// The error page, inside the site layout.
#[derive(Template)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    current: &'static str,
    /// Known once the request is (in [`page_with_head`]).
    head: Option<Head>,
    status: u16,
    title: &'static str,
    message: String,
    is_not_found: bool,
}

fn error_page(error: &AppError, head: Option<Head>) -> String {
    let page = ErrorPage {
        current: "",
        head,
        status: error.status_code().as_u16(),
        title: error.title(),
        message: error.to_string(),
        is_not_found: matches!(error, AppError::NotFound),
    };
    page.render().unwrap_or_else(|_| {
        // The error page has no data that can fail; keep a plain fallback anyway.
        format!(
            "<!doctype html><title>{0}</title><h1>{0}</h1>",
            error.title()
        )
    })
}

/// The not-found page for a static host (`404.html` in an export): the page
/// the server sends for an unknown address, kept out of search indexes.
pub fn not_found_page(config: &SiteConfig) -> String {
    let error = AppError::NotFound;
    let head = Head::new(config, "/404.html", error.title(), error.to_string());
    error_page(&error, Some(head.noindex()))
}

/// Middleware (through `ErrorHandlers`): renders an HTML error page again with
/// its `<head>` complete, now that the request and the site config are at hand.
///
/// Responses that carry no [`AppError`] pass through untouched: API problems
/// (an [`ApiError`]) and pages that chose their own error status, such as the
/// calculator's 422 form.
pub fn page_with_head<B: MessageBody>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    Ok(ErrorHandlerResponse::Response(with_head(response)))
}

/// An error response with its HTML page rendered again, `<head>` complete;
/// any other response unchanged. See [`page_with_head`].
pub fn with_head<B: MessageBody>(response: ServiceResponse<B>) -> ServiceResponse<EitherBody<B>> {
    let request = response.request();
    let page = response
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .zip(request.app_data::<web::Data<AppState>>())
        .map(|(error, state)| {
            let head = Head::new(
                &state.config,
                request.path(),
                error.title(),
                error.to_string(),
            );
            error_page(error, Some(head.noindex()))
        });
    let Some(body) = page else {
        return response.map_into_left_body();
    };
    let (request, response) = response.into_parts();
    // `set_body` keeps the status and headers; only the page changes.
    let response = response.set_body(body);
    ServiceResponse::new(request, response)
        .map_into_boxed_body()
        .map_into_right_body()
}

/// The same errors for API clients, as RFC 9457 problem details.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

impl From<EstimateError> for ApiError {
    fn from(error: EstimateError) -> Self {
        ApiError(AppError::Invalid(error))
    }
}

/// One bad field in a problem body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// The field's name, as in the request (`b.years` in a comparison).
    pub field: std::borrow::Cow<'static, str>,
    /// A stable code for the problem.
    pub code: &'static str,
    /// The problem in words.
    pub message: String,
}

/// An `application/problem+json` body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always `about:blank`: `code` carries the machine-readable kind.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Short summary.
    pub title: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Stable snake_case code.
    pub code: &'static str,
    /// What went wrong, in words.
    pub detail: String,
    /// Each bad field; empty when the problem is not about fields.
    pub errors: Vec<ProblemField>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Render(error) = &self.0 {
            tracing::error!(%error, "API response failed to render");
        }
        let errors = match &self.0 {
            AppError::Invalid(invalid) => invalid
                .errors
                .iter()
                .map(|e| ProblemField {
                    field: e.field.clone(),
                    code: e.error.code(),
                    message: e.error.to_string(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let detail = match &self.0 {
            AppError::Invalid(invalid) => invalid.to_string(),
            other => other.to_string(),
        };
        let problem = Problem {
            kind: "about:blank",
            title: self.0.title(),
            status: self.status_code().as_u16(),
            code: self.0.code(),
            detail,
            errors,
        };
        // A problem can quote what the client sent (an unknown id, a field
        // name), so it is written with HTML's special characters escaped.
        let body = serde_json::to_vec(&problem)
            .map(html_safe_json)
            .unwrap_or_else(|_| b"{\"code\":\"internal_error\"}".to_vec());
        self.0
            .response_builder()
            .content_type("application/problem+json")
            .body(body)
    }
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`:
/// the same JSON to any parser, but nothing in it can open a tag if a client
/// pastes it into a page. Those bytes only occur inside JSON strings, and never
/// inside a multi-byte UTF-8 character, so swapping bytes is exact.
fn html_safe_json(json: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + 16);
    for byte in json {
        match byte {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            other => out.push(other),
        }
    }
    out
}

impl From<NotConnected> for AppError {
    fn from(_: NotConnected) -> Self {
        AppError::StorageUnavailable
    }
}

/// A failed database call, logged here and shown as "reports unavailable":
/// the visitor sees no detail of the database.
pub(super) fn storage_failed(error: StoreError) -> AppError {
    tracing::error!(%error, "reports database");
    AppError::ReportsUnavailable
}
