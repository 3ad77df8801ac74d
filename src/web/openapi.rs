//! The API described: an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Generated from the Rust types themselves (utoipa's `ToSchema` derives on
//! the estimate, the comparison and the problem body, `#[utoipa::path]` on the
//! handlers), so a field added to a type is in the document as soon as the type
//! derives it: nothing lists fields by hand except the query parameters
//! (`api_params`), which the handlers read from a raw query string.

use actix_web::HttpResponse;
use actix_web::http::header;
use utoipa::OpenApi;

use super::cache::PAGE_CACHE_CONTROL;

/// The whole API: every route, every answer and every problem.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Backend Salary Guide API",
        description = "Salary estimates for backend developers, explained factor by factor, with buying power and offers; comparisons of two or three scenarios. Errors are application/problem+json with a stable snake_case code and one entry per bad field.",
        license(name = "MIT"),
    ),
    paths(
        super::api::estimate_from_query,
        super::api::estimate_from_json,
        super::api::render_options,
        super::api::compare_from_query,
        super::place::suggestions,
        super::reports::reports_api,
        openapi_json,
    )
)]
pub struct ApiDoc;

/// The document as JSON.
pub fn document() -> String {
    // The document is built from types alone; it always serializes.
    ApiDoc::openapi().to_json().unwrap_or_default()
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, PAGE_CACHE_CONTROL))
        .body(document())
}
