//! A server starts without its database (issue 18, finding 8): content is
//! served at once, the pages that need the database answer a clear 503
//! until it answers, and it is reached by itself once it does.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web;
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::store::{Database, DatabaseState};
use salary_guide::web::{AppState, ReportSettings, SiteConfig, StaticFiles, build_app};

use crate::common::{Reply, assert_site_page, text};
use crate::databases;
use crate::ops::Server;
use crate::replicas::http;

/// A PostgreSQL server that is certainly not there: port 1 refuses.
const CLOSED_PORT: &str = "postgres://guide:hunter2@127.0.0.1:1/guide";

/// What every 503 of a page that needs the database says, in part.
const NOT_STORED: &str = "was not saved";

async fn state_without_database(url: &str) -> web::Data<AppState> {
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let database = Database::new(url).unwrap();
    actix_web::rt::spawn(database.clone().keep_connecting());
    assert_eq!(
        database.first_answer(Duration::from_secs(60)).await,
        DatabaseState::Unavailable
    );
    web::Data::new(
        AppState::new(site, statics, SiteConfig::for_local())
            .with_database(database, ReportSettings::default()),
    )
}

async fn send(state: &web::Data<AppState>, request: TestRequest) -> (Reply, Option<String>) {
    let app = init_service(build_app(state.clone())).await;
    let response = call_service(&app, request.to_request()).await;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (content_type, retry_after) = (
        header("content-type").unwrap_or_default(),
        header("retry-after"),
    );
    let status = response.status();
    let body = String::from_utf8_lossy(&read_body(response).await).into_owned();
    (
        Reply {
            status,
            content_type,
            body,
        },
        retry_after,
    )
}

#[actix_web::test]
async fn with_postgresql_down_content_is_served_and_reports_answer_a_503_that_says_nothing_was_stored()
 {
    let state = state_without_database(CLOSED_PORT).await;
    for page in [
        "/",
        "/guides/",
        "/calculator?years=4",
        "/privacy",
        "/sources",
    ] {
        let (reply, _) = send(&state, TestRequest::get().uri(page)).await;
        assert_eq!(reply.status, StatusCode::OK, "{page}");
    }
    let (reply, _) = send(&state, TestRequest::get().uri("/api/v1/estimate?years=4")).await;
    assert_eq!(reply.status, StatusCode::OK);

    let form = "application/x-www-form-urlencoded";
    let pages = [
        TestRequest::get().uri("/share"),
        TestRequest::post()
            .uri("/share")
            .insert_header(("content-type", form))
            .set_payload("years=4&location=us&amount=120000"),
        TestRequest::get().uri("/share/withdraw"),
        TestRequest::post()
            .uri("/share/withdraw")
            .insert_header(("content-type", form))
            .set_payload("receipt=AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"),
        TestRequest::get().uri("/moderate"),
        TestRequest::post()
            .uri("/moderate/login")
            .insert_header(("content-type", form))
            .set_payload("name=ana&password=x"),
        TestRequest::post()
            .uri("/moderate/decide")
            .insert_header(("content-type", form))
            .set_payload("id=x&decision=approve"),
    ];
    for request in pages {
        let (reply, retry_after) = send(&state, request).await;
        assert_eq!(
            reply.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            reply.body
        );
        assert_site_page(&reply);
        let html = reply.html();
        assert_eq!(text(&html, "h1"), "Temporarily unavailable");
        assert!(text(&html, "main").contains(NOT_STORED), "{}", reply.body);
        assert!(!reply.body.contains("hunter2"));
        assert_eq!(retry_after.as_deref(), Some("60"));
    }

    let (reply, retry_after) = send(
        &state,
        TestRequest::get().uri("/api/v1/reports?years=4&location=us"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.content_type, "application/problem+json");
    assert_eq!(reply.json()["code"], "storage_unavailable");
    assert_eq!(retry_after.as_deref(), Some("60"));

    // The load balancer keeps sending traffic: content is up. The second
    // line says what is not.
    let (reply, _) = send(&state, TestRequest::get().uri("/healthz")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let lines: Vec<&str> = reply.body.lines().collect();
    assert!(lines[0].starts_with("ok: "), "{}", reply.body);
    assert_eq!(lines[1], "database: unavailable");
}

/// The real binary: it used to exit after five seconds, guides and all.
#[test]
fn serve_starts_with_postgresql_down_and_says_so_once_in_the_log() {
    let secret = "5e".repeat(32);
    let server = Server::start(
        &["--database-url", CLOSED_PORT],
        &[("SALARY_GUIDE_SECRET", secret.as_str())],
    );
    let (status, _, _) = http(server.address, "GET", "/guides/", "", "");
    assert_eq!(status, 200);
    let (status, _, body) = http(server.address, "GET", "/share", "", "");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains(NOT_STORED), "{body}");
    let (status, _, body) = http(server.address, "GET", "/healthz", "", "");
    assert_eq!(status, 200);
    assert!(body.ends_with("database: unavailable\n"), "{body}");
    // A few retries happen meanwhile (after 1 s and 2 s); the log says it once.
    std::thread::sleep(Duration::from_secs(4));
    let log = server.log();
    let down: Vec<&String> = log
        .iter()
        .filter(|line| line.contains("does not answer"))
        .collect();
    assert_eq!(down.len(), 1, "{log:#?}");
    assert!(down[0].contains("127.0.0.1:1"), "{}", down[0]);
    assert!(!log.iter().any(|line| line.contains("hunter2")), "{log:#?}");
}

/// The database is not created yet when the server starts; once it is, the
/// server reaches it, runs the migrations and takes reports, without a
/// restart.
#[actix_web::test]
async fn a_postgresql_database_created_after_start_is_reached_and_migrated() {
    let Some(server_url) = databases::postgres_url() else {
        return;
    };
    let name = format!("test_late_{}", salary_guide::reports::random_id());
    let mut url = url::Url::parse(&server_url).unwrap();
    url.set_path(&name);
    let secret = "5e".repeat(32);
    let server = Server::start(
        &["--database-url", url.as_str()],
        &[("SALARY_GUIDE_SECRET", secret.as_str())],
    );
    let (status, _, body) = http(server.address, "GET", "/share", "", "");
    assert_eq!(status, 503, "{body}");

    let admin = sqlx::PgPool::connect(&server_url).await.unwrap();
    // The name is ours: letters, digits and underscores.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, _, body) = http(server.address, "GET", "/healthz", "", "");
        if body.ends_with("database: connected\n") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never connected: {:#?}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let (status, _, body) = http(server.address, "GET", "/share", "", "");
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = http(server.address, "GET", "/moderate", "", "");
    assert_eq!(status, 200, "{body}");
    let log = server.log();
    assert_eq!(
        log.iter().filter(|l| l.contains("does not answer")).count(),
        1,
        "{log:#?}"
    );
    assert_eq!(
        log.iter().filter(|l| l.contains("answers again")).count(),
        1,
        "{log:#?}"
    );
    drop(server);

    // The migrations ran in the new database.
    let created = sqlx::PgPool::connect(url.as_str()).await.unwrap();
    let (tables,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'reports'",
    )
    .fetch_one(&created)
    .await
    .unwrap();
    assert_eq!(tables, 1);
    created.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&admin)
    .await
    .unwrap();
    admin.close().await;
}
