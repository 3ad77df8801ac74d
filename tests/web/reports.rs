//! Published aggregates through the API, and the reports command line.

use std::io::Write as _;
use std::process::{Command, Stdio};

use actix_web::{test, web};
use jiff::civil::date;
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::estimator::reports::{CountBand, ReportsCell};
use salary_guide::reports::snapshot::ReportsSnapshot;
use salary_guide::reports::{Receipt, random_id};
use salary_guide::store::{NewReport, ReportFacts};
use salary_guide::web::{AppState, ReportSettings, SiteConfig, StaticFiles, build_app};

use crate::databases;

fn cell(count: u32, quartiles: bool) -> ReportsCell {
    ReportsCell {
        band: CountBand::of(count),
        median: 131_000,
        p25: quartiles.then_some(118_000),
        p75: quartiles.then_some(149_000),
        updated: date(2026, 11, 30),
    }
}

async fn api(state: &web::Data<AppState>, uri: &str) -> (u16, serde_json::Value) {
    let app = test::init_service(build_app(state.clone())).await;
    let response = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
    let status = response.status().as_u16();
    let body = test::read_body(response).await;
    (status, serde_json::from_slice(&body).unwrap())
}

#[actix_web::test]
async fn the_api_answers_a_published_cell_and_a_404_problem_otherwise() {
    let db = databases::sqlite().await;
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(
        AppState::new(site, statics, SiteConfig::for_local())
            .with_store(db.store.clone(), ReportSettings::default()),
    );
    let mut snapshot = ReportsSnapshot::default();
    snapshot
        .cells
        .insert("seattle|3-5|salaried".to_owned(), cell(12, false));
    snapshot
        .cells
        .insert("seattle|6-9|salaried".to_owned(), cell(64, true));
    state.replace_reports(snapshot);

    let (status, json) = api(&state, "/api/v1/reports?location=seattle&years=4").await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["count_band"], "10-19");
    assert_eq!(json["median"], 131_000);
    assert_eq!(json["experience_band"], "3-5");
    assert!(
        json.get("p25").is_none(),
        "no quartiles under 20 reports: {json}"
    );
    assert!(json.get("count").is_none(), "never the exact count: {json}");
    assert_eq!(json["updated"], "2026-11-30");

    let (status, json) = api(
        &state,
        "/api/v1/reports?location=seattle&years=7&employment=salaried",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(json["count_band"], "50-99");
    assert_eq!(json["p25"], 118_000);

    let (status, json) = api(
        &state,
        "/api/v1/reports?location=seattle&years=4&employment=freelance",
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(json["code"], "insufficient_reports");

    let (status, json) = api(&state, "/api/v1/reports?location=atlantis&years=4").await;
    assert_eq!(status, 422);
    assert_eq!(json["code"], "invalid_input");
}

pub(crate) fn run(url: &str, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_salary-guide"))
        .args(["--database-url", url])
        .args(args)
        .env_remove("SALARY_GUIDE_CONTENT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[actix_web::test]
async fn reports_are_moderated_and_rebuilt_from_the_command_line() {
    for db in databases::each().await {
        let (code, out, err) = run(
            &db.url,
            &["moderator", "add", "ana"],
            "a long enough secret\n",
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            db.store
                .moderator_password("ana")
                .await
                .unwrap()
                .unwrap()
                .starts_with("$argon2id$")
        );
        let (code, _, err) = run(&db.url, &["moderator", "add", "bob"], "short\n");
        assert_eq!(code, 2);
        assert!(err.contains("at least 12"), "{err}");

        let mut ids = Vec::new();
        for pay in [120_000, 380_000] {
            let report = NewReport {
                id: random_id(),
                facts: ReportFacts {
                    week: date(2026, 11, 23),
                    years: 4,
                    location: "us".to_owned(),
                    industry: None,
                    company_size: None,
                    work_arrangement: "remote".to_owned(),
                    employment: "salaried".to_owned(),
                    amount_entered: pay,
                    period_entered: "year".to_owned(),
                    base_annual: pay,
                    bonus_annual: None,
                    model_median: 120_000,
                },
                model_version: "test".to_owned(),
                flags: if pay > 300_000 {
                    "far_from_model".to_owned()
                } else {
                    String::new()
                },
                receipt_hash: Receipt::new().hash(),
            };
            db.store.add_report(&report).await.unwrap();
            ids.push(report.id);
        }
        let (code, out, err) = run(&db.url, &["reports", "pending", "--json"], "");
        assert_eq!(code, 0, "{err}");
        let pending: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(pending.as_array().unwrap().len(), 2);
        let flagged = pending
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["base_annual"] == 380_000)
            .unwrap();
        assert_eq!(flagged["model_ratio"], 3.17);
        assert_eq!(flagged["flags"][0], "far_from_model");
        let (code, out, _) = run(&db.url, &["reports", "pending"], "");
        assert_eq!(code, 0);
        assert!(out.contains(&ids[0]) && out.contains("$380,000"), "{out}");

        let (code, _, err) = run(&db.url, &["reports", "approve", &ids[0]], "");
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(
            &db.url,
            &["reports", "reject", &ids[1], "--reason", "bad words"],
            "",
        );
        assert_eq!(code, 2, "an unknown reason is refused: {err}");
        let (code, _, err) = run(
            &db.url,
            &["reports", "reject", &ids[1], "--reason", "implausible"],
            "",
        );
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = run(&db.url, &["reports", "approve", &ids[1]], "");
        assert_eq!(code, 2, "already decided: {err}");
        assert!(db.store.pending().await.unwrap().is_empty());

        let (code, out, err) = run(&db.url, &["reports", "rebuild"], "");
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("0 cells published"),
            "one approval publishes nothing: {out}"
        );
    }
}

#[actix_web::test]
async fn a_published_cell_moves_the_estimate_as_a_reports_row_on_page_and_api() {
    let db = databases::sqlite().await;
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(
        AppState::new(site, statics, SiteConfig::for_local())
            .with_store(db.store.clone(), ReportSettings::default()),
    );
    let uri = "/api/v1/estimate?years=4&location=seattle";
    let (_, before) = api(&state, uri).await;
    assert!(
        before.get("reports").is_none(),
        "no cell, no reports object: {before}"
    );
    let model_median = before["base"]["median"].as_i64().unwrap();

    // Reports far above the model: the shift is clamped to the data file's limit.
    let mut snapshot = ReportsSnapshot::default();
    let mut high = cell(400, true);
    high.median = model_median * 2;
    snapshot
        .cells
        .insert("seattle|3-5|salaried".to_owned(), high);
    state.replace_reports(snapshot);

    let (status, after) = api(&state, uri).await;
    assert_eq!(status, 200);
    let reports = &after["reports"];
    assert_eq!(reports["count_band"], "100+");
    assert_eq!(reports["median"], model_median * 2);
    let weight = reports["weight"].as_f64().unwrap();
    assert!(weight > 0.0 && weight < 0.4, "{weight}");
    let max_shift = state.site().model.reports.max_shift;
    let blended = after["base"]["median"].as_i64().unwrap();
    let expected = (model_median as f64 * (1.0 + max_shift) / 100.0).round() as i64 * 100;
    assert_eq!(blended, expected, "clamped");
    let row = after["factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["factor"] == "reports")
        .expect("a reports row in the breakdown");
    assert_eq!(row["effect"].as_i64().unwrap(), blended - model_median);
    assert_eq!(reports["effect"], row["effect"]);
    let total: i64 = after["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["effect"].as_i64().unwrap())
        .sum();
    assert_eq!(total, blended, "the breakdown still adds up to the median");

    // The page shows the same, beside the breakdown.
    let app = test::init_service(build_app(state.clone())).await;
    let response = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/calculator?years=4&location=seattle")
            .to_request(),
    )
    .await;
    let body = String::from_utf8_lossy(&test::read_body(response).await).into_owned();
    let html = scraper::Html::parse_document(&body);
    assert_eq!(
        crate::common::texts(&html, "#reports-heading").len(),
        1,
        "{body}"
    );
    assert!(crate::common::text(&html, "[data-stat=reports-effect]").starts_with('+'));
    assert!(body.contains("Visitors&#39; reports") || body.contains("Visitors' reports"));
}

#[actix_web::test]
async fn a_comparison_estimates_each_scenario_with_its_cells_reports_like_the_calculator() {
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    let state = web::Data::new(AppState::new(site, statics, SiteConfig::for_local()));
    let mut snapshot = ReportsSnapshot::default();
    snapshot
        .cells
        .insert("seattle|3-5|salaried".to_owned(), cell(64, true));
    state.replace_reports(snapshot);

    let (status, estimate) = api(&state, "/api/v1/estimate?years=4&location=seattle").await;
    assert_eq!(status, 200, "{estimate}");
    assert!(
        estimate.get("reports").is_some(),
        "the cell moves it: {estimate}"
    );
    let (status, comparison) = api(
        &state,
        "/api/v1/compare?a.years=4&a.location=seattle&b.years=4&b.location=denver",
    )
    .await;
    assert_eq!(status, 200, "{comparison}");
    let a = &comparison["scenarios"][0]["estimate"];
    assert_eq!(
        a["base"], estimate["base"],
        "same median and band as the calculator"
    );
    assert_eq!(a["reports"], estimate["reports"]);
    let b = &comparison["scenarios"][1]["estimate"];
    assert!(
        b.get("reports").is_none(),
        "Denver has no published cell: {b}"
    );
}
