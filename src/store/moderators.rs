//! Queries on moderators.

use super::{Store, StoreError, on_pool};

impl Store {
    /// Adds a moderator, or replaces the password of one with this name;
    /// whether the name was new.
    pub async fn set_moderator(&self, name: &str, password_phc: &str) -> Result<bool, StoreError> {
        const INSERT: &str = "INSERT INTO moderators (name, password_phc) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET password_phc = excluded.password_phc";
        let existed = self.moderator_password(name).await?.is_some();
        on_pool!(self, pool => {
            sqlx::query(INSERT).bind(name).bind(password_phc).execute(pool).await?;
        });
        Ok(!existed)
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
