//! Issue 18's attacks on visitors' privacy, each replayed against the real
//! app on both databases: what an attacker tried, and that it now fails.

use actix_web::{test, web};
use jiff::civil::Date;
use jiff::{Timestamp, tz::TimeZone};
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::reports::snapshot::ReportsSnapshot;
use salary_guide::reports::{Receipt, maintenance, random_id, week_of};
use salary_guide::store::{NewReport, ReportFacts, ReportStatus, Store};
use salary_guide::web::{AppState, ReportSettings, SiteConfig, StaticFiles, build_app};

use crate::databases;

fn state_over(store: Store) -> web::Data<AppState> {
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
    web::Data::new(
        AppState::new(site, statics, SiteConfig::for_local())
            .with_store(store, ReportSettings::default()),
    )
}

fn today() -> Date {
    Timestamp::now().to_zoned(TimeZone::UTC).date()
}

/// A report from Seattle, 4 years, salaried, for `pay` a year.
fn seattle(pay: i64) -> NewReport {
    NewReport {
        id: random_id(),
        facts: ReportFacts {
            week: week_of(today()),
            years: 4,
            location: "seattle".to_owned(),
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
        flags: String::new(),
        receipt_hash: Receipt::new().hash(),
    }
}

/// Stores and approves a report, as a planted report would be by an
/// unsuspecting moderator.
async fn plant_approved(store: &Store, pay: i64) {
    let report = seattle(pay);
    store.add_report(&report).await.unwrap();
    assert!(
        store
            .decide(&report.id, ReportStatus::Approved, None, week_of(today()))
            .await
            .unwrap()
    );
}

/// The daily rebuild, then the servers' in-memory snapshot of it.
async fn rebuild(state: &web::Data<AppState>, store: &Store) {
    let model = state.site().model.reports.clone();
    maintenance::rebuild(store, &model, today()).await.unwrap();
    let cells = maintenance::snapshot(store).await.unwrap();
    state.replace_reports(ReportsSnapshot { cells });
}

async fn get(state: &web::Data<AppState>, uri: &str) -> String {
    let app = test::init_service(build_app(state.clone())).await;
    let response = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
    assert!(response.status().is_success(), "{uri}");
    String::from_utf8_lossy(&test::read_body(response).await).into_owned()
}

/// Every answer that shows a figure derived from the Seattle cell.
async fn every_answer(state: &web::Data<AppState>) -> Vec<String> {
    let mut answers = Vec::new();
    for uri in [
        "/api/v1/estimate?years=4&location=seattle",
        "/api/v1/compare?a.years=4&a.location=seattle&b.years=4&b.location=denver",
        "/calculator?years=4&location=seattle",
    ] {
        answers.push(get(state, uri).await);
    }
    answers
}

/// Issue 18, finding 1: ten approved reports, one of them the attacker's
/// target; a rebuild; one more report of the attacker's own; a rebuild.
/// Before the fix the estimate's `reports` row carried the exact-count
/// weight and a multiplier from the unrounded centre, which with ten reports
/// is one real report's amount, and moved with the eleventh. Now no field of
/// any answer moves unless the published, rounded cell does.
#[actix_web::test]
async fn adding_one_report_and_rebuilding_moves_no_answer_unless_the_published_cell_moves() {
    for db in databases::each().await {
        let state = state_over(db.store.clone());
        // Sorted, the fifth and sixth are $125,217 and $125,400: the median
        // is $125,308 before and $125,400 after one more above them, both
        // published as $125,000. The fifth is the target.
        for pay in [
            118_000, 120_000, 122_000, 124_000, 125_217, 125_400, 128_000, 130_000, 132_000,
            134_000,
        ] {
            plant_approved(&db.store, pay).await;
        }
        rebuild(&state, &db.store).await;
        let published = get(&state, "/api/v1/reports?location=seattle&years=4").await;
        assert!(published.contains("\"median\":125000"), "{published}");
        let before = every_answer(&state).await;
        assert!(
            before[0].contains("\"reports\""),
            "the cell moves the estimate: {}",
            before[0]
        );

        plant_approved(&db.store, 150_000).await;
        rebuild(&state, &db.store).await;
        assert_eq!(
            get(&state, "/api/v1/reports?location=seattle&years=4").await,
            published,
            "the published cell is the same"
        );
        let after = every_answer(&state).await;
        for (before, after) in before.iter().zip(&after) {
            assert_eq!(before, after, "an answer moved with one report");
        }
        for answer in &before {
            for exact in ["125217", "125,217", "125308", "125,308"] {
                assert!(!answer.contains(exact), "{exact} shown: {answer}");
            }
        }
    }
}

/// The SQLite file and its companions (WAL, shared memory) in `url`'s folder.
fn files_beside(url: &str) -> Vec<std::path::PathBuf> {
    let path = std::path::Path::new(url.trim_start_matches("sqlite://"));
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect()
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Issue 18, finding 2: a withdrawn report's bytes stayed in the SQLite
/// file's free pages and in the WAL, where anyone copying the folder could
/// read it. Now none of its values is in any file of the database folder,
/// after withdrawal or after retention deletes an expired report.
#[actix_web::test]
async fn a_withdrawn_or_expired_report_leaves_no_byte_in_any_file_of_the_database() {
    let db = databases::sqlite().await;
    let mut withdrawn = seattle(131_313);
    withdrawn.model_version = "distinctive-withdrawn-version".to_owned();
    let mut expired = seattle(131_414);
    expired.model_version = "distinctive-expired-version".to_owned();
    expired.facts.week = week_of(today().saturating_sub(jiff::Span::new().months(25)));
    for report in [&withdrawn, &expired] {
        db.store.add_report(report).await.unwrap();
    }
    // Ordinary traffic after them, as a live server would have.
    for pay in [100_000, 110_000, 120_000] {
        db.store.add_report(&seattle(pay)).await.unwrap();
    }
    let marks = |report: &NewReport| {
        vec![
            report.id.as_bytes().to_vec(),
            report.model_version.as_bytes().to_vec(),
            report.receipt_hash.clone(),
        ]
    };
    let before: Vec<u8> = files_beside(&db.url)
        .iter()
        .flat_map(|path| std::fs::read(path).unwrap())
        .collect();
    assert!(
        holds(&before, withdrawn.model_version.as_bytes()),
        "the test can see a stored report"
    );

    assert!(db.store.withdraw(&withdrawn.receipt_hash).await.unwrap());
    let model = Site::load(&FileTree::BundledContent).unwrap().model.reports;
    let rebuilt = maintenance::rebuild(&db.store, &model, today())
        .await
        .unwrap();
    assert_eq!(rebuilt.purged, 1, "retention deleted the expired report");

    for path in files_beside(&db.url) {
        let bytes = std::fs::read(&path).unwrap();
        for (what, report) in [("withdrawn", &withdrawn), ("expired", &expired)] {
            for mark in marks(report) {
                assert!(
                    !holds(&bytes, &mark),
                    "the {what} report's {:?} is still in {}",
                    String::from_utf8_lossy(&mark),
                    path.display()
                );
            }
        }
    }
}
