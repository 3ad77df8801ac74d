//! The daily job: retention, key deletion and the aggregate rebuild. Every
//! server runs the check each minute; the database lets exactly one of them
//! do each day's work ([`Store::claim_build`]).

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::aggregate;
use crate::estimator::reports::{ReportsCell, ReportsModel};
use crate::store::{Store, StoreError};

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Reports deleted by retention.
    pub purged: u64,
    /// Cells published.
    pub cells: usize,
}

/// Deletes what retention says must go, then rebuilds every aggregate from
/// the approved reports in the window.
pub async fn rebuild(
    store: &Store,
    model: &ReportsModel,
    today: Date,
) -> Result<Rebuilt, StoreError> {
    let purged = store.purge_reports(today).await?;
    store.purge_day_keys(today).await?;
    // Login counts of windows older than a day (the limit looks at 15 minutes).
    let day_start = today
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_or(0, |z| z.timestamp().as_second());
    store
        .purge_login_attempts(day_start / (15 * 60) - 96)
        .await?;
    let approved = store
        .approved_since(aggregate::window_start(model, today))
        .await?;
    let cells = aggregate::build(model, &approved, today);
    store.replace_aggregates(&cells).await?;
    // Last, so the rows deleted above (and the old aggregates) leave the disk.
    store.forget_deleted().await?;
    Ok(Rebuilt {
        purged,
        cells: cells.len(),
    })
}

/// Today's rebuild if no server has done it yet; `None` when another had.
pub async fn daily(
    store: &Store,
    model: &ReportsModel,
    today: Date,
) -> Result<Option<Rebuilt>, StoreError> {
    if !store.claim_build(today).await? {
        return Ok(None);
    }
    rebuild(store, model, today).await.map(Some)
}

/// The published cells, for the in-memory snapshot.
pub async fn snapshot(store: &Store) -> Result<BTreeMap<String, ReportsCell>, StoreError> {
    store.aggregates().await
}
