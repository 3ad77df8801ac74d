//! Queries on published aggregates and the daily build claim.

use std::collections::BTreeMap;

use jiff::civil::Date;
use sqlx::Row;

use super::{Store, StoreError, on_pool};
use crate::estimator::reports::{CountBand, ReportsCell};

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
        const INSERT: &str = "INSERT INTO aggregates (cell, band, median, p25, p75, built_on) \
             VALUES ($1, $2, $3, $4, $5, $6)";
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(DELETE).execute(&mut *tx).await?;
            for (key, cell) in cells {
                sqlx::query(INSERT)
                    .bind(key)
                    .bind(cell.band.label())
                    .bind(cell.median)
                    .bind(cell.p25)
                    .bind(cell.p75)
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
        const SQL: &str = "SELECT cell, band, median, p25, p75, built_on FROM aggregates";
        on_pool!(self, pool => {
            let rows = sqlx::query(SQL).fetch_all(pool).await?;
            let mut cells = BTreeMap::new();
            for row in &rows {
                let band: String = row.try_get(1)?;
                let built_on: String = row.try_get(5)?;
                let cell = ReportsCell {
                    band: CountBand::from_label(&band)
                        .ok_or_else(|| StoreError::Corrupt(format!("aggregate band {band:?}")))?,
                    median: row.try_get(2)?,
                    p25: row.try_get(3)?,
                    p75: row.try_get(4)?,
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
