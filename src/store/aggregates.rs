//! Queries on published aggregates and the daily build claim.

use std::collections::BTreeMap;

use jiff::civil::Date;
use sqlx::Row;

use super::{Store, StoreError, on_pool};
use crate::estimator::reports::ReportsCell;

impl Store {
    /// Claims the rebuild of `day`; true for exactly one caller, whichever
    /// server gets there first.
    pub async fn claim_build(&self, day: Date) -> Result<bool, StoreError> {
        const SQL: &str = "INSERT INTO builds (day) VALUES ($1) ON CONFLICT (day) DO NOTHING";
        let done = on_pool!(self, pool => sqlx::query(SQL)
            .bind(day.to_string())
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Replaces every aggregate at once, in one transaction: readers see the
    /// old build or the new, never a mix.
    pub async fn replace_aggregates(
        &self,
        cells: &BTreeMap<String, ReportsCell>,
    ) -> Result<(), StoreError> {
        const DELETE: &str = "DELETE FROM aggregates";
        const INSERT: &str = "INSERT INTO aggregates (cell, count, median, p25, p75, n_eff, \
             center_log, built_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(DELETE).execute(&mut *tx).await?;
            for (key, cell) in cells {
                sqlx::query(INSERT)
                    .bind(key)
                    .bind(i64::from(cell.count))
                    .bind(cell.median)
                    .bind(cell.p25)
                    .bind(cell.p75)
                    .bind(cell.n_eff)
                    .bind(cell.center_log)
                    .bind(cell.updated.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every published aggregate, by cell key.
    pub async fn aggregates(&self) -> Result<BTreeMap<String, ReportsCell>, StoreError> {
        const SQL: &str =
            "SELECT cell, count, median, p25, p75, n_eff, center_log, built_on FROM aggregates";
        on_pool!(self, pool => {
            let rows = sqlx::query(SQL).fetch_all(pool).await?;
            let mut cells = BTreeMap::new();
            for row in &rows {
                let count: i32 = row.try_get(1)?;
                let built_on: String = row.try_get(7)?;
                let cell = ReportsCell {
                    count: u32::try_from(count)
                        .map_err(|_| StoreError::Corrupt(format!("aggregate count {count}")))?,
                    median: row.try_get(2)?,
                    p25: row.try_get(3)?,
                    p75: row.try_get(4)?,
                    n_eff: row.try_get(5)?,
                    center_log: row.try_get(6)?,
                    updated: built_on
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("not a date: {built_on:?}")))?,
                };
                cells.insert(row.try_get::<String, _>(0)?, cell);
            }
            Ok(cells)
        })
    }
}
