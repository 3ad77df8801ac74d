use actix_web::http::StatusCode;
use serde_json::json;

use crate::common::*;

const THREE: &str = "a.years=5&a.location=san-francisco&a.offer=180000&b.years=5&b.location=austin&b.company_size=enterprise&b.offer=150000&b.offer_grant=80000&b.offer_vesting=back-loaded-5-15-40-40&c.years=5&c.location=seattle&c.work_arrangement=remote&c.home=denver&c.offer=170000";

#[actix_web::test]
async fn the_empty_compare_page_offers_three_scenarios_of_prefixed_fields() {
    let reply = get("/compare").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_site_page(&reply);
    let page = reply.html();
    assert_eq!(attrs(&page, "form.compare-form", "method"), ["get"]);
    assert_eq!(
        texts(&page, "fieldset.scenario > legend"),
        ["Scenario A", "Scenario B", "Scenario C"]
    );
    for name in [
        "a.years",
        "b.location",
        "c.home_place",
        "a.offer_grant",
        "b.offer_vesting",
        "c.skills",
    ] {
        assert!(
            !attrs(&page, &format!("[name=\"{name}\"]"), "name").is_empty(),
            "{name}"
        );
    }
    assert!(texts(&page, "#comparison .compare-table").is_empty());
}

#[actix_web::test]
async fn a_three_scenario_comparison_shows_the_api_figures_and_links_each_result() {
    let api = get(&format!("/api/v1/compare?{THREE}")).await;
    assert_eq!(api.status, StatusCode::OK);
    let api = api.json();
    let scenarios = api["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 3);
    assert_eq!(scenarios[0]["label"], "a");
    // Each scenario's estimate is the full estimate the estimate API gives.
    let alone = get("/api/v1/estimate?years=5&location=seattle&work_arrangement=remote&home=denver&offer=170000")
        .await
        .json();
    assert_eq!(scenarios[2]["estimate"], alone);
    assert_eq!(
        scenarios[1]["offer"]["four_year_total"],
        4 * 150_000 + 80_000
    );
    let differences = api["differences"].as_array().unwrap();
    assert_eq!(differences.len(), 2);
    let median_a = scenarios[0]["estimate"]["base"]["median"].as_i64().unwrap();
    let median_b = scenarios[1]["estimate"]["base"]["median"].as_i64().unwrap();
    assert_eq!(
        differences[0]["median"]["dollars"],
        json!(median_b - median_a)
    );
    assert!(api["verdict"].as_str().unwrap().contains("decide"));

    let reply = get(&format!("/compare?{THREE}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.html();
    assert_eq!(
        text(&page, "#comparison .verdict-sentence"),
        api["verdict"].as_str().unwrap()
    );
    let medians = texts(&page, "#comparison .compare-table tbody tr:nth-child(4) td");
    assert_eq!(
        medians.iter().map(|m| dollars(m)).collect::<Vec<_>>(),
        scenarios
            .iter()
            .map(|s| s["estimate"]["base"]["median"].as_i64().unwrap())
            .collect::<Vec<_>>()
    );
    let links = attrs(&page, "#comparison .scenario-links a", "href");
    assert_eq!(links.len(), 3);
    assert!(
        links[2].starts_with("/calculator?years=5&location=seattle"),
        "{}",
        links[2]
    );
    assert!(links[2].contains("home=denver"));
    // The values are kept in the form.
    assert_eq!(
        attrs(&page, "#field-c-home_place", "value"),
        ["Denver-Aurora-Centennial, CO"]
    );
    assert_eq!(attrs(&page, "#field-b-offer_grant", "value"), ["80000"]);
}

#[actix_web::test]
async fn every_calculator_result_links_to_a_comparison_with_a_copy_of_itself() {
    let page = get("/calculator?years=4&location=austin&skills=aws")
        .await
        .html();
    let href = attrs(&page, "#result .compare-link a", "href").remove(0);
    assert!(
        href.starts_with("/compare?a.years=4&a.location=austin"),
        "{href}"
    );
    assert!(href.contains("&b.years=4&b.location=austin"), "{href}");
    assert!(href.contains("b.skills=aws"), "{href}");
    let path = href.split('#').next().unwrap();
    let reply = get(path).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.html();
    // One column for scenario B, one row a measure (equity among them).
    assert_eq!(texts(&page, "#comparison .differences thead th").len(), 2);
    assert!(
        texts(&page, "#comparison .differences tbody th")
            .iter()
            .any(|label| label.contains("stock"))
    );
}

#[actix_web::test]
async fn bad_values_are_marked_beside_the_field_of_their_scenario() {
    let reply = get("/compare?a.years=5&b.years=abc&c.years=4&c.location=atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#b-years-error").contains("must be a number"));
    assert!(text(&page, "#c-location-error").contains("“atlantis” is not a location"));
    assert!(texts(&page, "#a-years-error").is_empty());
    assert_eq!(attrs(&page, "#field-b-years", "value"), ["abc"]);
    assert_eq!(
        attrs(&page, ".error-summary a", "href"),
        ["#field-b-years", "#field-c-location"]
    );
    let summary = texts(&page, ".error-summary a");
    assert!(
        summary[0].starts_with("Scenario B: Years of experience"),
        "{summary:?}"
    );
    assert!(
        summary[1].starts_with("Scenario C: “atlantis”"),
        "{summary:?}"
    );

    let api = get("/api/v1/compare?a.years=5&b.years=abc").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(api.content_type.starts_with("application/problem+json"));
    let problem = api.json();
    assert_eq!(problem["errors"][0]["field"], "b.years");
    assert_eq!(problem["errors"][0]["code"], "years_not_a_number");
}

#[actix_web::test]
async fn each_scenario_takes_a_zip_code_or_city_resolved_by_the_server() {
    let query = "a.years=4&a.place=98101&b.years=4&b.place=83702&c.years=4&c.place=59715";
    let reply = get(&format!("/compare?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = reply.html();
    for (label, place, location, note) in [
        (
            "a",
            "98101",
            "seattle",
            "98101 (Seattle, WA) lies in Seattle-Tacoma-Bellevue, WA.",
        ),
        (
            "b",
            "83702",
            "boise-city-id",
            "83702 (Boise, ID) lies in Boise City, ID.",
        ),
        (
            "c",
            "59715",
            "bozeman-mt",
            "59715 (Bozeman, MT) lies in Bozeman, MT.",
        ),
    ] {
        assert_eq!(
            attrs(&page, &format!("#field-{label}-place"), "value"),
            [place]
        );
        assert_eq!(
            attrs(&page, &format!("#field-{label}-place"), "name"),
            [format!("{label}.place")]
        );
        assert_eq!(text(&page, &format!("#{label}-place-hint")), note);
        assert_eq!(
            chosen_locations(&page, &format!("#field-{label}-location option[selected]")),
            [location]
        );
    }
    assert_eq!(
        texts(&page, "#comparison .compare-table tbody tr:first-child td"),
        [
            "Seattle-Tacoma-Bellevue, WA",
            "Boise City, ID",
            "Bozeman, MT"
        ]
    );
    // The API reads the same fields, and its estimates are the calculator's.
    let api = get(&format!("/api/v1/compare?{query}")).await.json();
    let boise = get("/api/v1/estimate?years=4&location=boise-city-id")
        .await
        .json();
    assert_eq!(api["scenarios"][1]["estimate"], boise);

    // Bad places are named beside their scenario's field, and in the API.
    let bad = "a.years=4&a.place=Atlantis&b.years=4&b.place=Springfield";
    let reply = get(&format!("/compare?{bad}")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#a-place-error").contains("We could not find “Atlantis”."));
    assert!(text(&page, "#b-place-error").contains("Springfield, IL"));
    assert_eq!(attrs(&page, "#field-b-place", "value"), ["Springfield"]);
    assert_eq!(
        attrs(&page, ".error-summary a", "href"),
        ["#field-a-place", "#field-b-place"]
    );
    let problem = get(&format!("/api/v1/compare?{bad}")).await.json();
    assert_eq!(problem["errors"][0]["field"], "a.place");
    assert_eq!(problem["errors"][0]["code"], "unknown_place");
    assert_eq!(problem["errors"][1]["code"], "ambiguous_place");
}

#[actix_web::test]
async fn a_comparison_links_to_the_guides_its_scenarios_raise() {
    let links = |html: &scraper::Html| attrs(html, "#comparison ul.read-next a", "href");
    let plain = get("/compare?a.years=4&b.years=5").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(links(&plain.html()).is_empty());
    let cities = get(
        "/compare?a.years=6&a.location=seattle&b.years=6&b.location=seattle&b.work_arrangement=remote&b.home=denver&c.years=12&c.company_size=enterprise&c.offer=190000",
    )
    .await;
    assert_eq!(cities.status, StatusCode::OK);
    assert_eq!(
        links(&cities.html()),
        [
            "/guides/big-tech-offers",
            "/guides/beyond-senior",
            "/guides/pay-by-city"
        ]
    );
}

#[actix_web::test]
async fn the_live_update_gets_the_pages_own_comparison_or_its_form_with_messages() {
    for (query, status) in [
        (THREE, StatusCode::OK),
        ("a.years=4&b.years=5", StatusCode::OK),
        ("a.years=4&b.years=4&b.place=59715", StatusCode::OK),
        (
            "a.years=5&b.years=abc&c.years=4&c.location=atlantis",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let page = get(&format!("/compare?{query}")).await;
        let fragment = get(&format!("/compare/result?{query}")).await;
        assert_eq!(page.status, status, "{query}");
        assert_eq!(fragment.status, status, "{query}");
        assert_fragment_of_page(
            &page.body,
            &fragment.body,
            "compare-form",
            "comparison",
            status != StatusCode::OK,
        );
    }
}

#[actix_web::test]
async fn a_live_comparison_carries_each_places_note_and_the_location_it_chose() {
    let query = "a.years=4&b.years=4&b.place=59715&b.location=seattle";
    let page = get(&format!("/compare?{query}")).await.html();
    let fragment = get(&format!("/compare/result?{query}")).await.html();
    for html in [&page, &fragment] {
        assert_eq!(
            text(html, "#b-place-hint"),
            "59715 (Bozeman, MT) lies in Bozeman, MT."
        );
        assert_eq!(
            location_ids(attrs(html, "#b-place-hint", "data-chosen")),
            ["bozeman-mt"]
        );
        assert_eq!(
            attrs(html, "#b-place-hint", "data-chooses"),
            ["field-b-location"]
        );
        assert_eq!(
            location_ids(attrs(html, "#a-place-hint", "data-chosen")),
            [""]
        );
    }
    assert_eq!(
        chosen_locations(&page, "#field-b-location option[selected]"),
        ["bozeman-mt"]
    );
}

/// Issue 19's decision: A in Seattle, $190,000 base and a $200,000 RSU grant;
/// B in Austin, $165,000 base and a $20,000 signing bonus; 6 years each.
const TWO_OFFERS: &str = "a.years=6&a.location=seattle&a.offer=190000&a.offer_grant=200000&b.years=6&b.location=austin&b.offer=165000&b.offer_signing=20000";

#[actix_web::test]
async fn two_real_offers_are_decided_on_the_whole_offer_with_every_figure_in_the_tables() {
    for kind in ["", "&a.offer_equity_kind=public"] {
        let page = get(&format!("/compare?{TWO_OFFERS}{kind}")).await.html();
        let verdict = text(&page, "#comparison .verdict-sentence");
        assert!(
            verdict.starts_with("Scenario A pays $280,000 more over four years than scenario B before tax; after tax and prices it is still $"),
            "{verdict}"
        );
        let tables = texts(&page, "#comparison table td").join(" ");
        for figure in verdict.split_whitespace().filter(|w| w.starts_with('$')) {
            let figure = figure.trim_end_matches(['.', ',', ';']);
            assert!(tables.contains(figure), "{figure} is not in the tables");
        }
        assert!(text(&page, "#comparison .leaves-out").contains("Taxes count wages only"));
    }
    // An old link says how it read the grant.
    let page = get(&format!("/compare?{TWO_OFFERS}")).await.html();
    assert!(
        texts(&page, "#comparison .compare-table td")
            .iter()
            .any(|cell| cell.contains("read as public"))
    );
}

#[actix_web::test]
async fn a_private_grant_is_shown_beside_the_comparison_and_never_dropped_silently() {
    let reply = get(&format!(
        "/compare?{TWO_OFFERS}&a.offer_equity_kind=private"
    ))
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.html();
    let cells = texts(&page, "#comparison .compare-table td").join(" | ");
    assert!(cells.contains("$200,000 private, not counted"), "{cells}");
    assert!(text(&page, "#comparison .leaves-out").contains("scenario A's private company equity"));
    assert_eq!(
        attrs(
            &page,
            "#field-a-offer_equity_kind option[selected]",
            "value"
        ),
        ["private"]
    );
    let api = get(&format!(
        "/api/v1/compare?{TWO_OFFERS}&a.offer_equity_kind=private"
    ))
    .await
    .json();
    assert_eq!(api["scenarios"][0]["offer"]["private_equity"], 200_000);
    assert_eq!(api["scenarios"][0]["offer"]["four_year_total"], 760_000);
}

#[actix_web::test]
async fn a_submitted_comparison_moves_to_an_address_without_its_empty_fields() {
    let app = app().await;
    let location = |uri: &'static str| {
        let app = &app;
        async move {
            let request = actix_web::test::TestRequest::get().uri(uri).to_request();
            let response = actix_web::test::call_service(app, request).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{uri}");
            response
                .headers()
                .get("location")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(
        location("/compare?a.years=6&a.home=&a.offer=&b.years=7&b.offer_bonus=&c.years=").await,
        "/compare?a.years=6&b.years=7"
    );
    assert_eq!(location("/compare?a.years=&b.years=").await, "/compare");
}

#[actix_web::test]
async fn a_scenario_with_errors_marks_its_bad_lists_and_keeps_every_scenarios_choices() {
    let reply = get(
        "/compare?a.years=4&a.industry=finance&a.skills=aws&b.years=6&b.skills=telepathy\
         &b.certifications=ckad&b.work_arrangement=remote&c.years=2&c.industry=nope\
         &c.home_state=md&c.employment=freelance",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.html();
    assert!(attrs(&html, "#field-b-skills", "class")[0].contains("has-error"));
    assert!(text(&html, "#b-skills-error").contains("telepathy"));
    assert_eq!(attrs(&html, "#field-c-industry", "aria-invalid"), ["true"]);
    assert!(attrs(&html, "select[name='c.industry'] option[selected]", "value").is_empty());
    let chosen = |selector: &str| attrs(&html, selector, "value");
    assert_eq!(
        chosen("select[name='a.industry'] option[selected]"),
        ["finance"]
    );
    assert_eq!(chosen("input[name='a.skills'][checked]"), ["aws"]);
    assert!(chosen("input[name='b.skills'][checked]").is_empty());
    assert_eq!(chosen("input[name='b.certifications'][checked]"), ["ckad"]);
    assert_eq!(
        chosen("select[name='b.work_arrangement'] option[selected]"),
        ["remote"]
    );
    assert_eq!(
        chosen("select[name='c.home_state'] option[selected]"),
        ["MD"]
    );
    assert_eq!(
        chosen("select[name='c.employment'] option[selected]"),
        ["freelance"]
    );
    assert_eq!(
        chosen("select[name='a.employment'] option[selected]"),
        ["salaried"]
    );
    // Each scenario's checkboxes carry its own ids, each with its label.
    for label in ["a", "b", "c"] {
        let ids = attrs(&html, &format!("input[name='{label}.skills']"), "id");
        assert!(!ids.is_empty());
        for id in ids {
            assert!(id.starts_with(&format!("{label}-skills-")), "{id}");
            assert_eq!(html.select(&sel(&format!("label[for='{id}']"))).count(), 1);
        }
    }
}
