//! The storage layer on both databases: what may be stored, and every query.

use jiff::civil::date;
use salary_guide::reports::{Receipt, random_id};
use salary_guide::store::{NewReport, ReportFacts, ReportStatus, Store, StoreError};

use crate::databases;

/// Every column any table may have. A new column must be added here on
/// purpose, after asking whether it could identify a reporter: no address,
/// user agent, e-mail, exact time or free text, ever.
const ALLOWED_COLUMNS: &[(&str, &[&str])] = &[
    (
        "aggregates",
        &[
            "cell",
            "count",
            "median",
            "p25",
            "p75",
            "n_eff",
            "center_log",
            "built_on",
        ],
    ),
    ("builds", &["day"]),
    ("day_keys", &["day", "key"]),
    ("login_attempts", &["bucket", "slot", "count"]),
    (
        "moderator_sessions",
        &["token_hash", "name", "csrf", "expires_at"],
    ),
    ("moderators", &["name", "password_phc"]),
    ("rate_counts", &["bucket", "day", "count"]),
    (
        "reports",
        &[
            "id",
            "status",
            "submitted_week",
            "decided_week",
            "years",
            "location",
            "industry",
            "company_size",
            "work_arrangement",
            "employment",
            "amount_entered",
            "period_entered",
            "base_annual",
            "bonus_annual",
            "model_median",
            "model_version",
            "flags",
            "receipt_hash",
            "reject_reason",
        ],
    ),
    ("spent_form_tokens", &["nonce", "day"]),
];

fn report(week: jiff::civil::Date, base: i64, receipt: &Receipt) -> NewReport {
    NewReport {
        id: random_id(),
        facts: ReportFacts {
            week,
            years: 4,
            location: "us".to_owned(),
            industry: None,
            company_size: Some("mid".to_owned()),
            work_arrangement: "remote".to_owned(),
            employment: "salaried".to_owned(),
            amount_entered: base,
            period_entered: "year".to_owned(),
            base_annual: base,
            bonus_annual: Some(5_000),
            model_median: 120_000,
        },
        model_version: "test".to_owned(),
        flags: String::new(),
        receipt_hash: receipt.hash(),
    }
}

#[actix_web::test]
async fn no_table_holds_a_column_outside_the_allowed_list() {
    for db in databases::each().await {
        let columns = db.store.columns().await.unwrap();
        assert!(
            !columns.is_empty(),
            "{}: no columns read",
            db.store.backend()
        );
        for (table, column) in &columns {
            let allowed = ALLOWED_COLUMNS
                .iter()
                .find(|(t, _)| t == table)
                .is_some_and(|(_, cols)| cols.contains(&column.as_str()));
            assert!(
                allowed,
                "{}: column {table}.{column} is not in the allowed list",
                db.store.backend()
            );
        }
        // And every allowed table exists, so the list cannot go stale.
        for (table, cols) in ALLOWED_COLUMNS {
            for col in *cols {
                assert!(
                    columns.iter().any(|(t, c)| t == table && c == col),
                    "{}: {table}.{col} is allowed but missing",
                    db.store.backend()
                );
            }
        }
    }
}

#[actix_web::test]
async fn migrations_run_once_and_a_second_start_finds_them_applied() {
    let db = databases::sqlite().await;
    let again = Store::connect(&db.url).await.unwrap();
    assert_eq!(again.pending().await.unwrap(), vec![]);
}

#[actix_web::test]
async fn an_unreachable_database_is_named_in_the_error() {
    let error = Store::connect("postgres://nobody:secret@127.0.0.1:1/nothing")
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, StoreError::Connect { .. }), "{message}");
    assert!(message.contains("127.0.0.1:1/nothing"), "{message}");
    assert!(!message.contains("secret"), "{message}");
    let error = Store::connect("mysql://localhost/x").await.unwrap_err();
    assert!(error.to_string().contains("mysql://localhost/x"));
    let error = Store::connect("sqlite:///no/such/folder/x.db")
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("/no/such/folder/x.db"),
        "{error}"
    );
}

#[actix_web::test]
async fn a_report_is_pending_then_decided_once() {
    for db in databases::each().await {
        let store = &db.store;
        let week = date(2026, 11, 23);
        let first = report(week, 130_000, &Receipt::new());
        let second = report(date(2026, 11, 16), 110_000, &Receipt::new());
        store.add_report(&first).await.unwrap();
        store.add_report(&second).await.unwrap();
        let pending = store.pending().await.unwrap();
        assert_eq!(pending.len(), 2);
        assert_eq!(pending[0].id, second.id, "oldest week first");
        assert_eq!(pending[1].facts.base_annual, 130_000);
        assert_eq!(pending[1].facts.bonus_annual, Some(5_000));
        assert_eq!(store.pending_count().await.unwrap(), 2);

        assert!(
            store
                .decide(&first.id, ReportStatus::Approved, None, week)
                .await
                .unwrap()
        );
        assert!(
            !store
                .decide(&first.id, ReportStatus::Rejected, Some("spam"), week)
                .await
                .unwrap()
        );
        assert!(
            store
                .decide(
                    &second.id,
                    ReportStatus::Rejected,
                    Some("implausible"),
                    week
                )
                .await
                .unwrap()
        );
        assert_eq!(store.pending().await.unwrap(), vec![]);
        let approved = store.approved_since(date(2026, 1, 1)).await.unwrap();
        assert_eq!(approved.len(), 1);
        assert_eq!(approved[0].status, ReportStatus::Approved);
        assert!(
            store
                .approved_since(date(2026, 12, 1))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[actix_web::test]
async fn a_receipt_withdraws_its_report_and_only_once() {
    for db in databases::each().await {
        let receipt = Receipt::new();
        let kept = report(date(2026, 11, 23), 120_000, &Receipt::new());
        db.store
            .add_report(&report(date(2026, 11, 23), 120_000, &receipt))
            .await
            .unwrap();
        db.store.add_report(&kept).await.unwrap();
        assert!(db.store.withdraw(&receipt.hash()).await.unwrap());
        assert!(!db.store.withdraw(&receipt.hash()).await.unwrap());
        let left = db.store.pending().await.unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].id, kept.id);
    }
}

#[actix_web::test]
async fn rejected_reports_go_after_30_days_and_all_after_24_months() {
    for db in databases::each().await {
        let store = &db.store;
        let old = report(date(2024, 10, 7), 120_000, &Receipt::new());
        let rejected = report(date(2026, 10, 5), 120_000, &Receipt::new());
        let recent = report(date(2026, 11, 23), 120_000, &Receipt::new());
        for r in [&old, &rejected, &recent] {
            store.add_report(r).await.unwrap();
        }
        store
            .decide(&old.id, ReportStatus::Approved, None, date(2024, 10, 7))
            .await
            .unwrap();
        store
            .decide(
                &rejected.id,
                ReportStatus::Rejected,
                Some("spam"),
                date(2026, 10, 12),
            )
            .await
            .unwrap();
        // 30 November 2026: the rejection is 49 days old, the old report 25 months.
        assert_eq!(store.purge_reports(date(2026, 11, 30)).await.unwrap(), 2);
        assert!(store.report(&old.id).await.unwrap().is_none());
        assert!(store.report(&rejected.id).await.unwrap().is_none());
        assert!(store.report(&recent.id).await.unwrap().is_some());
    }
}

#[actix_web::test]
async fn a_day_key_is_made_once_and_deleted_after_two_days() {
    for db in databases::each().await {
        let store = &db.store;
        let day = date(2026, 11, 28);
        let key = store.day_key(day).await.unwrap();
        assert_eq!(store.day_key(day).await.unwrap(), key);
        assert_ne!(store.day_key(date(2026, 11, 29)).await.unwrap(), key);
        store.count_submission(b"bucket", day).await.unwrap();
        store.spend_form_token(b"nonce", day).await.unwrap();

        store.purge_day_keys(date(2026, 11, 29)).await.unwrap();
        assert_eq!(
            store.existing_day_key(day).await.unwrap(),
            Some(key),
            "yesterday's is kept"
        );
        store.purge_day_keys(date(2026, 11, 30)).await.unwrap();
        assert_eq!(store.existing_day_key(day).await.unwrap(), None);
        // Its counts went with it: the bucket starts again from one.
        assert_eq!(store.count_submission(b"bucket", day).await.unwrap(), 1);
        assert!(store.spend_form_token(b"nonce", day).await.unwrap());
    }
}

#[actix_web::test]
async fn submissions_are_counted_per_bucket_and_day() {
    for db in databases::each().await {
        let store = &db.store;
        let day = date(2026, 11, 30);
        for expected in 1..=3 {
            assert_eq!(store.count_submission(b"a", day).await.unwrap(), expected);
        }
        assert_eq!(store.count_submission(b"b", day).await.unwrap(), 1);
        assert_eq!(
            store
                .count_submission(b"a", date(2026, 12, 1))
                .await
                .unwrap(),
            1
        );
    }
}

#[actix_web::test]
async fn a_form_token_is_spent_once() {
    for db in databases::each().await {
        let day = date(2026, 11, 30);
        assert!(db.store.spend_form_token(b"n1", day).await.unwrap());
        assert!(!db.store.spend_form_token(b"n1", day).await.unwrap());
        assert!(db.store.spend_form_token(b"n2", day).await.unwrap());
    }
}

#[actix_web::test]
async fn exactly_one_caller_claims_a_days_rebuild() {
    for db in databases::each().await {
        let day = date(2026, 11, 30);
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let store = db.store.clone();
                actix_web::rt::spawn(async move { store.claim_build(day).await.unwrap() })
            })
            .collect();
        let mut won = 0;
        for task in tasks {
            won += usize::from(task.await.unwrap());
        }
        assert_eq!(won, 1, "{}", db.store.backend());
        assert!(db.store.claim_build(date(2026, 12, 1)).await.unwrap());
    }
}

#[actix_web::test]
async fn a_rebuild_publishes_cells_at_the_threshold_and_replaces_the_last() {
    use salary_guide::content::{Site, files::FileTree};
    use salary_guide::reports::maintenance;
    let site = Site::load(&FileTree::BundledContent).unwrap();
    let model = &site.model.reports;
    for db in databases::each().await {
        let store = &db.store;
        let today = date(2026, 11, 30);
        for i in 0..model.min_reports_median {
            let r = report(
                date(2026, 11, 23),
                120_000 + i64::from(i) * 1_000,
                &Receipt::new(),
            );
            store.add_report(&r).await.unwrap();
            store
                .decide(&r.id, ReportStatus::Approved, None, today)
                .await
                .unwrap();
        }
        // A pending report never counts.
        store
            .add_report(&report(date(2026, 11, 23), 500_000, &Receipt::new()))
            .await
            .unwrap();
        let done = maintenance::rebuild(store, model, today).await.unwrap();
        assert_eq!(done.cells, 2, "the location cell and the national one");
        let cells = store.aggregates().await.unwrap();
        let cell = &cells["us|3-5|salaried"];
        assert_eq!(
            cell.median, 125_000,
            "124,500 rounded to the nearest $1,000"
        );
        assert_eq!(cell.count_band(), "10-19");
        assert_eq!(cell.updated, today);
        // Past the window the next build publishes nothing.
        maintenance::rebuild(store, model, date(2029, 1, 1))
            .await
            .unwrap();
        assert!(store.aggregates().await.unwrap().is_empty());
    }
}

#[actix_web::test]
async fn a_moderator_is_stored_with_an_argon2id_hash_only() {
    use salary_guide::reports::moderation::{hash_password, verify_password};
    for db in databases::each().await {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(db.store.set_moderator("ana", &phc).await.unwrap());
        assert!(!db.store.set_moderator("ana", &phc).await.unwrap());
        let stored = db.store.moderator_password("ana").await.unwrap().unwrap();
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("wrong horse battery", &stored));
        assert_eq!(db.store.moderator_password("bob").await.unwrap(), None);
    }
}
