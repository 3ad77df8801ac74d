//! The API described: an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Generated from the Rust types themselves (utoipa's `ToSchema` derives on
//! the estimate, the comparison and the problem body, `#[utoipa::path]` on the
//! handlers), so a field added to a type is in the document as soon as the type
//! derives it: nothing lists fields by hand except the query parameters
//! (`api_params`), which the handlers read from a raw query string.
//!
//! The server answers with `openapi.json`, beside this file, and a test holds
//! that file to what the types generate. Building the document at run time
//! kept utoipa's generated code (about 250 KB) mapped into every server's
//! memory for a document that only changes with the code. After changing an
//! API type or handler, `UPDATE_OPENAPI=1 cargo test --lib openapi` rewrites
//! the file; commit it with the change.

use actix_web::HttpResponse;
use actix_web::http::header;

use super::cache::PAGE_CACHE_CONTROL;

/// The whole API: every route, every answer and every problem. Only the test
/// below builds it; the server answers with the file it checks.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(utoipa::OpenApi)]
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

/// The document as JSON, as generated from the types when it was last
/// written (see the module's comment).
pub const DOCUMENT: &str = include_str!("openapi.json");

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
        .body(DOCUMENT)
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    use super::{ApiDoc, DOCUMENT};

    #[test]
    fn the_served_document_is_the_one_the_types_generate() {
        let generated = ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
        if std::env::var_os("UPDATE_OPENAPI").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/web/openapi.json");
            std::fs::write(path, &generated).unwrap();
            return;
        }
        assert!(
            generated == DOCUMENT,
            "src/web/openapi.json is not what the API's types describe: run \
             `UPDATE_OPENAPI=1 cargo test --lib openapi` and commit the file"
        );
    }
}
