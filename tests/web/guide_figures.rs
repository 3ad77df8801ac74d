//! Issue 22, point 3: no contradictions between a guide and the calculator.
//! Every live figure a guide states about a profile is read from the rendered
//! page and held against what the JSON API gives for the same profile.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::*;

/// Every whole number anywhere in an estimate, the values a figure may show.
fn numbers(value: &Value, found: &mut BTreeSet<i64>) {
    match value {
        Value::Number(n) => {
            if let Some(n) = n.as_i64() {
                found.insert(n);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| numbers(v, found)),
        Value::Object(map) => map.values().for_each(|v| numbers(v, found)),
        _ => {}
    }
}

/// The amounts in a figure's text: "$95,000–$120,000" → [95000, 120000],
/// "2,080 hours" → [2080].
fn amounts(text: &str) -> Vec<i64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ','))
        .map(|part| part.replace(',', ""))
        .filter_map(|digits| digits.parse().ok())
        .collect()
}

#[actix_web::test]
async fn every_figure_a_guide_states_about_a_profile_is_what_the_calculator_gives() {
    let mut checked = 0;
    for guide in &state().site().guides {
        let path = format!("/guides/{}", guide.slug);
        let html = get(&path).await.html();
        for link in html.select(&sel("a.live-figure")) {
            let href = link.value().attr("href").unwrap();
            let shown: String = link.text().collect();
            let query = href
                .strip_prefix("/calculator?")
                .unwrap_or_else(|| panic!("{path}: a live figure links to {href}"));
            let reply = get(&format!("/api/v1/estimate?{query}")).await;
            assert_eq!(reply.status, 200, "{path}: {href}: {}", reply.body);
            let mut given = BTreeSet::new();
            numbers(&reply.json(), &mut given);
            let stated = amounts(&shown);
            assert!(!stated.is_empty(), "{path}: `{shown}` states no amount");
            for amount in stated {
                assert!(
                    given.contains(&amount),
                    "{path}: `{shown}` for {query} is not a figure the calculator gives"
                );
            }
            checked += 1;
        }
    }
    // The guides quote about ninety profile figures; far fewer means the
    // selector no longer finds them.
    assert!(checked > 80, "only {checked} live figures checked");
}

#[test]
fn amounts_are_read_from_single_figures_and_ranges() {
    assert_eq!(amounts("$95,000–$120,000"), [95_000, 120_000]);
    assert_eq!(amounts("$82–$106 an hour"), [82, 106]);
    assert_eq!(amounts("2,080 hours"), [2080]);
    assert_eq!(amounts("about a fifth"), Vec::<i64>::new());
}
