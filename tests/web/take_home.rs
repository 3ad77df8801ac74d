//! Take-home pay where people decide: the tax sources on `/sources`, the
//! calculator's "What you keep", the API's `take_home` and the comparison.
//! Figures are checked against sums worked out here from the published
//! brackets, never against the code under test.

use actix_web::http::StatusCode;

use crate::common::*;

/// `/sources` lists every tax source with its agency, title, address and
/// date only; what maintainers noted about checking it stays out.
#[actix_web::test]
async fn sources_page_lists_tax_sources_as_readers_need_them() {
    let reply = get("/sources").await;
    assert!(reply.status.is_success());
    let html = reply.html();
    let entry = text(&html, "#tax-irs-rp-2025-32");
    assert!(entry.contains("Internal Revenue Service"), "{entry}");
    assert!(entry.contains("Revenue Procedure 2025-32"), "{entry}");
    assert!(entry.contains("2025-10-09"), "{entry}");
    assert_eq!(
        attrs(&html, "#tax-irs-rp-2025-32 a", "href"),
        ["https://www.irs.gov/pub/irs-drop/rp-25-32.pdf"]
    );
    let site = state().loaded().site.clone();
    assert_eq!(
        html.select(&sel("#tax-sources + ol > li")).count(),
        site.model.tax.sources.len()
    );
    assert_eq!(texts(&html, "#tax + p + ul > li"), site.model.tax.notes);
    let lower = reply.body.to_lowercase();
    for phrase in [
        "not yet read",
        "research notes",
        "could not be opened",
        "policyengine us 2.68",
    ] {
        assert!(!lower.contains(phrase), "/sources shows {phrase:?}");
    }
}

/// $180,000 single, worked by hand from content/data/tax-2026.toml.
/// Federal: taxable $163,900 = 10% of $12,400 + 12% of $38,000 + 22% of
/// $55,300 + 24% of $58,200 = $31,934. Social Security 6.2% = $11,160;
/// Medicare 1.45% = $2,610. Washington: no income tax; paid leave 1.13% ×
/// the employee's 71.43% = $1,453; WA Cares 0.58% = $1,044. Take-home
/// $131,799, $10,983 a month. California: taxable $174,165 by its brackets
/// = $12,555.29, less the $156 credit = $12,399; SDI 1.3% = $2,340;
/// take-home $119,557.
const SEATTLE: &str = "years=6&location=seattle&offer=180000";
const SAN_FRANCISCO: &str = "years=6&location=san-francisco&offer=180000";

fn offer_tax(html: &scraper::Html, id: &str) -> i64 {
    let cells = texts(html, &format!("tr[data-tax=\"{id}\"] td.num"));
    dollars(cells.last().expect("the offer's column"))
}

#[actix_web::test]
async fn the_calculator_shows_what_you_keep_in_seattle_and_san_francisco() {
    let seattle = get(&format!("/calculator?{SEATTLE}")).await;
    assert_eq!(seattle.status, StatusCode::OK);
    let html = seattle.html();
    assert_eq!(
        dollars(&text(&html, "[data-stat=offer-take-home-year]")),
        131_799
    );
    assert_eq!(
        dollars(&text(&html, "[data-stat=offer-take-home-month]")),
        10_983
    );
    assert_eq!(offer_tax(&html, "federal-income-tax"), 31_934);
    assert_eq!(offer_tax(&html, "social-security"), 11_160);
    assert_eq!(offer_tax(&html, "medicare"), 2_610);
    assert_eq!(offer_tax(&html, "state-income-tax"), 0);
    assert_eq!(offer_tax(&html, "wa-pfml"), 1_453);
    assert_eq!(offer_tax(&html, "wa-cares"), 1_044);
    assert_eq!(text(&html, "[data-stat=offer-effective-rate]"), "26.8%");
    // Every tax links to its source on /sources.
    let links = attrs(&html, ".tax-lines tbody a.tax-source", "href");
    assert_eq!(links.len(), 7);
    assert!(
        links.iter().all(|l| l.starts_with("/sources#tax-")),
        "{links:?}"
    );
    assert!(text(&html, ".honest-edges").contains("tax adviser"));
    // Each of the offer's years, taxed as that year's wages.
    assert_eq!(
        texts(&html, "[data-stat=year-take-home]")
            .iter()
            .map(|t| dollars(t))
            .collect::<Vec<_>>(),
        [131_799; 4]
    );

    let html = get(&format!("/calculator?{SAN_FRANCISCO}")).await.html();
    assert_eq!(offer_tax(&html, "federal-income-tax"), 31_934);
    assert_eq!(offer_tax(&html, "state-income-tax"), 12_399);
    assert_eq!(offer_tax(&html, "ca-sdi"), 2_340);
    assert_eq!(
        dollars(&text(&html, "[data-stat=offer-take-home-year]")),
        119_557
    );
}

#[actix_web::test]
async fn a_home_city_adds_its_tax_and_joint_filing_keeps_more() {
    let base = "years=6&location=new-york&offer=180000";
    let state_only = get(&format!("/calculator?{base}")).await.html();
    let city = get(&format!("/calculator?{base}&home_city=new-york-city")).await;
    assert_eq!(city.status, StatusCode::OK);
    let city = city.html();
    assert!(offer_tax(&city, "new-york-city") > 5_000);
    assert!(text(&city, ".take-home-place").contains("New York City"));
    let kept = |html: &scraper::Html| dollars(&text(html, "[data-stat=offer-take-home-year]"));
    assert_eq!(
        kept(&state_only) - kept(&city),
        offer_tax(&city, "new-york-city")
    );
    let joint = get(&format!(
        "/calculator?{base}&home_city=new-york-city&filing=joint"
    ))
    .await
    .html();
    assert!(kept(&joint) > kept(&city));
    assert_eq!(
        attrs(&joint, "#field-filing option[selected]", "value"),
        ["joint"]
    );
}

#[actix_web::test]
async fn tiny_and_huge_wages_and_the_whole_country_all_work() {
    let tiny = get("/calculator?years=0&location=seattle&offer=1").await;
    assert_eq!(tiny.status, StatusCode::OK);
    assert_eq!(
        dollars(&text(&tiny.html(), "[data-stat=offer-take-home-year]")),
        1
    );
    let huge = get("/calculator?years=20&location=san-francisco&offer=600000").await;
    assert_eq!(huge.status, StatusCode::OK);
    let html = huge.html();
    // The Additional Medicare Tax: 0.9% over $200,000 = $3,600.
    assert_eq!(offer_tax(&html, "additional-medicare-tax"), 3_600);
    // The whole country has no state: the page asks where you live.
    let national = get("/calculator?years=6").await.html();
    assert!(text(&national, ".take-home-place").starts_with("Choose where you live"));
    assert!(texts(&national, "[data-stat=take-home-year]").is_empty());
    let chosen = get("/calculator?years=6&home_state=TX").await.html();
    assert_eq!(texts(&chosen, "[data-stat=take-home-year]").len(), 1);
}

#[actix_web::test]
async fn a_bad_filing_gets_a_message_beside_the_field_and_a_problem_code() {
    let page = get("/calculator?years=6&location=seattle&filing=married").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.html();
    assert!(text(&html, "#filing-error").contains("“married” is not a filing status"));
    assert_eq!(attrs(&html, "#field-filing", "aria-invalid"), ["true"]);
    // The other answers are kept.
    assert_eq!(attrs(&html, "#field-years", "value"), ["6"]);

    let api = get("/api/v1/estimate?years=6&location=seattle&filing=married").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(api.content_type.starts_with("application/problem+json"));
    let fields = api.json()["errors"].clone();
    assert_eq!(fields[0]["field"], "filing");
    assert_eq!(fields[0]["code"], "invalid_filing");

    let post = post_json(
        "/api/v1/estimate",
        r#"{"years": 6, "location": "philadelphia", "home_city": "philadelphia", "home_state": "NJ"}"#,
    )
    .await;
    assert_eq!(post.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(post.json()["errors"][0]["code"], "home_city_not_in_state");
}

#[actix_web::test]
async fn the_api_carries_take_home_with_its_sources_and_options_list_the_choices() {
    let json = get(&format!("/api/v1/estimate?{SEATTLE}&filing=single"))
        .await
        .json();
    let take_home = &json["take_home"];
    assert_eq!(take_home["state"], "WA");
    assert_eq!(take_home["offer"]["year"], 131_799);
    assert_eq!(take_home["offer_years"].as_array().unwrap().len(), 4);
    let cited: Vec<&str> = take_home["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for line in take_home["median"]["lines"].as_array().unwrap() {
        assert!(cited.contains(&line["source"].as_str().unwrap()), "{line}");
    }
    // Readers' fields only: no maintainer notes in the API.
    assert!(take_home["sources"][0].get("read").is_none());
    assert_eq!(json["take_home"]["median"]["wages"], json["base"]["median"]);
    // The same by POST.
    let posted = post_json(
        "/api/v1/estimate",
        r#"{"years": 6, "location": "seattle", "offer": 180000, "filing": "single"}"#,
    )
    .await
    .json();
    assert_eq!(posted["take_home"], json["take_home"]);

    let options = get("/api/v1/options").await.json();
    let ids = |key: &str| -> Vec<String> {
        options[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("filings"), ["single", "joint"]);
    assert!(ids("home_cities").contains(&"new-york-city".to_owned()));
    assert_eq!(ids("home_states").len(), 51);
    let nyc = options["home_cities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "new-york-city")
        .unwrap();
    assert_eq!(nyc["state"], "NY");
}

/// Equal offers of $180,000 in Seattle and San Francisco: the same pay
/// before tax; $12,242 a year apart after it (see above), so taxes decide.
#[actix_web::test]
async fn the_comparison_decides_on_take_home_and_says_so() {
    let query = "a.years=6&a.location=seattle&a.offer=180000&b.years=6&b.location=san-francisco&b.offer=180000";
    let page = get(&format!("/compare?{query}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    let verdict = text(&html, "#comparison .verdict-sentence");
    assert!(
        verdict.starts_with("Scenario A and scenario B pay the same before tax, but scenario A leaves you $48,968 more after tax and $"),
        "{verdict}"
    );
    assert!(verdict.ends_with("lower taxes decide it."), "{verdict}");
    let tables = texts(&html, "#comparison table td").join(" ");
    for figure in verdict.split_whitespace().filter(|w| w.starts_with('$')) {
        let figure = figure.trim_end_matches(['.', ',', ';', ':']);
        assert!(tables.contains(figure), "{figure} is not in the tables");
    }
    // Four years of $131,799 and of $119,557, $12,242 a year apart.
    assert!(tables.contains("$527,196"), "{tables}");
    assert!(tables.contains("$478,228"), "{tables}");
    assert!(tables.contains("−$48,968"), "{tables}");
    let api = get(&format!("/api/v1/compare?{query}")).await.json();
    assert_eq!(api["verdict"].as_str().unwrap(), verdict);
    assert_eq!(
        api["scenarios"][1]["take_home"]["median_year"],
        api["scenarios"][1]["estimate"]["take_home"]["median"]["year"]
    );
    // A bad filing in one scenario is named with it.
    let bad = get(&format!("/compare?{query}&b.filing=both")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&bad.html(), "#b-filing-error").contains("“both”"));
}

#[actix_web::test]
async fn the_live_update_renders_what_you_keep_with_the_page_template() {
    for (query, status) in [
        (format!("{SEATTLE}&home_state=WA"), StatusCode::OK),
        (
            "years=6&location=new-york&home_city=yonkers&filing=joint".to_owned(),
            StatusCode::OK,
        ),
        (
            "years=6&filing=married".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let page = get(&format!("/calculator?{query}")).await;
        let fragment = get(&format!("/calculator/result?{query}")).await;
        assert_eq!(page.status, status, "{query}");
        assert_eq!(fragment.status, status, "{query}");
        assert_fragment_of_page(
            &page.body,
            &fragment.body,
            "calculator-form",
            "result",
            status != StatusCode::OK,
        );
    }
}

#[test]
fn the_command_line_takes_filing_and_home_city_and_refuses_a_bad_filing() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_salary-guide"))
            .args(args)
            .env_remove("SALARY_GUIDE_CONTENT")
            .env_remove("SALARY_GUIDE_STATIC")
            .output()
            .expect("the binary runs")
    };
    let output = run(&[
        "estimate",
        "--years",
        "6",
        "--location",
        "seattle",
        "--home-city",
        "new-york-city",
        "--filing",
        "joint",
        "--offer",
        "180000",
    ]);
    assert!(output.status.success());
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(
            "What you keep, living in New York City, New York, filing married filing jointly"
        ),
        "{out}"
    );
    assert!(out.contains("New York City income tax"), "{out}");
    let bad = run(&["estimate", "--years", "6", "--filing", "married"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--filing: “married” is not a filing status")
    );
    let compare = run(&[
        "compare",
        "--a",
        "years=6&location=seattle&offer=180000",
        "--b",
        "years=6&location=san-francisco&offer=180000",
        "--filing",
        "single",
    ]);
    assert!(compare.status.success());
    let out = String::from_utf8_lossy(&compare.stdout);
    assert!(
        out.contains("$527,196") && out.contains("lower taxes decide it"),
        "{out}"
    );
}
