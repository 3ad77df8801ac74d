//! The moderators' pages: login, limits, the queue, CSRF and sessions.

use actix_web::{test, web};
use jiff::civil::date;
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::reports::moderation::hash_password;
use salary_guide::reports::{Receipt, random_id};
use salary_guide::store::{NewReport, ReportFacts, ReportStatus};
use salary_guide::web::{AppState, ReportSettings, SiteConfig, StaticFiles, build_app};
use scraper::Html;

use crate::common::{attrs, texts};
use crate::databases;

struct Answer {
    status: u16,
    cookie: Option<String>,
    body: String,
}

async fn call(state: &web::Data<AppState>, request: test::TestRequest) -> Answer {
    let app = test::init_service(build_app(state.clone())).await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = String::from_utf8_lossy(&test::read_body(response).await).into_owned();
    Answer {
        status,
        cookie,
        body,
    }
}

fn post(uri: &str, body: String) -> test::TestRequest {
    test::TestRequest::post()
        .uri(uri)
        .peer_addr("203.0.113.9:4000".parse().unwrap())
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("sec-fetch-site", "same-origin"))
        .set_payload(body)
}

async fn login_token(state: &web::Data<AppState>) -> String {
    let page = call(state, test::TestRequest::get().uri("/moderate")).await;
    assert_eq!(page.status, 200);
    attrs(
        &Html::parse_document(&page.body),
        "input[name=token]",
        "value",
    )
    .pop()
    .expect("the login form carries a token")
}

#[actix_web::test]
async fn a_moderator_logs_in_sees_the_queue_and_decides_with_csrf() {
    for db in databases::each().await {
        let site = Site::load(&FileTree::BundledContent).unwrap();
        let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
        let state = web::Data::new(
            AppState::new(site, statics, SiteConfig::for_local())
                .with_store(db.store.clone(), ReportSettings::default()),
        );
        let store = &db.store;
        store
            .set_moderator("ana", &hash_password("a long enough secret").unwrap())
            .await
            .unwrap();
        let report = NewReport {
            id: random_id(),
            facts: ReportFacts {
                week: date(2026, 11, 23),
                years: 4,
                location: "seattle".to_owned(),
                industry: None,
                company_size: None,
                work_arrangement: "remote".to_owned(),
                employment: "salaried".to_owned(),
                amount_entered: 21_000,
                period_entered: "month".to_owned(),
                base_annual: 252_000,
                bonus_annual: None,
                model_median: 126_000,
            },
            model_version: "test".to_owned(),
            flags: "far_from_model".to_owned(),
            receipt_hash: Receipt::new().hash(),
        };
        store.add_report(&report).await.unwrap();

        // A wrong password is refused, and after five the network waits.
        for _ in 0..5 {
            let token = login_token(&state).await;
            let wrong = call(
                &state,
                post(
                    "/moderate/login",
                    format!("token={token}&name=ana&password=nope"),
                ),
            )
            .await;
            assert_eq!(wrong.status, 422);
            assert!(wrong.cookie.is_none());
        }
        let token = login_token(&state).await;
        let limited = call(
            &state,
            post(
                "/moderate/login",
                format!("token={token}&name=ana&password=a+long+enough+secret"),
            ),
        )
        .await;
        assert_eq!(limited.status, 429, "{}", limited.body);

        // From another network (and name bucket untouched by it) the right
        // password works; the name's own bucket is full, so use a fresh name.
        store
            .set_moderator("bea", &hash_password("another long secret").unwrap())
            .await
            .unwrap();
        let token = login_token(&state).await;
        let ok = call(
            &state,
            post(
                "/moderate/login",
                format!("token={token}&name=bea&password=another+long+secret"),
            )
            .peer_addr("192.0.2.50:1".parse().unwrap()),
        )
        .await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let cookie = ok.cookie.expect("a session cookie");
        for attribute in [
            "__Host-moderator=",
            "Secure",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/",
        ] {
            assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
        }
        let pair = cookie.split(';').next().unwrap().to_owned();

        let queue = call(
            &state,
            test::TestRequest::get()
                .uri("/moderate")
                .insert_header(("cookie", pair.clone())),
        )
        .await;
        assert_eq!(queue.status, 200);
        let html = Html::parse_document(&queue.body);
        let cells = texts(&html, "table.moderation-queue tbody td");
        assert!(
            cells.iter().any(|c| c.starts_with("2.00")),
            "model ratio shown: {cells:?}"
        );
        assert!(cells.iter().any(|c| c == "far_from_model"), "{cells:?}");
        let csrf = attrs(&html, "form.decision input[name=csrf]", "value")
            .pop()
            .unwrap();

        // Without the CSRF token, or from another site: refused.
        let forged = call(
            &state,
            post(
                "/moderate/decide",
                format!("id={}&action=approve", report.id),
            )
            .insert_header(("cookie", pair.clone())),
        )
        .await;
        assert_eq!(forged.status, 403);
        let cross = call(
            &state,
            post(
                "/moderate/decide",
                format!("csrf={csrf}&id={}&action=approve", report.id),
            )
            .insert_header(("cookie", pair.clone()))
            .insert_header(("sec-fetch-site", "cross-site")),
        )
        .await;
        assert_eq!(cross.status, 403);
        assert_eq!(store.pending().await.unwrap().len(), 1);

        // A rejection needs a reason; an approval does not.
        let reasonless = call(
            &state,
            post(
                "/moderate/decide",
                format!("csrf={csrf}&id={}&action=reject&reason=", report.id),
            )
            .insert_header(("cookie", pair.clone())),
        )
        .await;
        assert_eq!(reasonless.status, 422);
        let approved = call(
            &state,
            post(
                "/moderate/decide",
                format!("csrf={csrf}&id={}&action=approve", report.id),
            )
            .insert_header(("cookie", pair.clone())),
        )
        .await;
        assert_eq!(approved.status, 200, "{}", approved.body);
        assert_eq!(
            store.report(&report.id).await.unwrap().unwrap().status,
            ReportStatus::Approved
        );

        // Logging out ends the session on every server sharing the database.
        let out = call(
            &state,
            post("/moderate/logout", format!("csrf={csrf}"))
                .insert_header(("cookie", pair.clone())),
        )
        .await;
        assert_eq!(out.status, 303);
        let after = call(
            &state,
            test::TestRequest::get()
                .uri("/moderate")
                .insert_header(("cookie", pair)),
        )
        .await;
        assert!(after.body.contains("Moderators: log in"));
    }
}

/// `moderator remove NAME` from the real command line (issue 18, finding
/// 6): the moderator's login stops working and the session they had open
/// ends at once.
#[actix_web::test]
async fn moderator_remove_refuses_their_login_and_ends_their_sessions() {
    for db in databases::each().await {
        let site = Site::load(&FileTree::BundledContent).unwrap();
        let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
        let state = web::Data::new(
            AppState::new(site, statics, SiteConfig::for_local())
                .with_store(db.store.clone(), ReportSettings::default()),
        );
        let (code, out, err) = crate::reports::run(
            &db.url,
            &["moderator", "add", "carla"],
            "carla's long secret\n",
        );
        assert_eq!(code, 0, "{out}{err}");
        let log_in = async || {
            let token = login_token(&state).await;
            call(
                &state,
                post(
                    "/moderate/login",
                    format!("token={token}&name=carla&password=carla%27s+long+secret"),
                ),
            )
            .await
        };
        let first = log_in().await;
        assert_eq!(first.status, 303, "{}", first.body);
        let session = first.cookie.expect("a session cookie");
        let session = session.split(';').next().unwrap().to_owned();
        let queue = || {
            call(
                &state,
                test::TestRequest::get()
                    .uri("/moderate")
                    .insert_header(("cookie", session.clone())),
            )
        };
        let page = queue().await;
        assert_eq!(page.status, 200);
        assert_eq!(
            texts(&Html::parse_document(&page.body), "h1"),
            ["Pending reports"]
        );

        let (code, out, err) = crate::reports::run(&db.url, &["moderator", "remove", "carla"], "");
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("Moderator carla removed"), "{out}");

        // The open session is over: the same cookie gets the login form.
        let page = queue().await;
        assert_eq!(page.status, 200);
        assert_eq!(
            texts(&Html::parse_document(&page.body), "h1"),
            ["Moderators: log in"]
        );
        // The right password no longer logs in.
        let again = log_in().await;
        assert_eq!(again.status, 422, "{}", again.body);
        assert!(again.cookie.is_none());
        assert!(
            db.store
                .moderator_password("carla")
                .await
                .unwrap()
                .is_none()
        );
        // Removing a name that is not there says so, with status 2.
        let (code, _, err) = crate::reports::run(&db.url, &["moderator", "remove", "carla"], "");
        assert_eq!(code, 2);
        assert!(err.contains("There is no moderator named carla"), "{err}");
    }
}
