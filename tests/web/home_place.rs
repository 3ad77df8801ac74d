//! Where the person lives, typed as a ZIP code or a city (`home_place`) and
//! found by the same resolver as `place`: on the calculator, the comparison,
//! the API and in old links that name a location id (`home=denver`).

use actix_web::http::StatusCode;
use scraper::Html;
use serde_json::{Value, json};

use crate::common::*;

/// Seattle pay for a remote job, with an offer so take-home has a year view.
const PAID_IN_SEATTLE: &str = "years=6&location=seattle&work_arrangement=remote&offer=180000";

/// What a browser without JavaScript sends for the form `form`: each text
/// field's value, each select's chosen option (else its first; its text when
/// it has no value), each ticked
/// box and radio button, in the page's order.
fn submitted(html: &Html, form: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let controls = sel(&format!("{form} input[name], {form} select[name]"));
    for control in html.select(&controls) {
        let element = control.value();
        let name = element.attr("name").unwrap().to_owned();
        let value = match element.name() {
            "select" => {
                let chosen = control
                    .select(&sel("option[selected]"))
                    .next()
                    .or_else(|| control.select(&sel("option")).next());
                // An option without a `value` sends its text, trimmed, as
                // the location lists' options do.
                chosen.map(|option| match option.value().attr("value") {
                    Some(value) => value.to_owned(),
                    None => option.text().collect::<String>().trim().to_owned(),
                })
            }
            _ => match element.attr("type") {
                Some("checkbox" | "radio") => element
                    .attr("checked")
                    .map(|_| element.attr("value").unwrap_or("on").to_owned()),
                _ => Some(element.attr("value").unwrap_or_default().to_owned()),
            },
        };
        if let Some(value) = value {
            pairs.push((name, value));
        }
    }
    pairs
}

fn encoded(pairs: &[(impl serde::Serialize, impl serde::Serialize)]) -> String {
    serde_html_form::to_string(pairs).unwrap()
}

/// The figures of an estimate that where the person lives moves.
fn lived_figures(estimate: &Value) -> Value {
    json!({
        "base": estimate["base"],
        "cost_of_living": estimate["cost_of_living"],
        "take_home": estimate["take_home"],
        "home": estimate["input"]["home"],
    })
}

#[actix_web::test]
async fn the_forms_ask_where_you_live_as_a_place_not_a_second_list_of_every_location() {
    let calculator = get("/calculator").await.html();
    assert!(attrs(&calculator, "select[name=home]", "name").is_empty());
    assert_eq!(
        text(&calculator, "label[for=field-home_place]"),
        "Where you live: ZIP code or city (optional)"
    );
    let hint = text(&calculator, "#home_place-hint");
    assert!(hint.contains("remote work and take-home pay"), "{hint}");
    assert_eq!(
        attrs(&calculator, "#field-home_place", "aria-describedby"),
        ["home_place-hint"]
    );
    // Both place fields are comboboxes; only the one for pay chooses a list.
    assert_eq!(
        attrs(&calculator, "input[data-places]", "name"),
        ["place", "home_place"]
    );
    assert_eq!(
        attrs(&calculator, "[data-chooses]", "id"),
        ["place-hint", "field-place"]
    );
    // Every location is listed once, for where pay is set.
    let denver = |html: &scraper::Html| {
        location_ids(texts(html, "option"))
            .iter()
            .filter(|id| *id == "denver")
            .count()
    };
    assert_eq!(denver(&calculator), 1);

    let compare = get("/compare").await.html();
    for label in ["a", "b", "c"] {
        assert_eq!(
            attrs(&compare, &format!("#field-{label}-home_place"), "name"),
            [format!("{label}.home_place")]
        );
        assert!(attrs(&compare, &format!("[name=\"{label}.home\"]"), "name").is_empty());
    }
    assert_eq!(denver(&compare), 3);
    assert_eq!(attrs(&compare, "[data-chooses]", "id").len(), 6);
}

#[actix_web::test]
async fn a_zip_code_or_city_typed_for_where_you_live_is_found_as_the_place_is() {
    for (typed, id, note) in [
        (
            "80202",
            "denver",
            "80202 (Denver, CO) lies in Denver-Aurora-Centennial, CO.",
        ),
        (
            "Boise, ID",
            "boise-city-id",
            "Boise, ID lies in Boise City, ID.",
        ),
        (
            "59301",
            "montana",
            "59301 (Miles City, MT) lies outside BLS's metropolitan areas, so Montana's figures apply.",
        ),
    ] {
        let query = format!("{PAID_IN_SEATTLE}&{}", encoded(&[("home_place", typed)]));
        let api = get(&format!("/api/v1/estimate?{query}")).await;
        assert_eq!(api.status, StatusCode::OK, "{typed}");
        let api = api.json();
        assert_eq!(api["input"]["home"], id, "{typed}");
        // Pay stays where it is set.
        assert_eq!(api["input"]["location"], "seattle");

        let reply = get(&format!("/calculator?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{typed}");
        let page = reply.html();
        assert_eq!(attrs(&page, "#field-home_place", "value"), [typed]);
        assert_eq!(text(&page, "#home_place-hint"), note);
        let site = state().loaded().site.clone();
        let label = &site
            .model
            .factor(salary_guide::estimator::FactorKind::Location)
            .value(id)
            .unwrap()
            .label;
        let buying = text(&page, "#result .buying-power");
        assert!(buying.contains(&format!("({label})")), "{buying}");
        // The location list keeps where pay is set.
        assert_eq!(
            chosen_locations(&page, "#field-location option[selected]"),
            ["seattle"]
        );

        // The live update carries the home field's hint, and chooses no list.
        let fragment = get(&format!("/calculator/result?{query}")).await.html();
        assert_eq!(text(&fragment, "#home_place-hint"), note);
        assert_eq!(attrs(&fragment, "#home_place-hint", "data-chosen"), [""]);
        assert!(attrs(&fragment, "#home_place-hint", "data-chooses").is_empty());
    }
}

#[actix_web::test]
async fn a_typed_home_place_gives_the_same_take_home_and_buying_power_as_its_location_id() {
    let by_id = get(&format!("/api/v1/estimate?{PAID_IN_SEATTLE}&home=denver"))
        .await
        .json();
    let paid_only = get(&format!("/api/v1/estimate?{PAID_IN_SEATTLE}"))
        .await
        .json();
    // Living in Denver moves the taxes to Colorado's and the prices to Denver's.
    assert_eq!(by_id["take_home"]["state"], "CO");
    assert_eq!(paid_only["take_home"]["state"], "WA");
    assert_ne!(
        by_id["cost_of_living"]["adjusted_median"],
        paid_only["cost_of_living"]["adjusted_median"]
    );
    for typed in ["80202", "Denver%2C+CO", "denver-aurora-centennial%2C+co"] {
        let query = format!("{PAID_IN_SEATTLE}&home_place={typed}");
        let by_place = get(&format!("/api/v1/estimate?{query}")).await.json();
        assert_eq!(by_place, by_id, "{typed}");

        let page = get(&format!("/calculator?{query}")).await.html();
        let by_id_page = get(&format!("/calculator?{PAID_IN_SEATTLE}&home=denver"))
            .await
            .html();
        for stat in [
            "take-home-year",
            "offer-take-home-year",
            "adjusted-take-home",
            "adjusted-median",
            "four-year-take-home",
        ] {
            let selector = format!("#result [data-stat={stat}]");
            assert_eq!(
                text(&page, &selector),
                text(&by_id_page, &selector),
                "{stat}"
            );
        }
        assert_eq!(
            dollars(&text(&page, "#result [data-stat=take-home-year]")),
            by_id["take_home"]["median"]["year"].as_i64().unwrap()
        );
    }
    // POST takes it too, with the same answer.
    let posted = post_json(
        "/api/v1/estimate",
        r#"{"years": 6, "location": "seattle", "work_arrangement": "remote", "offer": 180000, "home_place": "80202"}"#,
    )
    .await;
    assert_eq!(posted.status, StatusCode::OK);
    assert_eq!(posted.json(), by_id);
}

#[actix_web::test]
async fn an_old_home_link_shows_its_location_s_label_which_finds_it_again() {
    for (id, label) in [
        ("denver", "Denver-Aurora-Centennial, CO"),
        ("new-york-state", "New York (whole state)"),
        ("us", "United States (national)"),
        (
            "southwest-co-nonmetro",
            "Southwest Colorado nonmetropolitan area",
        ),
    ] {
        let query = format!("{PAID_IN_SEATTLE}&home={id}");
        let reply = get(&format!("/calculator?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{id}");
        let page = reply.html();
        assert_eq!(attrs(&page, "#field-home_place", "value"), [label]);
        // Nothing was typed, so the hint says what the field is for.
        assert!(text(&page, "#home_place-hint").contains("remote work"));
        let before = get(&format!("/api/v1/estimate?{query}")).await.json();

        // Sent again without JavaScript, the label finds the same location.
        let again = submitted(&page, "form.calculator-form");
        assert!(
            again.contains(&("home_place".to_owned(), label.to_owned())),
            "{again:?}"
        );
        assert!(!again.iter().any(|(name, _)| name == "home"), "{again:?}");
        let again = encoded(&again);
        let resent = get(&format!("/calculator?{again}")).await;
        assert_eq!(resent.status, StatusCode::OK, "{again}");
        let resent = resent.html();
        assert_eq!(attrs(&resent, "#field-home_place", "value"), [label]);
        let after = get(&format!("/api/v1/estimate?{again}")).await.json();
        assert_eq!(lived_figures(&after), lived_figures(&before), "{id}");
        assert_eq!(
            text(&resent, "#result .buying-power"),
            text(&page, "#result .buying-power")
        );
    }
    // Empty, the field means where pay is set.
    let page = get(&format!("/calculator?{PAID_IN_SEATTLE}&home="))
        .await
        .html();
    assert_eq!(attrs(&page, "#field-home_place", "value"), [""]);
    assert!(text(&page, "#result .buying-power").contains("Seattle-Tacoma-Bellevue, WA"));
}

#[actix_web::test]
async fn a_typed_home_place_wins_over_an_old_home_id() {
    let both = get(&format!(
        "/api/v1/estimate?{PAID_IN_SEATTLE}&home=jackson&home_place=80202"
    ))
    .await
    .json();
    assert_eq!(both["input"]["home"], "denver");
    let page = get(&format!(
        "/calculator?{PAID_IN_SEATTLE}&home=jackson&home_place=80202"
    ))
    .await
    .html();
    assert_eq!(attrs(&page, "#field-home_place", "value"), ["80202"]);
    // An empty one leaves the id to say.
    let empty = get(&format!(
        "/api/v1/estimate?{PAID_IN_SEATTLE}&home=jackson&home_place="
    ))
    .await
    .json();
    assert_eq!(empty["input"]["home"], "jackson");
}

#[actix_web::test]
async fn an_unknown_or_ambiguous_home_place_is_named_beside_its_field() {
    let reply = get("/calculator?years=4&home_place=Atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    let message = text(&page, "#home_place-error");
    assert!(
        message.contains("We could not find “Atlantis”."),
        "{message}"
    );
    // There is no list to choose from beside this field.
    assert!(!message.contains("from the list"), "{message}");
    assert_eq!(attrs(&page, "#field-home_place", "value"), ["Atlantis"]);
    assert_eq!(attrs(&page, "#field-home_place", "aria-invalid"), ["true"]);
    assert_eq!(
        attrs(&page, "#field-home_place", "aria-describedby"),
        ["home_place-hint home_place-error"]
    );
    assert_eq!(
        attrs(&page, ".error-summary a", "href"),
        ["#field-home_place"]
    );
    // The place for pay is not blamed.
    assert!(texts(&page, "#place-error").is_empty());

    let reply = get("/calculator?years=4&home_place=Springfield").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = text(&reply.html(), "#home_place-error");
    assert!(
        message.contains("“Springfield” is in more than one area"),
        "{message}"
    );
    assert!(
        message.contains("Springfield, AR (outside its metros: Arkansas)"),
        "{message}"
    );

    for (typed, code) in [
        ("Atlantis", "unknown_place"),
        ("Springfield", "ambiguous_place"),
    ] {
        let api = get(&format!("/api/v1/estimate?years=4&home_place={typed}")).await;
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(api.content_type, "application/problem+json");
        let problem = api.json();
        assert_eq!(problem["errors"].as_array().unwrap().len(), 1, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "home_place");
        assert_eq!(problem["errors"][0]["code"], code);
        let posted = post_json(
            "/api/v1/estimate",
            &format!(r#"{{"years": 4, "home_place": "{typed}"}}"#),
        )
        .await;
        assert_eq!(posted.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(posted.json()["errors"], problem["errors"]);
    }
}

#[actix_web::test]
async fn an_unknown_home_id_from_an_old_link_is_shown_beside_the_home_field() {
    let reply = get("/calculator?years=4&home=atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#home_place-error").contains("“atlantis” is not a location we know"));
    assert_eq!(attrs(&page, "#field-home_place", "value"), ["atlantis"]);
    assert_eq!(attrs(&page, "#field-home_place", "aria-invalid"), ["true"]);
    // The summary links to a field that is on the page.
    assert_eq!(
        attrs(&page, ".error-summary a", "href"),
        ["#field-home_place"]
    );
    let api = get("/api/v1/estimate?years=4&home=atlantis").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["errors"][0]["field"], "home");

    let reply = get("/compare?a.years=4&b.years=4&b.home=atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#b-home_place-error").contains("“atlantis”"));
    assert_eq!(
        attrs(&page, ".error-summary a", "href"),
        ["#field-b-home_place"]
    );
}

#[actix_web::test]
async fn a_comparison_scenario_takes_where_its_person_lives_as_a_place() {
    let by_place = "a.years=6&a.location=seattle&b.years=6&b.location=seattle&b.work_arrangement=remote&b.home_place=80202";
    let by_id = "a.years=6&a.location=seattle&b.years=6&b.location=seattle&b.work_arrangement=remote&b.home=denver";
    let api = get(&format!("/api/v1/compare?{by_place}")).await;
    assert_eq!(api.status, StatusCode::OK);
    let api = api.json();
    assert_eq!(api, get(&format!("/api/v1/compare?{by_id}")).await.json());
    assert_eq!(api["scenarios"][1]["estimate"]["input"]["home"], "denver");

    let reply = get(&format!("/compare?{by_place}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.html();
    assert_eq!(attrs(&page, "#field-b-home_place", "value"), ["80202"]);
    assert_eq!(
        text(&page, "#b-home_place-hint"),
        "80202 (Denver, CO) lies in Denver-Aurora-Centennial, CO."
    );
    let living = texts(&page, "#comparison .compare-table tbody tr:nth-child(2) td");
    assert_eq!(
        living,
        [
            "Seattle-Tacoma-Bellevue, WA",
            "Denver-Aurora-Centennial, CO"
        ]
    );
    // The live update brings each scenario's home hint too.
    let fragment = get(&format!("/compare/result?{by_place}")).await.html();
    assert_eq!(
        text(&fragment, "#b-home_place-hint"),
        "80202 (Denver, CO) lies in Denver-Aurora-Centennial, CO."
    );

    // An old link shows the label, and the form sent again compares the same.
    let old = get(&format!("/compare?{by_id}")).await.html();
    assert_eq!(
        attrs(&old, "#field-b-home_place", "value"),
        ["Denver-Aurora-Centennial, CO"]
    );
    assert_eq!(attrs(&old, "#field-a-home_place", "value"), [""]);
    // The page sends a form's empty fields on to the same address without
    // them (a 303, tested with the comparison's addresses).
    let mut again = submitted(&old, "form.compare-form");
    again.retain(|(_, value)| !value.is_empty());
    assert!(
        again.contains(&(
            "b.home_place".to_owned(),
            "Denver-Aurora-Centennial, CO".to_owned()
        )),
        "{again:?}"
    );
    let resent = get(&format!("/compare?{}", encoded(&again))).await;
    assert_eq!(resent.status, StatusCode::OK);
    let resent = resent.html();
    assert_eq!(
        texts(&resent, "#comparison .compare-table tbody td"),
        texts(&old, "#comparison .compare-table tbody td")
    );

    let bad = get("/api/v1/compare?a.years=4&b.years=4&b.home_place=Atlantis").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["field"], "b.home_place");
    assert_eq!(bad.json()["errors"][0]["code"], "unknown_place");
    let page = get("/compare?a.years=4&b.years=4&b.home_place=Atlantis")
        .await
        .html();
    assert!(text(&page, "#b-home_place-error").contains("“Atlantis”"));
    assert_eq!(
        attrs(&page, ".error-summary a", "href"),
        ["#field-b-home_place"]
    );
}
