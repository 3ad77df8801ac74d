use actix_web::http::StatusCode;
use serde_json::json;

use crate::common::*;

const QUERY: &str = "years=7.5&location=austin&industry=finance&company_size=large&language=go&work_arrangement=remote&skills=kubernetes&skills=aws&certifications=ckad";

#[actix_web::test]
async fn page_get_and_post_give_the_same_numbers() {
    let from_get = get(&format!("/api/v1/estimate?{QUERY}")).await;
    assert_eq!(from_get.status, StatusCode::OK);
    assert!(from_get.content_type.starts_with("application/json"));
    let body = json!({
        "years": 7.5, "location": "austin", "industry": "finance", "company_size": "large",
        "language": "go", "work_arrangement": "remote", "skills": ["kubernetes", "aws"],
        "certifications": ["ckad"]
    });
    let from_post = post_json("/api/v1/estimate", &body.to_string()).await;
    assert_eq!(from_post.status, StatusCode::OK);
    assert_eq!(from_get.json(), from_post.json());

    let api = from_get.json();
    let page = get(&format!("/calculator?{QUERY}")).await.html();
    for stat in ["p10", "p25", "median", "p75", "p90"] {
        let shown = dollars(&texts(&page, &format!("#result [data-stat={stat}]"))[0]);
        assert_eq!(json!(shown), api["base"][stat], "{stat}");
    }
}

#[actix_web::test]
async fn the_estimate_has_the_documented_shape() {
    let value = get("/api/v1/estimate?years=4&location=seattle")
        .await
        .json();
    assert_eq!(value["currency"], "USD");
    assert_eq!(value["level"], "mid");
    assert!(value["data_version"].is_string());
    for stat in ["p10", "p25", "median", "p75", "p90"] {
        assert!(value["base"][stat].is_i64(), "{stat}");
    }
    let factors = value["factors"].as_array().unwrap();
    for factor in factors {
        for key in [
            "factor",
            "value",
            "label",
            "multiplier",
            "effect",
            "sources",
        ] {
            assert!(factor.get(key).is_some(), "factor lacks {key}: {factor}");
        }
    }
    assert_eq!(factors[1]["factor"], "location");
    assert_eq!(factors[1]["value"], "seattle");
    for source in value["sources"].as_array().unwrap() {
        for key in ["id", "title", "publisher", "year", "url"] {
            assert!(source.get(key).is_some(), "source lacks {key}: {source}");
        }
    }
}

#[actix_web::test]
async fn options_list_every_valid_id() {
    let value = get("/api/v1/options").await.json();
    for key in [
        "locations",
        "industries",
        "company_sizes",
        "languages",
        "skills",
        "certifications",
        "work_arrangements",
        "vesting_schedules",
    ] {
        let items = value[key].as_array().unwrap_or_else(|| panic!("{key}"));
        assert!(!items.is_empty(), "{key}");
        assert!(
            items
                .iter()
                .all(|i| i["id"].is_string() && i["label"].is_string())
        );
    }
    assert!(value["locations"].as_array().unwrap().len() >= 39);
    let schedules: Vec<&str> = value["vesting_schedules"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(schedules, ["even-4-year-cliff", "back-loaded-5-15-40-40"]);
}

#[actix_web::test]
async fn bad_values_are_422_problems_with_field_errors() {
    let reply = get("/api/v1/estimate?years=80&industry=alchemy").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.content_type.starts_with("application/problem+json"));
    let value = reply.json();
    assert_eq!(value["code"], "invalid_input");
    assert_eq!(value["status"], 422);
    assert!(value["detail"].is_string());
    let fields: Vec<_> = value["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("years", "years_out_of_range"),
            ("industry", "unknown_value")
        ]
    );

    let reply = post_json("/api/v1/estimate", r#"{"years": "lots"}"#).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "years_not_a_number");

    let reply = post_json("/api/v1/estimate", r#"{"location": "seattle"}"#).await;
    assert_eq!(reply.json()["errors"][0]["code"], "missing_years");
}

#[actix_web::test]
async fn malformed_json_is_a_400_problem() {
    for body in ["{\"years\": 4", "", "nonsense", "{\"years\": 1e999}"] {
        let reply = post_json("/api/v1/estimate", body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body:?}");
        assert!(reply.content_type.starts_with("application/problem+json"));
        assert_eq!(reply.json()["code"], "malformed_json");
    }
}

#[actix_web::test]
async fn well_formed_json_that_is_not_a_request_is_422() {
    for body in [
        r#"[4]"#,
        r#"{"years": 4, "yeers": 5}"#,
        r#"{"years": 4, "skills": "aws"}"#,
    ] {
        let reply = post_json("/api/v1/estimate", body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(reply.json()["code"], "invalid_body", "{body}");
    }
}

#[actix_web::test]
async fn other_content_types_and_huge_bodies_are_refused() {
    let reply = post_raw("/api/v1/estimate", "text/plain", b"{\"years\":4}".to_vec()).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.json()["code"], "unsupported_media_type");

    let huge = format!(
        "{{\"years\": 4, \"location\": \"{}\"}}",
        "x".repeat(1024 * 1024)
    );
    let reply = post_raw("/api/v1/estimate", "application/json", huge.into_bytes()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["code"], "payload_too_large");

    let reply = post_raw(
        "/api/v1/estimate",
        "application/json",
        vec![0xff, 0xfe, 0x7b],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn the_api_carries_the_explained_extras() {
    let value = get("/api/v1/estimate?years=4&location=seattle&employment=freelance&offer=100000&offer_bonus=5000").await.json();
    let what_if = value["what_if"].as_array().unwrap();
    assert!(what_if.len() >= 3);
    for idea in what_if {
        assert!(idea["change"].is_string() && idea["delta"].is_i64());
        assert!(idea["guide"].as_str().unwrap().starts_with("/guides/"));
    }
    assert!(value["total_comp"]["low"].is_i64() && value["total_comp"]["high"].is_i64());
    assert_eq!(value["hourly"]["basis"], "freelance");
    assert!(value["hourly"]["low"].as_i64().unwrap() >= 30);
    assert_eq!(value["offer"]["verdict"], "below");
    assert!(value["offer"]["percentile"].is_u64());
    assert!(value["offer"]["counter"].as_i64().unwrap() > 100_000);
    assert_eq!(value["projection"].as_array().unwrap().len(), 21);
    assert_eq!(value["cross_check"]["source"], "bls-oews-2025");
    assert_eq!(value["cross_check"]["period"], "May 2025");
    assert_eq!(value["cross_check"]["survey"]["median"], 175_000);
    assert_eq!(value["cross_check"]["survey"]["measures"], "total_pay");
    let steps = value["hourly"]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["step"], "salary");
    assert!(steps.iter().any(|s| s["step"] == "self_employment_tax"));
    assert!(["high", "medium", "low"].contains(&value["confidence"].as_str().unwrap()));

    let posted = post_json(
        "/api/v1/estimate",
        r#"{"years": 4, "location": "seattle", "employment": "freelance", "offer": 100000, "offer_bonus": "5000"}"#,
    )
    .await
    .json();
    assert_eq!(posted, value);
    assert!(get("/api/v1/estimate?years=4").await.json()["offer"].is_null());
}

#[actix_web::test]
async fn bad_offers_and_employment_are_field_errors() {
    let reply = get("/api/v1/estimate?years=4&offer=abc&employment=pirate").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let codes: Vec<_> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        codes.contains(&("offer".into(), "offer_not_a_number".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("employment".into(), "unknown_value".into())),
        "{codes:?}"
    );
}

#[actix_web::test]
async fn every_estimate_carries_buying_power_beside_unscaled_market_pay() {
    let value = get("/api/v1/estimate?years=4&location=san-francisco")
        .await
        .json();
    let living = &value["cost_of_living"];
    assert_eq!(living["price_level"], json!(115.613));
    assert_eq!(living["housing_level"], json!(194.718));
    assert_eq!(living["year"], json!(2024));
    assert_eq!(living["source"], "bea-rpp-metro-2024");
    let median = value["base"]["median"].as_i64().unwrap();
    let adjusted = living["adjusted_median"].as_i64().unwrap();
    assert_eq!(
        adjusted,
        ((median as f64 / 1.15613 / 100.0).round() * 100.0) as i64
    );
    // Market pay is the same whatever prices are: the median is the
    // experience start times the factors, and the steps add up to it.
    let steps: i64 = value["factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["effect"].as_i64().unwrap())
        .sum();
    assert_eq!(steps, median);
    assert!(
        value["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "bea-rpp-metro-2024")
    );
}

#[actix_web::test]
async fn a_zip_code_or_a_city_sets_the_location_by_get_and_post() {
    let by_zip = get("/api/v1/estimate?years=4&place=83702").await;
    assert_eq!(by_zip.status, StatusCode::OK);
    let by_zip = by_zip.json();
    assert_eq!(by_zip["input"]["location"], "boise-city-id");
    let by_id = get("/api/v1/estimate?years=4&location=boise-city-id")
        .await
        .json();
    assert_eq!(by_zip["base"], by_id["base"]);

    let posted = post_json(
        "/api/v1/estimate",
        r#"{"years": 4, "place": "Seattle, WA"}"#,
    )
    .await;
    assert_eq!(posted.json()["input"]["location"], "seattle");

    let unknown = get("/api/v1/estimate?years=4&place=Atlantis").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = unknown.json()["errors"].clone();
    assert_eq!(errors[0]["field"], "place");
    assert_eq!(errors[0]["code"], "unknown_place");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("“Atlantis”"),
        "{errors}"
    );

    let several = get("/api/v1/estimate?years=4&place=Springfield")
        .await
        .json();
    assert_eq!(several["errors"][0]["code"], "ambiguous_place");
}

#[actix_web::test]
async fn the_place_field_suggests_places_that_begin_as_typed_with_their_area() {
    let reply = get("/api/v1/places?q=boi").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type.starts_with("application/json"));
    // Small: a keystroke's answer is a few hundred bytes.
    assert!(reply.body.len() < 2048, "{}", reply.body);
    let places = reply.json()["places"].as_array().unwrap().clone();
    assert!(!places.is_empty() && places.len() <= 8, "{places:?}");
    assert_eq!(places[0]["value"], "Boise, ID");
    assert_eq!(places[0]["location"], "boise-city-id");
    assert_eq!(places[0]["description"], "in Boise City, ID");
    // What a suggestion puts in the field is what the estimate resolves.
    for place in &places {
        let value = place["value"].as_str().unwrap();
        let estimate = get(&format!(
            "/api/v1/estimate?years=4&place={}",
            value.replace(' ', "+").replace(',', "%2C")
        ))
        .await;
        if place["several"] == false {
            assert_eq!(
                estimate.json()["input"]["location"],
                place["location"],
                "{value}"
            );
        }
    }
    let zips = get("/api/v1/places?q=5971").await.json();
    let bozeman = zips["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["value"] == "59715")
        .cloned()
        .unwrap();
    assert_eq!(bozeman["location"], "bozeman-mt");
    assert_eq!(bozeman["place"], "59715 (Bozeman, MT)");
    let outside = get("/api/v1/places?q=59301").await.json();
    assert_eq!(outside["places"][0]["state_fallback"], true);
    assert_eq!(
        outside["places"][0]["description"],
        "outside BLS's metropolitan areas: Montana's figures"
    );
    // Too little, nothing, or far too much typed: no places, never an error.
    for query in ["", "q=", "q=b", "q=zzzz", &format!("q={}", "a".repeat(500))] {
        let reply = get(&format!("/api/v1/places?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}");
        assert_eq!(reply.json()["places"], serde_json::json!([]), "{query}");
    }
}
