//! Published report aggregates on the web: `GET /api/v1/reports`, and the
//! job that keeps a server's in-memory snapshot fresh.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use jiff::{Timestamp, tz::TimeZone};
use serde::Serialize;

use super::AppState;
use super::calculator::profile_query;
use super::error::{ApiError, AppError};
use crate::reports::maintenance;
use crate::reports::snapshot::ReportsSnapshot;

/// How often a server reads the aggregates (and checks whether today's
/// rebuild is done): a new build shows within a minute.
const REFRESH_EVERY: Duration = Duration::from_secs(60);

/// One published cell, as the API answers it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CellAnswer<'a> {
    /// The location id of the cell.
    location: &'a str,
    /// The experience band, such as "3-5" or "15+".
    experience_band: String,
    /// `salaried` or `freelance`.
    employment: &'a str,
    /// "10-19", "20-49", "50-99" or "100+": never the exact count.
    count_band: &'static str,
    /// Median yearly base pay of the approved reports, rounded.
    median: i64,
    /// 25th percentile, only with enough reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    p25: Option<i64>,
    /// 75th percentile, likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    p75: Option<i64>,
    /// When the aggregates were last rebuilt.
    #[schema(value_type = String, format = Date)]
    updated: jiff::civil::Date,
}

/// `GET /api/v1/reports?location=…&years=…[&employment=…]`.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    params(super::api_params::ReportsParams),
    responses(
        (status = 200, description = "The profile's cell of approved visitors' reports", body = CellAnswer<'_>),
        (status = 400, description = "The query string could not be read", content_type = "application/problem+json", body = super::error::Problem),
        (status = 404, description = "Too few approved reports in the cell to show (insufficient_reports)", content_type = "application/problem+json", body = super::error::Problem),
        (status = 414, description = "The address is too long", content_type = "application/problem+json", body = super::error::Problem),
        (status = 422, description = "Bad values, one entry per bad field", content_type = "application/problem+json", body = super::error::Problem),
        (status = 503, description = "The reports database has not answered since the server started (storage_unavailable); try again after Retry-After seconds", content_type = "application/problem+json", body = super::error::Problem),
    )
)]
pub async fn reports_api(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    // Until the database answers, no cell has been read: "too few reports"
    // would not be true.
    if let Some(database) = state.database() {
        database.store().map_err(|e| ApiError(e.into()))?;
    }
    let site = state.site();
    let model = &site.model;
    let query = profile_query(&request)?;
    let input = query.validate(model)?;
    let location = input
        .choices
        .location
        .as_deref()
        .filter(|id| !id.is_empty())
        .or(model
            .factor(crate::estimator::FactorKind::Location)
            .default
            .as_deref())
        .unwrap_or_default();
    let employment = input.employment.key();
    let snapshot = state.reports_snapshot();
    let cell = snapshot
        .cell_for(&model.reports, location, input.years, employment)
        .ok_or(ApiError(AppError::InsufficientReports))?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=300"))
        .json(CellAnswer {
            location,
            experience_band: model.reports.band(input.years),
            employment,
            count_band: cell.count_band(),
            median: cell.median,
            p25: cell.p25,
            p75: cell.p75,
            updated: cell.updated,
        }))
}

/// Runs for the life of the server: once the database has answered, each
/// minute, does today's rebuild if no server has yet, then reads the
/// aggregates into memory.
pub async fn refresh_forever(state: web::Data<AppState>) {
    let Some(database) = state.database().cloned() else {
        return;
    };
    let store = database.until_connected().await.clone();
    let mut ticks = tokio::time::interval(REFRESH_EVERY);
    loop {
        ticks.tick().await;
        let today = Timestamp::now().to_zoned(TimeZone::UTC).date();
        let site = state.site();
        match maintenance::daily(&store, &site.model.reports, today).await {
            Ok(Some(done)) => {
                tracing::info!(cells = done.cells, purged = done.purged, "reports rebuilt")
            }
            Ok(None) => {}
            Err(error) => tracing::error!(%error, "daily reports rebuild failed"),
        }
        match maintenance::snapshot(&store).await {
            Ok(cells) => state.replace_reports(ReportsSnapshot { cells }),
            Err(error) => tracing::error!(%error, "could not read report aggregates"),
        }
    }
}
