//! The database of visitors' salary reports: the pool, the migrations and
//! every query. Handlers and commands call the typed functions here and never
//! hold SQL.
//!
//! One API over two backends: SQLite (embedded, the default, one server) and
//! PostgreSQL (several servers on one database). Queries are plain runtime
//! strings with `$1` placeholders, which both drivers read, so one SQL text
//! serves both; the migrations differ only in type names and live in one
//! folder per database (`src/store/migrations/sqlite`, `src/store/migrations/postgres`), same steps.
//!
//! Nothing a caller passes in can identify a reporter: dates are weeks or days
//! and the client's network arrives only as a keyed hash (see [`crate::reports`]).

mod aggregates;
mod database;
mod moderators;
mod reports;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub use database::{Database, DatabaseState, NotConnected};
pub use moderators::ModeratorSession;
pub use reports::{NewReport, PendingReport, ReportFacts, ReportStatus, StoredReport};

/// The default database: a SQLite file in the working directory, created on
/// first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://salary-guide.db";

/// How long a request waits for a free connection before giving up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits for another writer before answering "busy".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("src/store/migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator =
    sqlx::migrate!("src/store/migrations/postgres");

/// An open, migrated database.
#[derive(Clone)]
pub enum Store {
    /// An embedded SQLite file: one server process.
    Sqlite(SqlitePool),
    /// A PostgreSQL server: any number of server processes.
    Postgres(PgPool),
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The pools' own Debug prints connection options, passwords included.
        f.write_str(match self {
            Store::Sqlite(_) => "Store::Sqlite",
            Store::Postgres(_) => "Store::Postgres",
        })
    }
}

/// What went wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL is neither `sqlite://…` nor `postgres://…`.
    #[error(
        "the database URL {url} is not one we can use: give sqlite://PATH or postgres://USER@HOST/NAME"
    )]
    UnsupportedUrl {
        /// The URL, without any password.
        url: String,
    },
    /// The database could not be opened or reached.
    #[error("could not open the database {url}: {source}")]
    Connect {
        /// The URL, without any password.
        url: String,
        /// Why.
        source: sqlx::Error,
    },
    /// The database's tables could not be brought up to date.
    #[error("could not migrate the database {url}: {source}")]
    Migrate {
        /// The URL, without any password.
        url: String,
        /// Why.
        source: sqlx::migrate::MigrateError,
    },
    /// A query failed (connection lost, disk full, …).
    #[error("database query failed: {0}")]
    Query(#[from] sqlx::Error),
    /// A stored value is not what this version writes.
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(String),
}

/// Connection options read from a URL, before any connection.
enum Options {
    Sqlite(SqliteConnectOptions),
    Postgres(PgConnectOptions),
}

/// The SQLite pool's settings.
fn sqlite_pool() -> SqlitePoolOptions {
    SqlitePoolOptions::new()
        // One connection: SQLite lets one writer in at a time, nearly
        // every query here writes (form tokens, rate counts, reports), and
        // pages never wait on the database. Each connection is a thread of
        // its own with its own malloc arena and page cache, and with four
        // allowed, start-up's queries in a row opened two or more (sqlx
        // returns a connection to the pool in a task of its own, so the
        // next query opened another): 0.1 MB of idle memory. A query now
        // waits for the one in flight instead.
        .max_connections(1)
        .acquire_timeout(ACQUIRE_TIMEOUT)
}

/// The PostgreSQL pool's settings.
fn postgres_pool() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(ACQUIRE_TIMEOUT)
}

/// Runs the same code over whichever pool the store holds: the SQL strings
/// are shared, the pool's type differs.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

impl Store {
    /// Opens the database at `url` (creating a SQLite file if missing) and
    /// applies every migration not yet applied.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let shown = redact(url);
        let store = match Self::options(url)? {
            Options::Sqlite(options) => Self::sqlite(options, &shown).await?,
            Options::Postgres(options) => Self::postgres(options, &shown).await?,
        };
        store.migrate(&shown).await?;
        Ok(store)
    }

    /// A store over `url` that has not connected yet: the pool opens its
    /// connections when first used. For a server that must start while the
    /// database is down ([`Database`]); only the URL is checked here.
    fn lazy(url: &str) -> Result<Self, StoreError> {
        Ok(match Self::options(url)? {
            Options::Sqlite(options) => Store::Sqlite(sqlite_pool().connect_lazy_with(options)),
            Options::Postgres(options) => {
                Store::Postgres(postgres_pool().connect_lazy_with(options))
            }
        })
    }

    /// Reads `url` into connection options, without any I/O.
    fn options(url: &str) -> Result<Options, StoreError> {
        let shown = redact(url);
        let connect = |source| StoreError::Connect {
            url: shown.clone(),
            source,
        };
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(connect)?
                .create_if_missing(true)
                // Readers never wait on the writer; safe on a local disk.
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .foreign_keys(true)
                // A deleted row's bytes are overwritten with zeros, not left
                // in a free page: a withdrawn report must be gone from the
                // disk (issue 18). See also `Store::forget_deleted`.
                .pragma("secure_delete", "on");
            Ok(Options::Sqlite(options))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Options::Postgres(
                PgConnectOptions::from_str(url).map_err(connect)?,
            ))
        } else {
            Err(StoreError::UnsupportedUrl { url: shown })
        }
    }

    /// Opens a SQLite database with these options (tests point it at a
    /// temporary file); does not migrate.
    async fn sqlite(options: SqliteConnectOptions, shown: &str) -> Result<Self, StoreError> {
        let pool = sqlite_pool()
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect {
                url: shown.to_owned(),
                source,
            })?;
        Ok(Store::Sqlite(pool))
    }

    /// Connects to PostgreSQL with these options; does not migrate.
    async fn postgres(options: PgConnectOptions, shown: &str) -> Result<Self, StoreError> {
        let pool = postgres_pool()
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect {
                url: shown.to_owned(),
                source,
            })?;
        Ok(Store::Postgres(pool))
    }

    /// Opens one connection and closes it again, with no retry: whether the
    /// database answers now. (A pool retries until its acquire timeout, so
    /// a server that is down would cost five seconds to learn.)
    async fn reach(&self) -> Result<(), sqlx::Error> {
        use sqlx::{ConnectOptions as _, Connection as _};
        match self {
            Store::Sqlite(pool) => pool.connect_options().connect().await?.close().await,
            Store::Postgres(pool) => pool.connect_options().connect().await?.close().await,
        }
    }

    /// Connects to PostgreSQL inside one schema (created if missing), so a
    /// test gets a database of its own on a shared server.
    pub async fn connect_postgres_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        let shown = redact(url);
        let connect = |source| StoreError::Connect {
            url: shown.clone(),
            source,
        };
        if !schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(StoreError::Corrupt(format!(
                "schema name {schema:?}: use a-z, 0-9 and _"
            )));
        }
        let options = PgConnectOptions::from_str(url).map_err(connect)?;
        let admin = Self::postgres(options.clone(), &shown).await?;
        if let Store::Postgres(pool) = &admin {
            // The name was checked above: letters, digits and underscores only.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(pool)
            .await?;
            pool.close().await;
        }
        let options = options.options([("search_path", schema)]);
        let store = Self::postgres(options, &shown).await?;
        store.migrate(&shown).await?;
        Ok(store)
    }

    pub(crate) async fn migrate(&self, shown: &str) -> Result<(), StoreError> {
        let result = match self {
            Store::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
            Store::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        };
        result.map_err(|source| StoreError::Migrate {
            url: shown.to_owned(),
            source,
        })
    }

    /// The SQLite database's file, if this is one on disk.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        match self {
            Store::Sqlite(pool) => {
                let file = pool.connect_options().get_filename().to_owned();
                (!file.as_os_str().is_empty() && file != std::path::Path::new(":memory:"))
                    .then_some(file)
            }
            Store::Postgres(_) => None,
        }
    }

    /// `sqlite` or `postgres`, for messages.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// The columns of every table we created, as (table, column) pairs in
    /// order, for the test that holds the list of allowed columns.
    pub async fn columns(&self) -> Result<Vec<(String, String)>, StoreError> {
        const SQLITE: &str = "SELECT m.name, p.name FROM sqlite_master m \
             JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx_%' \
             ORDER BY m.name, p.cid";
        const POSTGRES: &str = "SELECT table_name::text, column_name::text \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx\\_%' \
             ORDER BY table_name, ordinal_position";
        let rows = match self {
            Store::Sqlite(pool) => sqlx::query_as(SQLITE).fetch_all(pool).await?,
            Store::Postgres(pool) => sqlx::query_as(POSTGRES).fetch_all(pool).await?,
        };
        Ok(rows)
    }

    /// Makes deleted reports unreadable on disk, after a withdrawal or
    /// retention. SQLite: `secure_delete` has zeroed the rows in the pages,
    /// but the WAL still holds earlier images of those pages until a
    /// checkpoint copies them back and truncates it. PostgreSQL: `CLUSTER`
    /// (a `VACUUM FULL` in a chosen order) writes the live rows to a new file
    /// and removes the old one; the file system may keep its blocks until
    /// reused, and the server's WAL keeps the rows until recycled (the
    /// operators' notes say what that means).
    pub async fn forget_deleted(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(pool) => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(pool)
                    .await?;
            }
            Store::Postgres(pool) => {
                // Rewrites the table in the order of its random ids: the dead
                // rows stay behind in the old file, and no row's place in the
                // new one tells when it arrived. Locks the table for the
                // moment the rewrite takes (milliseconds for this table).
                sqlx::query("CLUSTER reports USING reports_pkey")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// Closes every connection, waiting for queries in flight.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await);
    }
}

/// The URL as it may be shown: any password replaced by `***`.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Only fails for URLs that cannot have a password at all.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_never_shown() {
        assert_eq!(
            redact("postgres://app:hunter2@db.example/guide"),
            "postgres://app:***@db.example/guide"
        );
        assert_eq!(
            redact("sqlite://salary-guide.db"),
            "sqlite://salary-guide.db"
        );
    }
}
