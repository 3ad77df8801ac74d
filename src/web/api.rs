//! The JSON API: `/api/v1/estimate` (GET with the form's query, or POST with a
//! JSON object) and `/api/v1/options`. Errors are problem+json via [`ApiError`].

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::cache::{CachedResponse, PAGE_CACHE_CONTROL, ResultKind};
use super::calculator::profile_query;
use super::error::{ApiError, AppError};

use crate::estimator::{self, EquityKind, FactorKind, ProfileQuery, SalaryModel, compare};
use crate::reports::snapshot::ReportsSnapshot;
use crate::tax::Filing;

fn estimate_response(
    model: &SalaryModel,
    query: &ProfileQuery,
    reports: &ReportsSnapshot,
) -> Result<HttpResponse, ApiError> {
    let input = query.validate(model)?;
    let estimate =
        estimator::estimate_with_reports(model, &input, reports.cell_for_input(model, &input))?;
    Ok(HttpResponse::Ok().json(estimate))
}

/// `GET /api/v1/estimate`: an estimate for the calculator's query.
#[utoipa::path(
    get,
    path = "/api/v1/estimate",
    params(super::api_params::EstimateParams),
    responses(
        (status = 200, description = "The explained estimate", body = crate::estimator::Estimate),
        (status = 400, description = "The query string could not be read", content_type = "application/problem+json", body = super::error::Problem),
        (status = 414, description = "The address is too long", content_type = "application/problem+json", body = super::error::Problem),
        (status = 422, description = "Bad values, one entry per bad field", content_type = "application/problem+json", body = super::error::Problem),
    )
)]
pub async fn estimate_from_query(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    // The same query gives the same JSON until content changes: kept once
    // made, like the calculator's result page, and answered from then on by
    // the front middleware before this handler runs.
    let loaded = state.loaded();
    let key = request.query_string();
    let query = profile_query(&request)?;
    let model = &loaded.site.model;
    let input = query.validate(model)?;
    let snapshot = state.reports_snapshot();
    let estimate =
        estimator::estimate_with_reports(model, &input, snapshot.cell_for_input(model, &input))?;
    // An estimate has only string keys and finite numbers, so this cannot fail;
    // if it ever did, it is our bug: a logged 500.
    let json = serde_json::to_vec(&estimate)
        .map_err(|error| ApiError(AppError::Render(askama::Error::custom(error))))?;
    let answer = CachedResponse::for_result("application/json", PAGE_CACHE_CONTROL, json.into());
    Ok(loaded
        .results
        .insert(ResultKind::Json, key, answer)
        .respond(&request))
}

/// `GET /api/v1/compare`: two or three scenarios with prefixed fields
/// (`a.years`, `b.location`, ...), compared with scenario `a`.
#[utoipa::path(
    get,
    path = "/api/v1/compare",
    params(super::api_params::CompareParams),
    responses(
        (status = 200, description = "The scenarios, their differences from a, and what decides it", body = compare::Comparison),
        (status = 400, description = "The query string could not be read", content_type = "application/problem+json", body = super::error::Problem),
        (status = 414, description = "The address is too long", content_type = "application/problem+json", body = super::error::Problem),
        (status = 422, description = "Bad values, one entry per bad field", content_type = "application/problem+json", body = super::error::Problem),
    )
)]
pub async fn compare_from_query(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let query = super::compare::compare_query(&request)?;
    let site = state.site();
    let reports = state.reports_snapshot();
    let comparison = compare::compare_with_reports(&site.model, &query, |input| {
        reports.cell_for_input(&site.model, input)
    })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, PAGE_CACHE_CONTROL))
        .json(comparison))
}

/// A POSTed estimate request: the form's fields, with lists as arrays.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstimateBody {
    /// A number (or a numeric string, as a form would send it).
    #[schema(value_type = Option<f64>)]
    years: Option<serde_json::Value>,
    location: Option<String>,
    /// A ZIP code or a city name ("98101", "Boise, ID"); sets `location`.
    place: Option<String>,
    industry: Option<String>,
    company_size: Option<String>,
    language: Option<String>,
    work_arrangement: Option<String>,
    /// Location id of where the person lives, when pay is set elsewhere.
    home: Option<String>,
    /// Where the person lives as a ZIP code or a city name ("80202",
    /// "Denver, CO"), found as `place` is; wins over `home`.
    home_place: Option<String>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    certifications: Vec<String>,
    employment: Option<String>,
    /// Offer amounts: numbers, or strings as a form would send them.
    #[schema(value_type = Option<f64>)]
    offer: Option<serde_json::Value>,
    #[schema(value_type = Option<f64>)]
    offer_bonus: Option<serde_json::Value>,
    #[schema(value_type = Option<f64>)]
    offer_equity: Option<serde_json::Value>,
    #[schema(value_type = Option<f64>)]
    offer_signing: Option<serde_json::Value>,
    #[schema(value_type = Option<f64>)]
    offer_grant: Option<serde_json::Value>,
    offer_vesting: Option<String>,
    /// `public`, `private` or `none` (`/api/v1/options`, `equity_kinds`).
    offer_equity_kind: Option<String>,
    /// `single` (default) or `joint` (`/api/v1/options`, `filings`).
    filing: Option<String>,
    /// A city with a wage tax where the person lives (`/api/v1/options`,
    /// `home_cities`).
    home_city: Option<String>,
    /// The home state's two-letter code, for an area that spans states.
    home_state: Option<String>,
}

/// A JSON number or string as the text a form would have sent, so both paths
/// share validation; anything else (true, [], {}) becomes text that fails it.
fn as_form_text(value: Option<serde_json::Value>) -> Option<String> {
    value.and_then(|value| match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    })
}

impl EstimateBody {
    /// The same query the form would have sent, so both paths share validation.
    fn into_query(self) -> ProfileQuery {
        ProfileQuery {
            years: as_form_text(self.years),
            location: self.location,
            place: self.place,
            industry: self.industry,
            company_size: self.company_size,
            language: self.language,
            work_arrangement: self.work_arrangement,
            home: self.home,
            home_place: self.home_place,
            skills: self.skills,
            certifications: self.certifications,
            employment: self.employment,
            offer: as_form_text(self.offer),
            offer_bonus: as_form_text(self.offer_bonus),
            offer_equity: as_form_text(self.offer_equity),
            offer_signing: as_form_text(self.offer_signing),
            offer_grant: as_form_text(self.offer_grant),
            offer_vesting: self.offer_vesting,
            offer_equity_kind: self.offer_equity_kind,
            filing: self.filing,
            home_city: self.home_city,
            home_state: self.home_state,
        }
    }
}

/// `POST /api/v1/estimate`: the same estimate for a JSON object.
#[utoipa::path(
    post,
    path = "/api/v1/estimate",
    request_body(content = EstimateBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The explained estimate", body = crate::estimator::Estimate),
        (status = 400, description = "The body is not JSON, or not an estimate request", content_type = "application/problem+json", body = super::error::Problem),
        (status = 408, description = "The body did not arrive in time", content_type = "application/problem+json", body = super::error::Problem),
        (status = 413, description = "The body is too large", content_type = "application/problem+json", body = super::error::Problem),
        (status = 415, description = "The body is not application/json", content_type = "application/problem+json", body = super::error::Problem),
        (status = 422, description = "Bad values, one entry per bad field", content_type = "application/problem+json", body = super::error::Problem),
    )
)]
pub async fn estimate_from_json(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(AppError::UnsupportedMediaType.into());
    }
    // Read by us, so an oversized or slow body gets our own problem.
    let body = super::limits::read_body(&request, payload).await?;
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|error| AppError::MalformedJson(error.to_string()))?;
    if !value.is_object() {
        return Err(AppError::InvalidBody("expected a JSON object".into()).into());
    }
    let request: EstimateBody =
        serde_json::from_value(value).map_err(|error| AppError::InvalidBody(error.to_string()))?;
    estimate_response(
        &state.site().model,
        &request.into_query(),
        &state.reports_snapshot(),
    )
}

/// One valid value of a factor.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OptionItem<'a> {
    id: &'a str,
    label: &'a str,
}

/// Every valid id of every factor, for API clients building a form.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Options<'a> {
    locations: Vec<OptionItem<'a>>,
    industries: Vec<OptionItem<'a>>,
    company_sizes: Vec<OptionItem<'a>>,
    languages: Vec<OptionItem<'a>>,
    skills: Vec<OptionItem<'a>>,
    certifications: Vec<OptionItem<'a>>,
    work_arrangements: Vec<OptionItem<'a>>,
    vesting_schedules: Vec<OptionItem<'a>>,
    /// What an offer's equity can be (`offer_equity_kind`); `public` is the
    /// reading when a request does not say.
    equity_kinds: Vec<OptionItem<'a>>,
    /// Filing statuses for take-home pay (`filing`); `single` when a request
    /// does not say.
    filings: Vec<OptionItem<'a>>,
    /// Cities and counties that tax residents' wages (`home_city`).
    home_cities: Vec<HomeCity<'a>>,
    /// The states and DC by two-letter code (`home_state`).
    home_states: Vec<OptionItem<'a>>,
    data_version: &'a str,
}

/// A city or county with a wage tax on residents.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HomeCity<'a> {
    id: &'a str,
    label: &'a str,
    /// The two-letter code of its state, which it sets as the home state.
    state: &'a str,
}

/// Renders `/api/v1/options`, which depends only on content: served from the
/// page cache, from its first request.
#[utoipa::path(
    get,
    path = "/api/v1/options",
    responses((status = 200, description = "Every valid id of every factor, the vesting schedules, the kinds of equity, the filing statuses and the home cities and states for take-home pay", body = Options<'static>))
)]
pub fn render_options(model: &SalaryModel) -> Result<String, AppError> {
    let list = |kind: FactorKind| {
        model
            .factor(kind)
            .values
            .iter()
            .map(|v| OptionItem {
                id: &v.id,
                label: &v.label,
            })
            .collect()
    };
    let options = Options {
        locations: list(FactorKind::Location),
        industries: list(FactorKind::Industry),
        company_sizes: list(FactorKind::CompanySize),
        languages: list(FactorKind::Language),
        skills: list(FactorKind::Skills),
        certifications: list(FactorKind::Certifications),
        work_arrangements: list(FactorKind::WorkArrangement),
        vesting_schedules: model
            .vesting_schedules
            .iter()
            .map(|s| OptionItem {
                id: &s.id,
                label: &s.label,
            })
            .collect(),
        equity_kinds: EquityKind::ALL
            .into_iter()
            .map(|kind| OptionItem {
                id: kind.key(),
                label: kind.label(),
            })
            .collect(),
        filings: Filing::ALL
            .into_iter()
            .map(|filing| OptionItem {
                id: filing.as_str(),
                label: filing.label(),
            })
            .collect(),
        home_cities: model
            .tax
            .locals
            .iter()
            .map(|local| HomeCity {
                id: &local.id,
                label: &local.name,
                state: &local.state,
            })
            .collect(),
        home_states: model
            .tax
            .states
            .values()
            .map(|state| OptionItem {
                id: &state.code,
                label: &state.name,
            })
            .collect(),
        data_version: &model.version,
    };
    // A struct of strings always serializes; a failure would be ours, a 500.
    serde_json::to_string(&options).map_err(|error| AppError::Render(askama::Error::custom(error)))
}
