//! The reports database as a server holds it: connected, or still being
//! reached in the background.
//!
//! A server must not need its database to start: guides, the calculator
//! and the API need none, and PostgreSQL may be down, still starting, or
//! not created yet when the servers come up. [`Database`] opens no
//! connection when made; [`Database::keep_connecting`] tries, with backoff,
//! until the database answers and its migrations have run, and only then
//! does [`Database::store`] hand out the [`Store`]. Until then the pages
//! that need it answer 503 (the web layer decides how).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::{Store, StoreError, redact};

/// How long one attempt to reach the database may take (a server that
/// drops packets rather than refusing them would otherwise hold it for
/// minutes).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The wait after the first failed attempt; it doubles after each.
const FIRST_RETRY: Duration = Duration::from_secs(1);
/// The longest wait between attempts: a database that comes back is in
/// use within this.
const LAST_RETRY: Duration = Duration::from_secs(30);

/// Where a server's database stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseState {
    /// The first attempt is under way.
    Connecting,
    /// An attempt failed; the next is scheduled.
    Unavailable,
    /// Reached and migrated: reports are taken.
    Connected,
}

impl DatabaseState {
    /// `connecting`, `unavailable` or `connected`, for `/healthz` and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseState::Connecting => "connecting",
            DatabaseState::Unavailable => "unavailable",
            DatabaseState::Connected => "connected",
        }
    }
}

/// The database has not answered yet (or its migrations have not run), so
/// nothing can be read or stored. A query that fails once connected is a
/// [`StoreError`] instead.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the reports database has not answered yet")]
pub struct NotConnected;

/// The reports database of a running server; clones share one connection
/// state.
#[derive(Clone)]
pub struct Database {
    shared: Arc<Shared>,
}

struct Shared {
    /// A pool that connects when first used.
    store: Store,
    /// The URL without its password, for the log.
    shown: String,
    state: watch::Sender<DatabaseState>,
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Database")
            .field("url", &self.shared.shown)
            .field("state", &self.state())
            .finish()
    }
}

impl Database {
    /// The database at `url`, not yet connected: no I/O happens here, so
    /// only a URL that can never work (an unknown scheme, bad syntax) is
    /// an error. Run [`Database::keep_connecting`] to connect. Call it
    /// inside the Tokio runtime that will serve: the pool starts its
    /// upkeep task there.
    pub fn new(url: &str) -> Result<Self, StoreError> {
        Ok(Self::with_state(
            Store::lazy(url)?,
            redact(url),
            DatabaseState::Connecting,
        ))
    }

    /// A store already connected and migrated (tests, and commands that
    /// opened it themselves).
    pub fn connected(store: Store) -> Self {
        Self::with_state(store, String::new(), DatabaseState::Connected)
    }

    fn with_state(store: Store, shown: String, state: DatabaseState) -> Self {
        Self {
            shared: Arc::new(Shared {
                store,
                shown,
                state: watch::Sender::new(state),
            }),
        }
    }

    /// The store, once the database has answered and been migrated.
    pub fn store(&self) -> Result<&Store, NotConnected> {
        match self.state() {
            DatabaseState::Connected => Ok(&self.shared.store),
            DatabaseState::Connecting | DatabaseState::Unavailable => Err(NotConnected),
        }
    }

    /// Where the database stands now.
    pub fn state(&self) -> DatabaseState {
        *self.shared.state.borrow()
    }

    /// `sqlite` or `postgres`, for messages.
    pub fn backend(&self) -> &'static str {
        self.shared.store.backend()
    }

    /// The SQLite database's file, if this is one on disk (known from the
    /// URL, before any connection).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        self.shared.store.sqlite_path()
    }

    /// Waits until the database is connected, however long that takes.
    pub async fn until_connected(&self) -> &Store {
        let mut states = self.shared.state.subscribe();
        // The sender lives in `self`, so the channel cannot close.
        let _ = states
            .wait_for(|state| *state == DatabaseState::Connected)
            .await;
        &self.shared.store
    }

    /// Waits for the first attempt's outcome, at most `within`: a server
    /// whose database answers starts ready, one whose database is down
    /// starts anyway.
    pub async fn first_answer(&self, within: Duration) -> DatabaseState {
        let mut states = self.shared.state.subscribe();
        let _ = tokio::time::timeout(
            within,
            states.wait_for(|state| *state != DatabaseState::Connecting),
        )
        .await;
        self.state()
    }

    /// Tries to reach the database and run its migrations until both
    /// succeed, waiting 1 s, 2 s, 4 s … (at most 30 s) between attempts.
    /// Logs once when the database does not answer and once when it does
    /// again, never each attempt. Returns once connected.
    pub async fn keep_connecting(self) {
        let shared = &self.shared;
        let mut wait = FIRST_RETRY;
        let mut said_down = false;
        loop {
            match self.attempt().await {
                Ok(()) => {
                    if said_down {
                        tracing::info!(
                            database = %shared.shown,
                            "the reports database answers again: reports are taken"
                        );
                    }
                    shared.state.send_replace(DatabaseState::Connected);
                    return;
                }
                Err(error) => {
                    if said_down {
                        tracing::debug!(%error, "the reports database still does not answer");
                    } else {
                        tracing::warn!(
                            database = %shared.shown,
                            %error,
                            "the reports database does not answer: the report form and moderation \
                             answer 503 until it does; everything else is served. Retrying in the \
                             background"
                        );
                        said_down = true;
                    }
                    shared.state.send_replace(DatabaseState::Unavailable);
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(LAST_RETRY);
                }
            }
        }
    }

    /// One attempt: a single connection within the timeout, then the
    /// migrations through the pool.
    async fn attempt(&self) -> Result<(), String> {
        let store = &self.shared.store;
        match tokio::time::timeout(CONNECT_TIMEOUT, store.reach()).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Err(error.to_string()),
            Err(_) => {
                return Err(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()));
            }
        }
        store
            .migrate(&self.shared.shown)
            .await
            .map_err(|error| error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_that_can_never_work_is_refused_before_any_connection() {
        assert!(matches!(
            Database::new("mysql://db/guide"),
            Err(StoreError::UnsupportedUrl { .. })
        ));
    }

    #[tokio::test]
    async fn a_closed_port_is_unavailable_at_once_and_hands_out_no_store() {
        let database =
            Database::new("postgres://guide:secret@127.0.0.1:1/guide").expect("a good URL");
        assert_eq!(database.state(), DatabaseState::Connecting);
        tokio::spawn(database.clone().keep_connecting());
        let state = database.first_answer(Duration::from_secs(60)).await;
        assert_eq!(state, DatabaseState::Unavailable);
        assert!(database.store().is_err());
        assert!(!format!("{database:?}").contains("secret"));
    }

    #[tokio::test]
    async fn a_sqlite_file_connects_and_is_migrated() {
        let dir = tempfile::tempdir().expect("a folder");
        let url = format!("sqlite://{}", dir.path().join("r.db").display());
        let database = Database::new(&url).expect("a good URL");
        assert!(!dir.path().join("r.db").exists(), "nothing opened yet");
        tokio::spawn(database.clone().keep_connecting());
        let store = database.until_connected().await;
        assert_eq!(store.pending_count().await.expect("migrated"), 0);
        assert_eq!(database.state(), DatabaseState::Connected);
    }
}
