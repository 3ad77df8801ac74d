//! The API described: an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Generated from the Rust types themselves (utoipa's `ToSchema` derives on
//! the estimate, the comparison and the problem body, `#[utoipa::path]` on the
//! handlers), so a field added to a type is in the document as soon as the type
//! derives it: nothing here lists fields by hand except the query parameters,
//! which the handlers read from a raw query string.

use actix_web::HttpResponse;
use actix_web::http::header;
use utoipa::{IntoParams, OpenApi};

use super::cache::PAGE_CACHE_CONTROL;

/// The query of `GET /api/v1/estimate`, as the calculator form sends it.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct EstimateParams {
    /// Years of professional experience, 0 to 50; fractions allowed.
    years: String,
    /// Location id where pay is set (`/api/v1/options`, `locations`).
    location: Option<String>,
    /// A ZIP code or a US city name ("98101", "Boise, ID"), resolved by the
    /// server to its BLS area; it sets `location`. A place in several areas
    /// is refused with `ambiguous_place` naming them, an unknown one with
    /// `unknown_place`; outside every BLS metro, the state's figures apply.
    place: Option<String>,
    /// Location id of where the person lives, when it is not where pay is set.
    home: Option<String>,
    /// Industry id.
    industry: Option<String>,
    /// Company size id.
    company_size: Option<String>,
    /// Main language id.
    language: Option<String>,
    /// Work arrangement id.
    work_arrangement: Option<String>,
    /// Skill ids; the key repeats.
    #[param(style = Form, explode)]
    skills: Option<Vec<String>>,
    /// Certification ids; the key repeats.
    #[param(style = Form, explode)]
    certifications: Option<Vec<String>>,
    /// `salaried` (default) or `freelance`.
    employment: Option<String>,
    /// Offered yearly base salary in dollars ("120000" or "$120,000").
    offer: Option<String>,
    /// Offered yearly target bonus.
    offer_bonus: Option<String>,
    /// Offered yearly equity value (or give `offer_grant`).
    offer_equity: Option<String>,
    /// Offered one-time signing bonus.
    offer_signing: Option<String>,
    /// Offered equity grant, its whole value.
    offer_grant: Option<String>,
    /// Vesting schedule id of the grant (`/api/v1/options`, `vesting_schedules`).
    offer_vesting: Option<String>,
}

/// The query of `GET /api/v1/compare`: each scenario's calculator fields
/// with its prefix. Scenario `c` counts once its years or an offer are given.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct CompareParams {
    /// Scenario A: years of experience.
    #[param(rename = "a.years")]
    a_years: String,
    /// Scenario A: location id where pay is set.
    #[param(rename = "a.location")]
    a_location: Option<String>,
    /// Scenario A: location id of where the person lives.
    #[param(rename = "a.home")]
    a_home: Option<String>,
    /// Scenario A: work arrangement id.
    #[param(rename = "a.work_arrangement")]
    a_work_arrangement: Option<String>,
    /// Scenario A: offered base salary.
    #[param(rename = "a.offer")]
    a_offer: Option<String>,
    /// Scenario A: offered equity grant.
    #[param(rename = "a.offer_grant")]
    a_offer_grant: Option<String>,
    /// Scenario B: years of experience.
    #[param(rename = "b.years")]
    b_years: String,
    /// Scenario B: location id where pay is set.
    #[param(rename = "b.location")]
    b_location: Option<String>,
    /// Scenario B: location id of where the person lives.
    #[param(rename = "b.home")]
    b_home: Option<String>,
    /// Scenario B: work arrangement id.
    #[param(rename = "b.work_arrangement")]
    b_work_arrangement: Option<String>,
    /// Scenario B: offered base salary.
    #[param(rename = "b.offer")]
    b_offer: Option<String>,
    /// Scenario B: offered equity grant.
    #[param(rename = "b.offer_grant")]
    b_offer_grant: Option<String>,
    /// Scenario C (optional): years of experience.
    #[param(rename = "c.years")]
    c_years: Option<String>,
    /// Scenario C: location id where pay is set.
    #[param(rename = "c.location")]
    c_location: Option<String>,
    /// Scenario C: offered base salary.
    #[param(rename = "c.offer")]
    c_offer: Option<String>,
}

/// The query of `GET /api/v1/reports`: the profile whose cell is asked for.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(
    dead_code,
    reason = "describes the query for the document; never built"
)]
pub struct ReportsParams {
    /// Years of professional experience, 0 to 50; picks the experience band.
    years: String,
    /// Location id (`/api/v1/options`, `locations`); the national cell when absent.
    location: Option<String>,
    /// `salaried` (default) or `freelance`.
    employment: Option<String>,
}

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
