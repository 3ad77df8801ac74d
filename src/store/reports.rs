//! Queries on reports, daily keys, rate counts and spent form tokens.

use jiff::ToSpan;
use jiff::civil::Date;
use sqlx::Row;

use super::{Store, StoreError, on_pool};

/// Where a report stands. Withdrawn reports are deleted, not marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStatus {
    /// Waiting for a moderator; never counted.
    Pending,
    /// Counted in aggregates while inside the 24-month window.
    Approved,
    /// Kept 30 days (so a moderator can see what was refused), then deleted.
    Rejected,
}

impl ReportStatus {
    /// The value stored in the `status` column.
    pub fn key(self) -> &'static str {
        match self {
            ReportStatus::Pending => "pending",
            ReportStatus::Approved => "approved",
            ReportStatus::Rejected => "rejected",
        }
    }
}

/// What a reporter told us and what the model said then: the same for a
/// report being stored and one read back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReportFacts {
    /// Monday of the week it arrived.
    pub week: Date,
    /// Whole years of experience.
    pub years: i32,
    /// Location id from the data file.
    pub location: String,
    /// Industry id, if given.
    pub industry: Option<String>,
    /// Company size id, if given.
    pub company_size: Option<String>,
    /// Work arrangement id.
    pub work_arrangement: String,
    /// `salaried` or `freelance`.
    pub employment: String,
    /// The amount as typed, in whole dollars.
    pub amount_entered: i64,
    /// `year`, `month` or `hour`.
    pub period_entered: String,
    /// The amount as yearly dollars.
    pub base_annual: i64,
    /// Yearly bonus, if given.
    pub bonus_annual: Option<i64>,
    /// The model's median for the same profile when it arrived.
    pub model_median: i64,
}

/// A report as the form accepted it, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    /// Random id (hex), never sequential.
    pub id: String,
    /// What it says.
    pub facts: ReportFacts,
    /// Version of the data file that gave the model's median.
    pub model_version: String,
    /// Codes of what looked unusual, space-separated.
    pub flags: String,
    /// Hash of the receipt code.
    pub receipt_hash: Vec<u8>,
}

/// A stored report, as a moderator sees it (never the receipt's hash).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReport {
    /// Random id.
    pub id: String,
    /// Pending, approved or rejected.
    pub status: ReportStatus,
    /// What it says.
    pub facts: ReportFacts,
    /// Codes of what looked unusual.
    pub flags: Vec<String>,
}

/// Reports awaiting a moderator are [`StoredReport`]s with status pending.
pub type PendingReport = StoredReport;

/// Days a daily salt (and everything keyed or counted by it) is kept: today's
/// and yesterday's, so a form opened before midnight still works after it.
const KEY_DAYS: i64 = 2;

/// The columns [`report_from_row`] reads, in its order.
macro_rules! select_reports {
    ($rest:literal) => {
        concat!(
            "SELECT id, status, submitted_week, years, location, industry, company_size, ",
            "work_arrangement, employment, amount_entered, period_entered, base_annual, ",
            "bonus_annual, model_median, flags FROM reports ",
            $rest
        )
    };
}

fn parse_date(text: &str) -> Result<Date, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("not a date: {text:?}")))
}

fn report_from_row<R: Row>(row: &R) -> Result<StoredReport, StoreError>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let status: String = row.try_get(1)?;
    let status = match status.as_str() {
        "pending" => ReportStatus::Pending,
        "approved" => ReportStatus::Approved,
        "rejected" => ReportStatus::Rejected,
        other => return Err(StoreError::Corrupt(format!("report status {other:?}"))),
    };
    let week: String = row.try_get(2)?;
    let flags: String = row.try_get(14)?;
    Ok(StoredReport {
        id: row.try_get(0)?,
        status,
        facts: ReportFacts {
            week: parse_date(&week)?,
            years: row.try_get(3)?,
            location: row.try_get(4)?,
            industry: row.try_get(5)?,
            company_size: row.try_get(6)?,
            work_arrangement: row.try_get(7)?,
            employment: row.try_get(8)?,
            amount_entered: row.try_get(9)?,
            period_entered: row.try_get(10)?,
            base_annual: row.try_get(11)?,
            bonus_annual: row.try_get(12)?,
            model_median: row.try_get(13)?,
        },
        flags: flags.split_whitespace().map(str::to_owned).collect(),
    })
}

impl Store {
    /// Stores a new report as pending, whatever the queue holds (tests and
    /// imports; the form uses [`Store::add_report_if_room`]).
    pub async fn add_report(&self, report: &NewReport) -> Result<(), StoreError> {
        self.insert_report(report, i64::MAX).await.map(|_| ())
    }

    /// Stores a new report as pending unless `pending_cap` reports already
    /// wait; whether it was stored. The count and the insert are one step,
    /// so concurrent reports (on any number of servers) never push the queue
    /// past the cap: 520 posted at once used to let 509 in over a cap of 500.
    pub async fn add_report_if_room(
        &self,
        report: &NewReport,
        pending_cap: u32,
    ) -> Result<bool, StoreError> {
        self.insert_report(report, i64::from(pending_cap)).await
    }

    async fn insert_report(&self, report: &NewReport, cap: i64) -> Result<bool, StoreError> {
        const SQL: &str = "INSERT INTO reports (id, status, submitted_week, years, location, \
             industry, company_size, work_arrangement, employment, amount_entered, \
             period_entered, base_annual, bonus_annual, model_median, model_version, flags, \
             receipt_hash) SELECT $1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, $15, $16 \
             WHERE (SELECT COUNT(*) FROM reports WHERE status = 'pending') < $17";
        // PostgreSQL: one transaction at a time past this lock, or two could
        // each count 499 and both insert. SQLite has one writer already.
        const LOCK: &str = "SELECT pg_advisory_xact_lock(1818)";
        let facts = &report.facts;
        let inserted = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if matches!(self, Store::Postgres(_)) {
                sqlx::query(LOCK).execute(&mut *tx).await?;
            }
            let done = sqlx::query(SQL)
                .bind(&report.id)
                .bind(facts.week.to_string())
                .bind(facts.years)
                .bind(&facts.location)
                .bind(&facts.industry)
                .bind(&facts.company_size)
                .bind(&facts.work_arrangement)
                .bind(&facts.employment)
                .bind(facts.amount_entered)
                .bind(&facts.period_entered)
                .bind(facts.base_annual)
                .bind(facts.bonus_annual)
                .bind(facts.model_median)
                .bind(&report.model_version)
                .bind(&report.flags)
                .bind(&report.receipt_hash)
                .bind(cap)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            done == 1
        });
        Ok(inserted)
    }

    /// Deletes the report whose receipt hashes to this, from the disk too
    /// (on SQLite; PostgreSQL's vacuum runs with the daily retention);
    /// whether there was one.
    pub async fn withdraw(&self, receipt_hash: &[u8]) -> Result<bool, StoreError> {
        const SQL: &str = "DELETE FROM reports WHERE receipt_hash = $1";
        let done = on_pool!(self, pool => sqlx::query(SQL).bind(receipt_hash).execute(pool).await?.rows_affected());
        if done > 0 && matches!(self, Store::Sqlite(_)) {
            self.forget_deleted().await?;
        }
        Ok(done > 0)
    }

    /// One report by id.
    pub async fn report(&self, id: &str) -> Result<Option<StoredReport>, StoreError> {
        const SQL: &str = select_reports!("WHERE id = $1");
        on_pool!(self, pool => {
            let row = sqlx::query(SQL).bind(id).fetch_optional(pool).await?;
            row.as_ref().map(report_from_row).transpose()
        })
    }

    /// Reports with this status, oldest week first (within a week by id,
    /// which is random: no finer time is kept).
    pub async fn reports_with_status(
        &self,
        status: ReportStatus,
    ) -> Result<Vec<StoredReport>, StoreError> {
        const SQL: &str = select_reports!("WHERE status = $1 ORDER BY submitted_week, id");
        on_pool!(self, pool => {
            let rows = sqlx::query(SQL).bind(status.key()).fetch_all(pool).await?;
            rows.iter().map(report_from_row).collect()
        })
    }

    /// Reports waiting for a moderator, oldest first.
    pub async fn pending(&self) -> Result<Vec<PendingReport>, StoreError> {
        self.reports_with_status(ReportStatus::Pending).await
    }

    /// Approved reports that arrived in or after `since`'s week.
    pub async fn approved_since(&self, since: Date) -> Result<Vec<StoredReport>, StoreError> {
        const SQL: &str = select_reports!(
            "WHERE status = 'approved' AND submitted_week >= $1 ORDER BY submitted_week, id"
        );
        on_pool!(self, pool => {
            let rows = sqlx::query(SQL).bind(since.to_string()).fetch_all(pool).await?;
            rows.iter().map(report_from_row).collect()
        })
    }

    /// Approves or rejects a pending report; false when there is no pending
    /// report with this id (already decided, withdrawn or never there).
    pub async fn decide(
        &self,
        id: &str,
        status: ReportStatus,
        reason: Option<&str>,
        week: Date,
    ) -> Result<bool, StoreError> {
        const SQL: &str = "UPDATE reports SET status = $1, reject_reason = $2, decided_week = $3 \
             WHERE id = $4 AND status = 'pending'";
        let done = on_pool!(self, pool => sqlx::query(SQL)
            .bind(status.key())
            .bind(reason)
            .bind(week.to_string())
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done > 0)
    }

    /// How many reports are pending: the form closes above a cap, so a flood
    /// cannot bury the moderators.
    pub async fn pending_count(&self) -> Result<i64, StoreError> {
        const SQL: &str = "SELECT COUNT(*) FROM reports WHERE status = 'pending'";
        let count: i64 = on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?);
        Ok(count)
    }

    /// Deletes rejected reports decided more than 30 days ago and every
    /// report that arrived before the 24-month window; how many went.
    pub async fn purge_reports(&self, today: Date) -> Result<u64, StoreError> {
        const REJECTED: &str =
            "DELETE FROM reports WHERE status = 'rejected' AND decided_week < $1";
        const EXPIRED: &str = "DELETE FROM reports WHERE submitted_week < $1";
        let rejected_before = today.saturating_sub(30.days()).to_string();
        let window_start = today.saturating_sub(24.months()).to_string();
        let gone = on_pool!(self, pool => {
            let a = sqlx::query(REJECTED).bind(rejected_before).execute(pool).await?.rows_affected();
            let b = sqlx::query(EXPIRED).bind(window_start).execute(pool).await?.rows_affected();
            a + b
        });
        Ok(gone)
    }

    /// The random salt of `day`, made (once, whichever server asks first) if
    /// there is none yet. Only half a key: see [`crate::reports::ServerSecret`].
    pub async fn day_salt(&self, day: Date) -> Result<[u8; 32], StoreError> {
        const INSERT: &str =
            "INSERT INTO day_salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING";
        const SELECT: &str = "SELECT salt FROM day_salts WHERE day = $1";
        let fresh = crate::random::random_bytes::<32>();
        let day = day.to_string();
        let key: Vec<u8> = on_pool!(self, pool => {
            sqlx::query(INSERT).bind(&day).bind(&fresh[..]).execute(pool).await?;
            sqlx::query_scalar(SELECT).bind(&day).fetch_one(pool).await?
        });
        key.try_into()
            .map_err(|_| StoreError::Corrupt("a day salt is not 32 bytes".to_owned()))
    }

    /// The salt of `day` if it is still kept (a form token names its day).
    pub async fn existing_day_salt(&self, day: Date) -> Result<Option<[u8; 32]>, StoreError> {
        const SELECT: &str = "SELECT salt FROM day_salts WHERE day = $1";
        let key: Option<Vec<u8>> = on_pool!(self, pool => {
            sqlx::query_scalar(SELECT).bind(day.to_string()).fetch_optional(pool).await?
        });
        key.map(|key| {
            key.try_into()
                .map_err(|_| StoreError::Corrupt("a day salt is not 32 bytes".to_owned()))
        })
        .transpose()
    }

    /// Counts one report from a client network's bucket today; the count
    /// after it. Atomic, so servers sharing a database share the limit.
    pub async fn count_submission(&self, bucket: &[u8], day: Date) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO rate_counts (bucket, day, count) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, day) DO UPDATE SET count = rate_counts.count + 1 \
             RETURNING count";
        let count: i32 = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(bucket)
            .bind(day.to_string())
            .fetch_one(pool)
            .await?);
        Ok(i64::from(count))
    }

    /// Reports counted from a bucket on `day` (0 when none).
    pub async fn submissions(&self, bucket: &[u8], day: Date) -> Result<i64, StoreError> {
        const SQL: &str = "SELECT count FROM rate_counts WHERE bucket = $1 AND day = $2";
        let count: Option<i32> = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(bucket)
            .bind(day.to_string())
            .fetch_optional(pool)
            .await?);
        Ok(i64::from(count.unwrap_or(0)))
    }

    /// Gives back a spent form token whose report was refused for a limit,
    /// so sending the same form again is judged again, not told "already in".
    pub async fn unspend_form_token(&self, nonce: &[u8]) -> Result<(), StoreError> {
        const SQL: &str = "DELETE FROM spent_form_tokens WHERE nonce = $1";
        on_pool!(self, pool => {
            sqlx::query(SQL).bind(nonce).execute(pool).await?;
        });
        Ok(())
    }

    /// Marks a form token's nonce as used; false when it already was.
    pub async fn spend_form_token(&self, nonce: &[u8], day: Date) -> Result<bool, StoreError> {
        const SQL: &str = "INSERT INTO spent_form_tokens (nonce, day) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING";
        let done = on_pool!(self, pool => sqlx::query(SQL)
            .bind(nonce)
            .bind(day.to_string())
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// Deletes daily salts, rate counts and spent tokens older than two days:
    /// after this no client network's bucket can be computed again, even
    /// with the server's secret.
    pub async fn purge_day_keys(&self, today: Date) -> Result<(), StoreError> {
        let oldest_kept = today.saturating_sub((KEY_DAYS - 1).days()).to_string();
        on_pool!(self, pool => {
            for sql in [
                "DELETE FROM day_salts WHERE day < $1",
                "DELETE FROM rate_counts WHERE day < $1",
                "DELETE FROM spent_form_tokens WHERE day < $1",
            ] {
                sqlx::query(sql)
                    .bind(&oldest_kept)
                    .execute(pool)
                    .await?;
            }
        });
        Ok(())
    }
}
