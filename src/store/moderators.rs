//! Queries on moderators.

use super::{Store, StoreError, on_pool};

impl Store {
    /// Adds a moderator, or replaces the password of one with this name and
    /// ends that moderator's sessions (a password is changed because it may
    /// be known to someone else); whether the name was new.
    pub async fn set_moderator(&self, name: &str, password_phc: &str) -> Result<bool, StoreError> {
        const INSERT: &str = "INSERT INTO moderators (name, password_phc) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET password_phc = excluded.password_phc";
        const END_SESSIONS: &str = "DELETE FROM moderator_sessions WHERE name = $1";
        let existed = self.moderator_password(name).await?.is_some();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(INSERT).bind(name).bind(password_phc).execute(&mut *tx).await?;
            sqlx::query(END_SESSIONS).bind(name).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(!existed)
    }

    /// Removes a moderator and ends their sessions; whether there was one.
    pub async fn remove_moderator(&self, name: &str) -> Result<bool, StoreError> {
        const END_SESSIONS: &str = "DELETE FROM moderator_sessions WHERE name = $1";
        const REMOVE: &str = "DELETE FROM moderators WHERE name = $1";
        let removed = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(END_SESSIONS).bind(name).execute(&mut *tx).await?;
            let removed = sqlx::query(REMOVE).bind(name).execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            removed
        });
        Ok(removed > 0)
    }

    /// The stored password hash of a moderator.
    pub async fn moderator_password(&self, name: &str) -> Result<Option<String>, StoreError> {
        const SQL: &str = "SELECT password_phc FROM moderators WHERE name = $1";
        let phc: Option<String> = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(name)
            .fetch_optional(pool)
            .await?);
        Ok(phc)
    }
}

/// A moderator's live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeratorSession {
    /// Who is logged in.
    pub name: String,
    /// The token every POST of this session must carry.
    pub csrf: String,
}

impl Store {
    /// Opens a session for a moderator.
    pub async fn open_session(
        &self,
        token_hash: &[u8],
        name: &str,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        const SQL: &str = "INSERT INTO moderator_sessions (token_hash, name, csrf, expires_at) \
             VALUES ($1, $2, $3, $4)";
        on_pool!(self, pool => {
            sqlx::query(SQL).bind(token_hash).bind(name).bind(csrf).bind(expires_at).execute(pool).await?;
        });
        Ok(())
    }

    /// The session of a cookie's token, if it is open and not expired.
    pub async fn session(
        &self,
        token_hash: &[u8],
        now: i64,
    ) -> Result<Option<ModeratorSession>, StoreError> {
        const SQL: &str =
            "SELECT name, csrf FROM moderator_sessions WHERE token_hash = $1 AND expires_at > $2";
        let row: Option<(String, String)> = on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?);
        Ok(row.map(|(name, csrf)| ModeratorSession { name, csrf }))
    }

    /// Ends a session (logout), and any expired ones.
    pub async fn close_session(&self, token_hash: &[u8], now: i64) -> Result<(), StoreError> {
        const SQL: &str =
            "DELETE FROM moderator_sessions WHERE token_hash = $1 OR expires_at <= $2";
        on_pool!(self, pool => {
            sqlx::query(SQL).bind(token_hash).bind(now).execute(pool).await?;
        });
        Ok(())
    }

    /// Counts a login attempt in a bucket's window; the count after it.
    /// Counted before the password is checked: one atomic step, so a burst of
    /// attempts cannot all read "under the limit" before any is counted.
    pub async fn count_login_failure(&self, bucket: &[u8], slot: i64) -> Result<i64, StoreError> {
        const SQL: &str = "INSERT INTO login_attempts (bucket, slot, count) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, slot) DO UPDATE SET count = login_attempts.count + 1 \
             RETURNING count";
        let count: i32 = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(bucket)
            .bind(slot)
            .fetch_one(pool)
            .await?);
        Ok(i64::from(count))
    }

    /// Takes back one counted login attempt (it was the right password).
    pub async fn uncount_login(&self, bucket: &[u8], slot: i64) -> Result<(), StoreError> {
        const SQL: &str = "UPDATE login_attempts SET count = count - 1 \
             WHERE bucket = $1 AND slot = $2 AND count > 0";
        on_pool!(self, pool => {
            sqlx::query(SQL).bind(bucket).bind(slot).execute(pool).await?;
        });
        Ok(())
    }

    /// Failed logins in a bucket's window so far.
    pub async fn login_failures(&self, bucket: &[u8], slot: i64) -> Result<i64, StoreError> {
        const SQL: &str = "SELECT count FROM login_attempts WHERE bucket = $1 AND slot = $2";
        let count: Option<i32> = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(bucket)
            .bind(slot)
            .fetch_optional(pool)
            .await?);
        Ok(i64::from(count.unwrap_or(0)))
    }

    /// Deletes login counts of windows before `slot`.
    pub async fn purge_login_attempts(&self, before_slot: i64) -> Result<(), StoreError> {
        const SQL: &str = "DELETE FROM login_attempts WHERE slot < $1";
        on_pool!(self, pool => {
            sqlx::query(SQL).bind(before_slot).execute(pool).await?;
        });
        Ok(())
    }
}
