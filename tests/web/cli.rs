use std::path::Path;
use std::process::{Command, Output};

use crate::common::*;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_salary-guide"))
        .args(args)
        .env_remove("SALARY_GUIDE_CONTENT")
        .env_remove("SALARY_GUIDE_STATIC")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[actix_web::test]
async fn estimate_prints_the_same_numbers_as_the_api() {
    let args = [
        "estimate",
        "--years",
        "4",
        "--location",
        "seattle",
        "--skills",
        "kubernetes,aws",
    ];
    let output = run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let api = get("/api/v1/estimate?years=4&location=seattle&skills=kubernetes&skills=aws")
        .await
        .json();
    let table = stdout(&output);
    for stat in ["p10", "p25", "median", "p75", "p90"] {
        let amount = salary_guide::money::usd(api["base"][stat].as_i64().unwrap());
        assert!(
            table.contains(&amount),
            "{stat} {amount} missing from:\n{table}"
        );
    }
    assert!(table.contains("Seattle"));

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let output = run(&json_args);
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, api);
}

#[test]
fn estimate_explains_bad_flags_and_fails() {
    let output = run(&["estimate", "--years", "ten", "--location", "mars"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("--years: Years of experience must be a number"),
        "{message}"
    );
    assert!(
        message.contains("--location:") && message.contains("mars"),
        "{message}"
    );
}

#[actix_web::test]
async fn estimate_takes_where_you_live_as_a_place_or_an_old_location_id() {
    let api = get("/api/v1/estimate?years=6&location=seattle&home=denver")
        .await
        .json();
    for home in [["--home", "denver"], ["--home-place", "80202"]] {
        let mut args = vec![
            "estimate",
            "--years",
            "6",
            "--location",
            "seattle",
            "--json",
        ];
        args.extend(home);
        let output = run(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(printed, api, "{home:?}");
    }
    let output = run(&["estimate", "--years", "6", "--home-place", "Atlantis"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("--home-place: We could not find “Atlantis”."),
        "{message}"
    );
}

#[test]
fn check_passes_on_the_bundled_content() {
    let output = run(&["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("ok:"));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn check_names_the_file_and_problem_in_broken_content() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
        &content,
    );
    std::fs::write(
        content.join("guides/broken.md"),
        "+++\ntitle = \"Broken\"\ndescription = \"A guide with mistakes.\"\nupdated = 2026-11-01\norder = 99\nsources = [\"no-such-source\"]\n+++\n\nSee [nowhere](/guides/nowhere).\n\nPay is {{ pay years=4 stat=mean }}.\n",
    )
    .unwrap();
    let output = run(&["check", "--content", content.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("broken.md"), "{message}");
    assert!(message.contains("no-such-source"), "{message}");
    assert!(
        message.contains("line 11") && message.contains("unknown stat `mean`"),
        "{message}"
    );

    // A bad data file stops everything, naming the entry.
    std::fs::remove_file(content.join("guides/broken.md")).unwrap();
    let model = content.join("data/salary-model.toml");
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(
        &model,
        text.replacen("multiplier = 1.05\n", "multiplier = -1\n", 1),
    )
    .unwrap();
    let output = run(&["check", "--content", content.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("salary-model.toml"), "{message}");
    assert!(
        message.contains("\"rust\"") && message.contains("multiplier"),
        "{message}"
    );
}

#[test]
fn estimate_prints_what_if_ideas_and_an_offer_verdict() {
    let output = run(&["estimate", "--years", "4", "--offer", "90000"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("What would raise your median most"), "{text}");
    assert!(
        text.contains("Gain three more years of experience"),
        "{text}"
    );
    assert!(
        text.contains("Offer check: a base of $90,000 is below"),
        "{text}"
    );
    assert!(text.contains("Counter with $"), "{text}");
}

#[actix_web::test]
async fn compare_prints_the_same_answer_as_the_api() {
    let output = run(&[
        "compare",
        "--a",
        "years=5&location=san-francisco",
        "--b",
        "years=5&location=austin&offer=150000",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let api = get("/api/v1/compare?a.years=5&a.location=san-francisco&b.years=5&b.location=austin&b.offer=150000")
        .await
        .json();
    assert_eq!(printed, api);

    let table = run(&[
        "compare",
        "--a",
        "years=5",
        "--b",
        "years=5&location=jackson",
    ]);
    assert!(table.status.success());
    assert!(
        stdout(&table).contains("after prices"),
        "{}",
        stdout(&table)
    );

    let bad = run(&["compare", "--a", "years=5", "--b", "years=ninety"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("b.years: Years of experience must be a number"));
}

#[test]
fn tax_prints_take_home_as_json_and_refuses_a_city_of_another_state() {
    let output = run(&[
        "tax",
        "--wages",
        "100000",
        "--state",
        "NY",
        "--city",
        "new-york-city",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let amount = |id: &str| {
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id)
            .map(|l| l["amount"].as_i64().unwrap())
            .unwrap()
    };
    assert_eq!(amount("federal-income-tax"), 13_170);
    assert_eq!(amount("new-york-city"), 3_441);
    assert_eq!(json["year"], 100_000 - json["total"].as_i64().unwrap());

    let output = run(&[
        "tax",
        "--wages",
        "100000",
        "--state",
        "NJ",
        "--city",
        "new-york-city",
    ]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("New York City is in NY, not NJ"));
    let output = run(&[
        "tax", "--wages", "1", "--state", "NY", "--filing", "married",
    ]);
    assert!(stderr(&output).contains("filing must be `single` or `joint`"));
}
