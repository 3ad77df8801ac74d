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
#[derive(Debug, Serialize)]
struct CellAnswer<'a> {
    location: &'a str,
    experience_band: String,
    employment: &'a str,
    /// "10-19", "20-49", "50-99" or "100+": never the exact count.
    count_band: &'static str,
    median: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    p25: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p75: Option<i64>,
    updated: jiff::civil::Date,
}

/// `GET /api/v1/reports?location=…&years=…[&employment=…]`.
pub async fn reports_api(
    state: web::Data<AppState>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
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

/// Runs for the life of the server: each minute, does today's rebuild if
/// no server has yet, then reads the aggregates into memory.
pub async fn refresh_forever(state: web::Data<AppState>) {
    let Some(store) = state.store.clone() else {
        return;
    };
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
