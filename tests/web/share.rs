//! The report form, its receipt and withdrawal, on both databases.

use actix_web::{test, web};
use jiff::{Timestamp, tz::TimeZone};
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::reports::{FormKind, FormToken};
use salary_guide::store::Store;
use salary_guide::web::{AppState, ReportSettings, SiteConfig, StaticFiles, build_app};
use scraper::Html;

use crate::common::{Reply, assert_site_page, attrs, text, texts};
use crate::databases;

fn state_over(store: Store, per_day: u32) -> web::Data<AppState> {
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    web::Data::new(
        AppState::new(site, statics, SiteConfig::for_local()).with_store(
            store,
            ReportSettings {
                submissions_per_day: per_day,
                ..ReportSettings::default()
            },
        ),
    )
}

/// A token as the form would have carried it, issued `age` seconds ago.
async fn token(state: &web::Data<AppState>, age: i64) -> String {
    let now = Timestamp::now();
    let today = now.to_zoned(TimeZone::UTC).date();
    let key = state.form_key(FormKind::Share, today);
    FormToken::issue(now.as_second() - age).encode(&key)
}

async fn send(state: &web::Data<AppState>, request: test::TestRequest) -> Reply {
    let app = test::init_service(build_app(state.clone())).await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let cache = response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = String::from_utf8_lossy(&test::read_body(response).await).into_owned();
    if content_type.starts_with("text/html") && request_is_form(&body) {
        assert_eq!(cache, "no-store", "forms and receipts are never cached");
    }
    Reply {
        status,
        content_type,
        body,
    }
}

fn request_is_form(body: &str) -> bool {
    body.contains("name=\"token\"") || body.contains("id=\"receipt\"")
}

async fn post(state: &web::Data<AppState>, uri: &str, body: &str, peer: &str) -> Reply {
    send(
        state,
        test::TestRequest::post()
            .uri(uri)
            .peer_addr(peer.parse().unwrap())
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body.to_owned()),
    )
    .await
}

const GOOD: &str = "years=4&location=us&industry=&company_size=&work_arrangement=remote&employment=salaried&amount=%24125%2C000&period=year&bonus=5000&website=";

async fn share(state: &web::Data<AppState>, fields: &str, peer: &str) -> Reply {
    let token = token(state, 30).await;
    post(state, "/share", &format!("token={token}&{fields}"), peer).await
}

#[actix_web::test]
async fn the_form_asks_only_for_the_issues_fields_and_works_without_javascript() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 3);
    let reply = send(&state, test::TestRequest::get().uri("/share")).await;
    assert_eq!(reply.status, 200);
    assert_site_page(&reply);
    let html = reply.html();
    assert_eq!(attrs(&html, "form.share-form", "method"), ["post"]);
    let mut names = attrs(&html, "form.share-form [name]", "name");
    names.sort();
    names.dedup();
    assert_eq!(
        names,
        [
            "amount",
            "bonus",
            "company_size",
            "employment",
            "industry",
            "location",
            "period",
            "place",
            "token",
            "website",
            "work_arrangement",
            "years"
        ]
    );
    assert_eq!(
        attrs(&html, "form.share-form input[name=period]", "value"),
        ["year", "month", "hour"]
    );
    // Every visible field has a label.
    for id in attrs(
        &html,
        "form.share-form input:not([type=hidden]):not([type=radio]), form.share-form select",
        "id",
    ) {
        assert_eq!(
            texts(&html, &format!("label[for={id}]")).len(),
            1,
            "{id} has no label"
        );
    }
}

#[actix_web::test]
async fn a_good_report_gets_a_receipt_once_and_is_stored_pending() {
    for db in databases::each().await {
        let state = state_over(db.store.clone(), 3);
        let reply = share(&state, GOOD, "203.0.113.7:5000").await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let html = reply.html();
        let receipt = text(&html, "#receipt");
        assert_eq!(receipt.len(), 29, "{receipt}");
        assert!(reply.body.contains("$125,000"));
        let pending = db.store.pending().await.unwrap();
        assert_eq!(pending.len(), 1);
        let stored = &pending[0].facts;
        assert_eq!(stored.base_annual, 125_000);
        assert_eq!(stored.bonus_annual, Some(5_000));
        assert_eq!(
            stored.industry, None,
            "'prefer not to say' is stored as nothing"
        );
        assert_eq!(stored.week.weekday(), jiff::civil::Weekday::Monday);
        // The receipt withdraws it.
        let reply = post(
            &state,
            "/share/withdraw",
            &format!("receipt={}", receipt.to_lowercase()),
            "203.0.113.7:5000",
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(db.store.pending().await.unwrap().is_empty());
        let again = post(
            &state,
            "/share/withdraw",
            &format!("receipt={receipt}"),
            "203.0.113.7:5000",
        )
        .await;
        assert_eq!(again.status, 422);
        assert!(again.body.contains("No report has this receipt code"));
    }
}

#[actix_web::test]
async fn a_zip_code_or_city_typed_in_the_report_sets_its_location() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 9);
    // A ZIP in one metro is stored as that metro; the list's choice gives way.
    let fields = GOOD.replace("location=us", "location=us&place=83702");
    let reply = share(&state, &fields, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let pending = db.store.pending().await.unwrap();
    assert_eq!(pending[0].facts.location, "boise-city-id");

    // A ZIP outside every metro uses its state, and a form shown again for
    // another field says so beside the place, with the list following it.
    let fields = GOOD
        .replace("location=us", "location=us&place=59301")
        .replace("amount=%24125%2C000", "amount=");
    let reply = share(&state, &fields, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422);
    let html = reply.html();
    assert_eq!(attrs(&html, "input[name=place]", "value"), ["59301"]);
    assert_eq!(
        text(&html, "#place-hint"),
        "59301 (Miles City, MT) lies outside BLS's metropolitan areas, so Montana's figures apply."
    );
    assert_eq!(
        attrs(&html, "select[name=location] option[selected]", "value"),
        ["montana"]
    );

    // Unknown and ambiguous places are named beside the field, values kept.
    for (place, says) in [
        ("Atlantis", "We could not find “Atlantis”."),
        ("Springfield", "“Springfield” is in more than one area"),
    ] {
        let fields = GOOD.replace("location=us", &format!("location=us&place={place}"));
        let reply = share(&state, &fields, "203.0.113.7:5000").await;
        assert_eq!(reply.status, 422, "{place}");
        let html = reply.html();
        assert_eq!(attrs(&html, "input[name=place]", "value"), [place]);
        assert_eq!(
            attrs(&html, "#field-place", "aria-describedby"),
            ["place-hint place-error"]
        );
        assert!(text(&html, "#place-error").contains(says), "{place}");
        assert_eq!(attrs(&html, "input[name=amount]", "value"), ["$125,000"]);
    }
    assert_eq!(db.store.pending().await.unwrap().len(), 1);
}

#[actix_web::test]
async fn a_reload_cannot_send_the_same_report_twice() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 3);
    let token = token(&state, 30).await;
    let body = format!("token={token}&{GOOD}");
    let first = post(&state, "/share", &body, "203.0.113.7:5000").await;
    assert_eq!(first.status, 200);
    let second = post(&state, "/share", &body, "203.0.113.7:5000").await;
    assert_eq!(second.status, 409);
    assert!(
        second
            .html()
            .select(&crate::common::sel("#receipt"))
            .next()
            .is_none()
    );
    assert!(second.body.contains("already sent"));
    assert_eq!(db.store.pending().await.unwrap().len(), 1);
}

#[actix_web::test]
async fn bad_fields_come_back_with_messages_beside_them_and_values_kept() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 3);
    let reply = share(
        &state,
        "years=99&location=atlantis&work_arrangement=&employment=salaried&amount=lots&period=week",
        "203.0.113.7:5000",
    )
    .await;
    assert_eq!(reply.status, 422);
    let html = reply.html();
    for field in ["years", "location", "work_arrangement", "amount", "period"] {
        assert_eq!(
            texts(&html, &format!("#{field}-error")).len(),
            1,
            "no message for {field}: {}",
            reply.body
        );
    }
    assert_eq!(attrs(&html, "#field-years", "value"), ["99"]);
    assert_eq!(attrs(&html, "#field-amount", "value"), ["lots"]);
    assert!(db.store.pending().await.unwrap().is_empty());
}

#[actix_web::test]
async fn unit_mistakes_and_implausible_pay_are_refused_with_what_looked_wrong() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 10);
    let monthly = GOOD.replace("amount=%24125%2C000", "amount=9500");
    let reply = share(&state, &monthly, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422);
    assert!(
        text(&reply.html(), "#amount-error").contains("month"),
        "{}",
        reply.body
    );
    let huge = GOOD.replace("amount=%24125%2C000", "amount=900000");
    let reply = share(&state, &huge, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422);
    let message = text(&reply.html(), "#amount-error");
    assert!(message.contains("times the estimate"), "{message}");
    let hourly = GOOD
        .replace("period=year", "period=hour")
        .replace("amount=%24125%2C000", "amount=60");
    let reply = share(&state, &hourly, "203.0.113.7:5000").await;
    assert_eq!(
        reply.status, 200,
        "60 an hour is 124,800 a year: {}",
        reply.body
    );
    assert_eq!(
        db.store.pending().await.unwrap()[0].facts.base_annual,
        124_800
    );
}

#[actix_web::test]
async fn blind_posts_without_a_fresh_token_or_with_the_honeypot_are_refused() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 3);
    let no_token = post(&state, "/share", GOOD, "203.0.113.7:5000").await;
    assert_eq!(no_token.status, 422);
    let too_fast = format!("token={}&{GOOD}", token(&state, 0).await);
    let reply = post(&state, "/share", &too_fast, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("faster than a person"));
    let expired = format!("token={}&{GOOD}", token(&state, 3 * 3600).await);
    assert_eq!(
        post(&state, "/share", &expired, "203.0.113.7:5000")
            .await
            .status,
        422
    );
    let bot = GOOD.replace("website=", "website=http%3A%2F%2Fspam.example");
    let reply = share(&state, &bot, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422);
    assert!(db.store.pending().await.unwrap().is_empty());
    // Refused forms come back with a fresh token and the answers kept.
    let html = Html::parse_document(&reply.body);
    assert_eq!(attrs(&html, "input[name=token]", "value").len(), 1);
    assert_eq!(attrs(&html, "#field-years", "value"), ["4"]);
}

#[actix_web::test]
async fn a_network_may_send_only_its_daily_number_of_reports() {
    for db in databases::each().await {
        let state = state_over(db.store.clone(), 2);
        for host in ["198.51.100.1:1", "198.51.100.2:2"] {
            assert_eq!(share(&state, GOOD, host).await.status, 200);
        }
        // Same /24 network: refused.
        let reply = share(&state, GOOD, "198.51.100.3:3").await;
        assert_eq!(reply.status, 429);
        assert!(reply.body.contains("2 reports today"));
        // Another network is not.
        assert_eq!(share(&state, GOOD, "192.0.2.1:1").await.status, 200);
        assert_eq!(db.store.pending().await.unwrap().len(), 3);
    }
}

#[actix_web::test]
async fn a_malformed_receipt_is_refused_beside_the_field() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 3);
    let reply = post(
        &state,
        "/share/withdraw",
        "receipt=hello",
        "203.0.113.7:5000",
    )
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(texts(&reply.html(), "#receipt-error").len(), 1);
    assert_eq!(attrs(&reply.html(), "#field-receipt", "value"), ["hello"]);
}

#[actix_web::test]
async fn the_privacy_page_says_what_is_kept_and_how_to_withdraw() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 3);
    let reply = send(&state, test::TestRequest::get().uri("/privacy")).await;
    assert_eq!(reply.status, 200);
    assert_site_page(&reply);
    let body = &reply.body;
    for words in [
        "week",
        "deleted after two days",
        "/share/withdraw",
        "30 days",
        "24 months",
        "internet address",
        // Issue 18: how cells resist differencing, and what still can be learnt.
        "Why one report cannot be read off the figures",
        "rounded to the nearest $1,000",
        "What is still possible",
        "at most 50 over two days",
        "outside the database",
    ] {
        assert!(body.contains(words), "privacy page lacks {words:?}");
    }
}

#[actix_web::test]
async fn a_bonus_over_twice_the_base_is_refused_beside_the_bonus_field_with_values_kept() {
    let db = databases::sqlite().await;
    let state = state_over(db.store.clone(), 10);
    // $125,000 a year: twice it is $250,000, the most accepted.
    let slip = GOOD.replace("bonus=5000", "bonus=250001");
    let reply = share(&state, &slip, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let html = reply.html();
    let message = text(&html, "#bonus-error");
    assert!(message.contains("twice your base pay"), "{message}");
    assert!(message.contains("$250,000"), "{message}");
    assert!(texts(&html, "#amount-error").is_empty(), "{}", reply.body);
    assert_eq!(attrs(&html, "#field-bonus", "value"), ["250001"]);
    assert_eq!(attrs(&html, "#field-amount", "value"), ["$125,000"]);
    assert!(db.store.pending().await.unwrap().is_empty());

    // The bound is against the yearly base, whatever the period: $10,000 a
    // month is $120,000 a year, so $240,000 at most.
    let monthly = GOOD
        .replace("amount=%24125%2C000", "amount=10000")
        .replace("period=year", "period=month")
        .replace("bonus=5000", "bonus=240001");
    let reply = share(&state, &monthly, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(text(&reply.html(), "#bonus-error").contains("$240,000"));

    // At twice the base it is accepted, flagged for the moderator.
    let large = GOOD.replace("bonus=5000", "bonus=250000");
    let reply = share(&state, &large, "203.0.113.7:5000").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let pending = db.store.pending().await.unwrap();
    assert_eq!(pending[0].facts.bonus_annual, Some(250_000));
    assert!(
        pending[0].flags.iter().any(|f| f == "bonus_above_base"),
        "{:?}",
        pending[0].flags
    );
}

#[actix_web::test]
async fn without_a_database_the_form_says_reports_are_unavailable() {
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(AppState::new(site, statics, SiteConfig::for_local()));
    let reply = send(&state, test::TestRequest::get().uri("/share")).await;
    assert_eq!(reply.status, 503);
    assert_site_page(&reply);
}

#[actix_web::test]
async fn the_form_closes_while_too_many_reports_wait_for_a_moderator() {
    let db = databases::sqlite().await;
    let mut site = Site::load(&FileTree::BundledContent).unwrap();
    site.model.reports.pending_cap = 1;
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(
        AppState::new(site, statics, SiteConfig::for_local())
            .with_store(db.store.clone(), ReportSettings::default()),
    );
    assert_eq!(share(&state, GOOD, "203.0.113.7:5000").await.status, 200);
    let closed = share(&state, GOOD, "192.0.2.1:5000").await;
    assert_eq!(closed.status, 503);
    assert!(
        closed.body.contains("form is closed for now"),
        "{}",
        closed.body
    );
    assert_eq!(db.store.pending().await.unwrap().len(), 1);
}
