//! Fresh databases for storage tests: a SQLite file always, and a PostgreSQL
//! schema of its own when `TEST_DATABASE_URL` names a server. Without one the
//! PostgreSQL half is skipped, loudly; under CI=true that fails instead.

use std::io::Write as _;
use std::sync::Once;

use salary_guide::store::Store;

/// A database for one test; the temporary folder (SQLite) or the schema
/// (PostgreSQL) lives as long as it does.
pub struct TestDatabase {
    pub store: Store,
    /// The URL a server process can be pointed at.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL server and schema to drop afterwards.
    schema: Option<(String, String)>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((server, schema)) = self.schema.take() else {
            return;
        };
        // Dropped inside a test's runtime, so on a thread with its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(pool) = sqlx::PgPool::connect(&server).await {
                    // The name is ours: test_ and hex digits.
                    let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0")
}

/// The PostgreSQL server to test against, if one was named.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let message = "\n\
                 ******************************************************************\n\
                 * POSTGRESQL STORAGE TESTS WERE NOT RUN: TEST_DATABASE_URL is unset.\n\
                 * Run them with, for example:\n\
                 *     TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test\n\
                 * (CI sets CI=true, and there a missing PostgreSQL fails the tests.)\n\
                 ******************************************************************\n";
            assert!(!in_ci(), "{message}");
            static SAID: Once = Once::new();
            SAID.call_once(|| {
                let _ = std::io::stderr().write_all(message.as_bytes());
            });
            None
        }
    }
}

/// A fresh SQLite database in a temporary folder.
pub async fn sqlite() -> TestDatabase {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("reports.db").display());
    let store = Store::connect(&url).await.unwrap();
    TestDatabase {
        store,
        url,
        _dir: Some(dir),
        schema: None,
    }
}

/// A fresh schema on the test PostgreSQL server, if there is one.
pub async fn postgres() -> Option<TestDatabase> {
    let url = postgres_url()?;
    let schema = format!("test_{}", salary_guide::reports::random_id());
    let store = Store::connect_postgres_schema(&url, &schema)
        .await
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL is set but unusable: {e}"));
    let separator = if url.contains('?') { '&' } else { '?' };
    let schema_url = format!("{url}{separator}options=-csearch_path%3D{schema}");
    Some(TestDatabase {
        store,
        url: schema_url,
        _dir: None,
        schema: Some((url, schema)),
    })
}

/// One fresh database per backend available.
pub async fn each() -> Vec<TestDatabase> {
    let mut databases = vec![sqlite().await];
    databases.extend(postgres().await);
    databases
}
