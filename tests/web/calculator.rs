use actix_web::http::StatusCode;

use serde_json::json;

use crate::common::*;

#[actix_web::test]
async fn empty_calculator_shows_an_accessible_form_and_no_result() {
    let reply = get("/calculator").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_site_page(&reply);
    let html = reply.html();
    assert_eq!(attrs(&html, "form.calculator-form", "method"), ["get"]);
    // Every control has a label.
    for id in attrs(&html, "form input[type=text], form select", "id") {
        assert_eq!(
            html.select(&sel(&format!("label[for='{id}']"))).count(),
            1,
            "{id}"
        );
    }
    for id in attrs(
        &html,
        "form input[type=checkbox], form input[type=radio]",
        "id",
    ) {
        assert_eq!(
            html.select(&sel(&format!("label[for='{id}']"))).count(),
            1,
            "{id}"
        );
    }
    for name in ["location", "industry", "company_size", "language"] {
        assert!(
            html.select(&sel(&format!("select[name={name}] option")))
                .count()
                > 2
        );
    }
    assert!(
        html.select(&sel("input[type=checkbox][name=skills]"))
            .count()
            >= 5
    );
    assert!(
        html.select(&sel("input[type=checkbox][name=certifications]"))
            .count()
            >= 3
    );
    assert_eq!(
        html.select(&sel("input[type=radio][name=work_arrangement]"))
            .count(),
        3
    );
    assert_eq!(attrs(&html, "#result", "aria-live"), ["polite"]);
    assert_eq!(html.select(&sel("#result .median")).count(), 0);
    // Defaults are preselected, so a person only has to type years.
    assert_eq!(
        chosen_locations(&html, "select[name=location] option[selected]"),
        ["us"]
    );
    assert_eq!(
        attrs(&html, "input[name=work_arrangement][checked]", "value"),
        ["onsite"]
    );
}

#[actix_web::test]
async fn a_result_keeps_the_answers_and_explains_the_range() {
    let reply = get("/calculator?years=4&location=seattle&skills=kubernetes&skills=aws").await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.html();
    assert_eq!(attrs(&html, "input[name=years]", "value"), ["4"]);
    assert_eq!(
        chosen_locations(&html, "select[name=location] option[selected]"),
        ["seattle"]
    );
    assert_eq!(
        attrs(&html, "input[name=skills][checked]", "value"),
        ["kubernetes", "aws"]
    );
    let median = text(&html, "#result .median strong");
    assert!(median.starts_with('$') && median.contains(','), "{median}");
    let p25 = dollars(&text(&html, "#result [data-stat=p25]"));
    let p75 = dollars(&text(&html, "#result [data-stat=p75]"));
    assert!(p25 < dollars(&median) && dollars(&median) < p75);

    let factors = texts(&html, "#result table.breakdown tbody th");
    assert_eq!(
        factors,
        [
            "Experience",
            "Location",
            "Industry",
            "Company size",
            "Main language",
            "Work arrangement",
            "Skills",
            "Skills"
        ]
    );
    // The effects in the table add up to the median shown.
    let effects: i64 = texts(&html, "#result table.breakdown tbody td.num:nth-of-type(3)")
        .iter()
        .map(|t| {
            if t.starts_with('−') {
                -dollars(t)
            } else {
                dollars(t)
            }
        })
        .sum();
    assert_eq!(effects, dollars(&median));
    // Every source is linked.
    let links = attrs(&html, "#result table.breakdown tbody a", "href");
    assert!(links.iter().any(|h| h.starts_with("https://")), "{links:?}");
    assert!(!texts(&html, "#result .source-list li").is_empty());
}

#[actix_web::test]
async fn bad_values_show_the_form_again_with_a_message_beside_each_field() {
    let reply = get("/calculator?years=abc&location=atlantis&skills=aws&skills=telepathy").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_site_page(&reply);
    let html = reply.html();
    assert_eq!(attrs(&html, "input[name=years]", "value"), ["abc"]);
    assert_eq!(attrs(&html, "input[name=years]", "aria-invalid"), ["true"]);
    assert!(text(&html, "#years-error").contains("must be a number"));
    assert!(text(&html, "#location-error").contains("atlantis"));
    assert!(text(&html, "#skills-error").contains("telepathy"));
    // The messages are tied to their fields and summarised at the top.
    assert!(attrs(&html, "#field-years", "aria-describedby")[0].contains("years-error"));
    assert!(attrs(&html, "#field-location", "aria-describedby")[0].contains("location-error"));
    assert_eq!(
        attrs(&html, ".error-summary a", "href"),
        ["#field-years", "#field-location", "#field-skills"]
    );
    assert_eq!(html.select(&sel("#result .median")).count(), 0);
    // The valid choice is still ticked.
    assert_eq!(
        attrs(&html, "input[name=skills][checked]", "value"),
        ["aws"]
    );
}

#[actix_web::test]
async fn years_out_of_range_or_missing_are_explained() {
    for (query, message) in [
        ("years=51", "between 0 and 50"),
        ("years=-3", "between 0 and 50"),
        ("years=NaN", "must be a number"),
        ("years=&location=seattle", "Enter your years"),
    ] {
        let reply = get(&format!("/calculator?{query}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(
            text(&reply.html(), "#years-error").contains(message),
            "{query}"
        );
    }
}

#[actix_web::test]
async fn hostile_values_are_escaped_not_reflected() {
    let reply =
        get("/calculator?years=%3Cscript%3Ealert(1)%3C/script%3E&location=%3Cimg%20src=x%3E").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!reply.body.contains("<script>alert"));
    assert!(!reply.body.contains("<img src=x>"));
}

#[actix_web::test]
async fn the_result_explains_what_next_total_pay_projection_and_evidence() {
    let reply = get("/calculator?years=3&location=denver&company_size=startup").await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.html();
    let ideas = attrs(&html, "#result ol.what-if a", "href");
    assert!(ideas.len() >= 3, "{ideas:?}");
    assert!(
        ideas
            .iter()
            .all(|h| h.starts_with("/guides/") && h.contains('#'))
    );
    assert!(text(&html, "#result [data-stat=total]").contains('$'));
    // Startup equity is said to be non-cash.
    assert!(
        texts(&html, "#result .note")
            .iter()
            .any(|n| n.contains("not counted as cash"))
    );
    // The projection is an accessible SVG with a data table beside it.
    assert_eq!(attrs(&html, "#result svg.chart", "role"), ["img"]);
    assert_eq!(html.select(&sel("#result svg.chart circle.you")).count(), 1);
    assert_eq!(
        html.select(&sel("#result .projection-table tbody tr"))
            .count(),
        21
    );
    assert!(!text(&html, "#result .cross-check-note").is_empty());
    assert!(!text(&html, "#result [data-confidence]").is_empty());
}

#[actix_web::test]
async fn an_offer_gets_a_verdict_a_counter_and_a_script() {
    let reply =
        get("/calculator?years=4&location=seattle&offer=%24100%2C000&offer_bonus=10000").await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.html();
    assert_eq!(attrs(&html, "input[name=offer]", "value"), ["$100,000"]);
    assert_eq!(
        attrs(&html, "#result [data-verdict]", "data-verdict"),
        ["below"]
    );
    let counter = dollars(&text(&html, "#result [data-stat=counter]"));
    assert!(counter > 100_000);
    let script = texts(&html, "#result blockquote.script p").join(" ");
    assert!(
        script.contains(&salary_guide::money::usd(counter)),
        "{script}"
    );
}

#[actix_web::test]
async fn an_unknown_choice_is_named_with_the_right_article() {
    let reply =
        get("/calculator?years=3&industry=nope&location=atlantis&skills=cobol&certifications=mcse")
            .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for singular in [
        "“cobol” is not a skill we know",
        "“mcse” is not a certification we know",
    ] {
        assert!(reply.body.contains(singular), "{singular}: {}", reply.body);
    }
    assert!(
        reply.body.contains("is not an industry we know"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("is not a location we know"),
        "{}",
        reply.body
    );
}

#[actix_web::test]
async fn an_offers_percentile_reads_as_an_english_ordinal() {
    // Far below and far above the market: the 1st and the 99th percentile.
    for (offer, ordinal) in [("20000", "1st"), ("900000", "99th")] {
        let html = get(&format!(
            "/calculator?years=4&location=seattle&offer={offer}"
        ))
        .await
        .html();
        let sentence = texts(&html, "#result p").join(" ");
        assert!(
            sentence.contains(&format!("at about the {ordinal} percentile")),
            "{sentence}"
        );
    }
}

#[actix_web::test]
async fn a_bad_offer_is_explained_beside_its_field() {
    let reply = get("/calculator?years=4&offer=plenty&offer_equity=-4").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.html();
    assert!(text(&html, "#offer-error").contains("in dollars"));
    assert!(text(&html, "#offer_equity-error").contains("between"));
    assert_eq!(attrs(&html, "input[name=offer]", "aria-invalid"), ["true"]);
}

#[actix_web::test]
async fn freelance_shows_a_rate_to_bill() {
    let html = get("/calculator?years=6&employment=freelance").await.html();
    assert_eq!(
        attrs(&html, "input[name=employment][checked]", "value"),
        ["freelance"]
    );
    assert!(texts(&html, "#result .pay-facts dt").contains(&"Freelance rate".to_owned()));
}

#[actix_web::test]
async fn years_past_the_data_are_flagged_low_confidence() {
    let html = get("/calculator?years=45").await.html();
    assert_eq!(
        attrs(&html, "#result [data-confidence]", "data-confidence"),
        ["low"]
    );
    assert!(text(&html, "#result .confidence ul").contains("hold the curve flat"));
    assert_eq!(html.select(&sel("#result svg.chart circle.you")).count(), 0);
}

/// The guides a result points to next, as links.
fn read_next(html: &scraper::Html) -> Vec<String> {
    attrs(html, "#result ul.read-next a", "href")
}

#[actix_web::test]
async fn a_result_links_to_the_guide_that_answers_its_next_question() {
    for (query, expected) in [
        ("years=4", vec![]),
        (
            "years=6&employment=freelance",
            vec!["/guides/contract-work"],
        ),
        (
            "years=8&company_size=enterprise&offer=180000",
            vec!["/guides/big-tech-offers"],
        ),
        (
            "years=3&company_size=startup&offer=90000",
            vec!["/guides/startup-vs-enterprise-offers"],
        ),
        (
            "years=6&location=austin&offer=120000&employment=freelance",
            vec![
                "/guides/contract-work",
                "/guides/big-tech-offers",
                "/guides/pay-by-city",
            ],
        ),
    ] {
        let reply = get(&format!("/calculator?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}");
        let html = reply.html();
        assert_eq!(read_next(&html), expected, "{query}");
    }
}

#[actix_web::test]
async fn a_result_past_ten_years_links_to_beyond_senior_when_that_guide_exists() {
    let has_guide = state().site().guide("beyond-senior").is_some();
    let links = read_next(&get("/calculator?years=12").await.html());
    if has_guide {
        assert_eq!(links, ["/guides/beyond-senior"]);
    } else {
        assert!(links.is_empty(), "{links:?}");
    }
    assert!(read_next(&get("/calculator?years=10").await.html()).is_empty());
}

#[actix_web::test]
async fn the_result_says_what_the_median_buys_at_average_us_prices() {
    let query = "years=4&location=jackson";
    let api = get(&format!("/api/v1/estimate?{query}")).await.json();
    let page = get(&format!("/calculator?{query}")).await.html();
    let sentence = text(&page, "#result .buying-power");
    assert!(sentence.contains("Jackson, MS"), "{sentence}");
    assert!(
        sentence.contains("run at 89.0 and housing rents at 64.8"),
        "{sentence}"
    );
    let shown = dollars(&text(&page, "#result [data-stat=adjusted-median]"));
    assert_eq!(json!(shown), api["cost_of_living"]["adjusted_median"]);
    assert_eq!(
        attrs(&page, "#result .buying-power a", "href"),
        ["/sources#bea-rpp-metro-2024"]
    );
}

#[actix_web::test]
async fn pay_comes_from_the_location_and_buying_power_from_where_you_live() {
    let paid_in_seattle = "years=6&location=seattle&work_arrangement=remote";
    let lived_in_denver = format!("{paid_in_seattle}&home=denver");
    let without = get(&format!("/api/v1/estimate?{paid_in_seattle}"))
        .await
        .json();
    let with = get(&format!("/api/v1/estimate?{lived_in_denver}"))
        .await
        .json();
    assert_eq!(with["base"], without["base"]);
    assert_eq!(with["input"]["home"], "denver");
    assert_eq!(with["cost_of_living"]["price_level"], json!(105.782));
    assert_eq!(without["cost_of_living"]["price_level"], json!(111.133));
    // A remote job's pay kept while living where prices are lowest.
    let ideas = with["what_if"].as_array().unwrap();
    assert!(
        ideas.iter().any(|idea| idea["factor"] == "home"),
        "{ideas:?}"
    );

    let reply = get(&format!("/calculator?{lived_in_denver}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.html();
    assert_eq!(
        attrs(&page, "#field-home_place", "value"),
        ["Denver-Aurora-Centennial, CO"]
    );
    assert!(text(&page, "#result .buying-power").contains("Denver-Aurora-Centennial, CO"));
    assert!(
        texts(&page, "#result .what-if li")
            .iter()
            .any(|idea| idea.contains("Keep this remote job"))
    );

    // Untouched, the field means "where pay is set".
    let page = get(&format!("/calculator?{paid_in_seattle}&home="))
        .await
        .html();
    assert_eq!(attrs(&page, "#field-home_place", "value"), [""]);
    assert!(text(&page, "#result .buying-power").contains("Seattle-Tacoma-Bellevue, WA"));
}

#[actix_web::test]
async fn an_unknown_place_to_live_is_marked_beside_its_field() {
    let reply = get("/calculator?years=4&home=atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#home_place-error").contains("“atlantis” is not a location we know"));
    assert_eq!(attrs(&page, "#field-home_place", "aria-invalid"), ["true"]);
    assert_eq!(attrs(&page, "#field-years", "value"), ["4"]);

    let api = get("/api/v1/estimate?years=4&home=atlantis").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["errors"][0]["field"], "home");
}

#[actix_web::test]
async fn an_offer_shows_four_years_of_cash_with_what_is_guaranteed_and_what_is_at_risk() {
    let query = "years=5&company_size=enterprise&offer=160000&offer_bonus=16000&offer_signing=25000&offer_grant=240000&offer_vesting=back-loaded-5-15-40-40";
    let api = get(&format!("/api/v1/estimate?{query}")).await.json();
    let offer = &api["offer"];
    assert_eq!(offer["years"].as_array().unwrap().len(), 4);
    assert_eq!(offer["years"][0]["signing"], 25_000);
    assert_eq!(offer["years"][0]["equity"], 12_000);
    assert_eq!(offer["years"][3]["equity"], 96_000);
    assert_eq!(offer["four_year_total"], 4 * 176_000 + 25_000 + 240_000);
    assert_eq!(offer["guaranteed"], 4 * 160_000 + 25_000);
    assert_eq!(offer["at_risk"], 4 * 16_000 + 240_000);

    let page = get(&format!("/calculator?{query}")).await.html();
    assert_eq!(texts(&page, "#result .offer-years tbody tr").len(), 4);
    assert_eq!(
        json!(dollars(&text(&page, "#result [data-stat=four-year-total]"))),
        offer["four_year_total"]
    );
    assert_eq!(
        json!(dollars(&text(&page, "#result [data-stat=guaranteed]"))),
        offer["guaranteed"]
    );
    assert_eq!(
        attrs(&page, "#field-offer_vesting option[selected]", "value"),
        ["back-loaded-5-15-40-40"]
    );
    assert_eq!(attrs(&page, "#field-offer_grant", "value"), ["240000"]);
}

#[actix_web::test]
async fn a_grant_given_twice_or_an_unknown_schedule_is_marked_beside_its_field() {
    let reply =
        get("/calculator?years=5&offer=150000&offer_equity=10000&offer_grant=40000&offer_vesting=monthly-forever")
            .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#offer_grant-error").contains("not both"));
    assert!(
        text(&page, "#offer_vesting-error").contains("“monthly-forever” is not a vesting schedule")
    );
    assert_eq!(attrs(&page, "#field-offer_equity", "value"), ["10000"]);

    let api = get("/api/v1/estimate?years=5&offer_signing=5000").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["errors"][0]["field"], "offer");
}

#[actix_web::test]
async fn the_live_update_gets_the_pages_own_result_section_and_title() {
    for query in [
        "years=4",
        "years=4&location=seattle&skills=aws&offer=120000&offer_bonus=5000",
        "years=45&employment=freelance&company_size=enterprise",
        "years=6&location=austin&offer=120000&employment=freelance",
        "years=4&place=83702&location=denver",
    ] {
        let page = get(&format!("/calculator?{query}")).await;
        let fragment = get(&format!("/calculator/result?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(fragment.status, StatusCode::OK, "{query}");
        assert!(fragment.content_type.starts_with("text/html"), "{query}");
        assert_fragment_of_page(
            &page.body,
            &fragment.body,
            "calculator-form",
            "result",
            false,
        );
    }
}

#[actix_web::test]
async fn the_live_update_of_bad_answers_is_a_422_with_the_pages_own_form_and_messages() {
    for query in [
        "years=abc&offer=x&offer_equity=-5",
        "years=abc&location=nowhere&offer_bonus=5000",
        "location=denver",
    ] {
        let page = get(&format!("/calculator?{query}")).await;
        let fragment = get(&format!("/calculator/result?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(fragment.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_fragment_of_page(
            &page.body,
            &fragment.body,
            "calculator-form",
            "result",
            true,
        );
        let html = fragment.html();
        assert!(!texts(&html, ".error-summary a").is_empty(), "{query}");
        assert!(!texts(&html, ".field-error").is_empty(), "{query}");
    }
}

#[actix_web::test]
async fn a_zip_code_or_city_typed_without_javascript_chooses_the_location() {
    for (place, location, note) in [
        (
            "98101",
            "seattle",
            "98101 (Seattle, WA) lies in Seattle-Tacoma-Bellevue, WA.",
        ),
        (
            "83702",
            "boise-city-id",
            "83702 (Boise, ID) lies in Boise City, ID.",
        ),
        (
            "59715",
            "bozeman-mt",
            "59715 (Bozeman, MT) lies in Bozeman, MT.",
        ),
        (
            "59301",
            "montana",
            "59301 (Miles City, MT) lies outside BLS's metropolitan areas, so Montana's figures apply.",
        ),
    ] {
        let reply = get(&format!("/calculator?years=4&place={place}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{place}");
        let html = reply.html();
        assert_eq!(attrs(&html, "input[name=place]", "value"), [place]);
        assert_eq!(
            chosen_locations(&html, "select[name=location] option[selected]"),
            [location]
        );
        assert_eq!(text(&html, "#place-hint"), note);
    }
    // An old link keeps its place.
    let old = get("/calculator?years=4&location=seattle").await.html();
    assert!(text(&old, ".result-context").ends_with("Seattle-Tacoma-Bellevue, WA"));
}

#[actix_web::test]
async fn a_live_result_for_a_typed_place_carries_its_note_and_the_location_it_chose() {
    // The place wins over the list, as without JavaScript: Boise, not Denver.
    for (query, note, chosen) in [
        (
            "years=4&place=83702&location=denver",
            "83702 (Boise, ID) lies in Boise City, ID.",
            "boise-city-id",
        ),
        (
            "years=4&location=denver",
            "Such as 83702 or Boise, ID: it chooses the location below.",
            "",
        ),
        // With messages the form comes whole, its hint saying the same.
        (
            "years=abc&place=83702",
            "83702 (Boise, ID) lies in Boise City, ID.",
            "boise-city-id",
        ),
    ] {
        let page = get(&format!("/calculator?{query}")).await.html();
        let fragment = get(&format!("/calculator/result?{query}")).await.html();
        for html in [&page, &fragment] {
            assert_eq!(text(html, "#place-hint"), note, "{query}");
            assert_eq!(
                location_ids(attrs(html, "#place-hint", "data-chosen")),
                [chosen],
                "{query}"
            );
            assert_eq!(
                attrs(html, "#place-hint", "data-chooses"),
                ["field-location"],
                "{query}"
            );
        }
        // The list the hint names is the location list, showing that choice.
        assert_eq!(attrs(&page, "#field-location", "name"), ["location"]);
        if !chosen.is_empty() {
            assert_eq!(
                chosen_locations(&page, "#field-location option[selected]"),
                [chosen],
                "{query}"
            );
        }
        assert_eq!(
            attrs(&page, "#field-place", "data-chooses"),
            ["field-location"]
        );
    }
}

#[actix_web::test]
async fn an_unknown_or_ambiguous_place_is_named_beside_the_field() {
    let reply = get("/calculator?years=4&place=Atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.html();
    assert_eq!(attrs(&html, "input[name=place]", "value"), ["Atlantis"]);
    assert!(text(&html, "#place-error").contains("We could not find “Atlantis”."));

    let reply = get("/calculator?years=4&place=Springfield").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = text(&reply.html(), "#place-error");
    assert!(
        message.contains("Springfield, AR (outside its metros: Arkansas)"),
        "{message}"
    );
}

#[actix_web::test]
async fn an_old_link_with_a_grant_says_it_was_read_as_public_stock_and_offers_the_other_reading() {
    let page = get("/calculator?years=6&location=seattle&offer=190000&offer_grant=200000")
        .await
        .html();
    let reading = text(&page, "#result .equity-reading");
    assert!(
        reading.contains("Read as public company stock"),
        "{reading}"
    );
    let private = attrs(&page, "#result .equity-reading a", "href").remove(0);
    assert!(private.contains("offer_equity_kind=private"), "{private}");
    assert_eq!(
        dollars(&text(&page, "#result [data-stat=four-year-total]")),
        4 * 190_000 + 200_000
    );
    let page = get(private.split('#').next().unwrap()).await.html();
    assert!(text(&page, "#result .equity-reading").contains("not counted"));
    assert_eq!(
        dollars(&text(&page, "#result [data-stat=four-year-total]")),
        4 * 190_000
    );
    assert_eq!(
        dollars(&text(&page, "#result [data-stat=private-equity]")),
        200_000
    );
}

#[actix_web::test]
async fn the_location_list_is_grouped_by_state_after_the_nation() {
    let html = get("/calculator").await.html();
    let labels = attrs(&html, "select[name=location] optgroup", "label");
    assert!(labels.len() > 50, "{labels:?}");
    assert!(labels.contains(&"Idaho".to_owned()));
    let idaho = chosen_locations(&html, "select[name=location] optgroup[label=Idaho] option");
    assert_eq!(idaho.first().map(String::as_str), Some("idaho"));
    assert!(idaho.contains(&"boise-city-id".to_owned()));
    assert_eq!(
        chosen_locations(&html, "select[name=location] > option"),
        ["us"]
    );
}

#[actix_web::test]
async fn every_row_of_the_offer_table_adds_up_to_its_total() {
    let page = get("/calculator?years=5&offer=160000&offer_bonus=16000&offer_signing=25000&offer_grant=240000&offer_equity_kind=private&offer_vesting=back-loaded-5-15-40-40")
        .await
        .html();
    let rows = sel("#result .offer-years :is(tbody, tfoot) tr");
    let cell = sel("td");
    for row in page.select(&rows) {
        let cells: Vec<i64> = row
            .select(&cell)
            .map(|td| dollars(&td.text().collect::<String>()))
            .collect();
        // base, bonus, public stock, signing, total, then private equity.
        assert_eq!(cells.len(), 6, "{cells:?}");
        assert_eq!(
            cells[0] + cells[1] + cells[2] + cells[3],
            cells[4],
            "{cells:?}"
        );
    }
    let guaranteed = dollars(&text(&page, "#result [data-stat=guaranteed]"));
    let at_risk = dollars(&text(&page, "#result [data-stat=at-risk]"));
    let total = dollars(&text(&page, "#result [data-stat=four-year-total]"));
    assert_eq!(guaranteed + at_risk, total);
}

#[actix_web::test]
async fn an_offer_at_the_top_of_the_market_gets_no_base_counter_and_no_range_against_it() {
    let page = get("/calculator?years=6&location=austin&offer=165000&offer_signing=20000")
        .await
        .html();
    assert!(texts(&page, "#result [data-stat=counter]").is_empty());
    assert_eq!(
        attrs(&page, "#result .advice", "data-position"),
        ["top_of_market"]
    );
    let script = texts(&page, "#result blockquote.script p").join(" ");
    assert!(!script.contains('$'), "{script}");
    assert_eq!(
        attrs(&page, "#result .asks li", "data-ask"),
        ["signing", "equity", "level", "start_date"]
    );
    assert_eq!(
        texts(&page, "#result .advice-positions tr.current").len(),
        1
    );
    let api = get("/api/v1/estimate?years=6&location=austin&offer=165000&offer_signing=20000")
        .await
        .json();
    assert_eq!(api["offer"]["counter"], serde_json::Value::Null);
    assert_eq!(api["offer"]["position"], "top_of_market");
    let options = get("/api/v1/options").await.json();
    assert_eq!(
        options["equity_kinds"],
        json!([
            {"id": "public", "label": "Public company stock (RSUs)"},
            {"id": "private", "label": "Private company equity (options or shares)"},
            {"id": "none", "label": "No equity"}
        ])
    );
}

#[actix_web::test]
async fn equity_said_to_be_none_is_refused_beside_its_field() {
    let reply =
        get("/calculator?years=6&offer=150000&offer_grant=80000&offer_equity_kind=none").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = reply.html();
    assert!(text(&page, "#offer_equity_kind-error").contains("No equity"));
}

#[actix_web::test]
async fn the_cross_check_shows_bls_own_figures_for_the_place_or_says_whose_stand_in() {
    for (place, name, figures_of) in [
        ("83702", "Boise City, ID", "area"),
        ("59715", "Bozeman, MT", "area"),
        ("98101", "Seattle-Tacoma-Bellevue, WA", "area"),
        // Outside every Alaskan metro: Alaska, which has no median, so the nation's.
        ("99546", "the United States", "national"),
    ] {
        let query = format!("years=4&place={place}");
        let api = get(&format!("/api/v1/estimate?{query}")).await.json();
        let area = &api["cross_check"]["area"];
        assert_eq!(area["name"], name, "{place}");
        assert_eq!(area["figures_of"], figures_of, "{place}");
        let html = get(&format!("/calculator?{query}")).await.html();
        assert_eq!(
            text(&html, "#area-check-caption"),
            format!("Software developers in {name}, all levels (May 2025)")
        );
        let row: Vec<i64> = texts(&html, "#result .area-check tbody tr:nth-child(2) td")
            .iter()
            .map(|cell| dollars(cell))
            .collect();
        let published: Vec<i64> = ["p10", "p25", "median", "p75", "p90"]
            .iter()
            .map(|p| area[p].as_i64().unwrap())
            .collect();
        assert_eq!(row, published, "{place}");
        let note = text(&html, "#result .area-check-note");
        assert!(note.contains(area["note"].as_str().unwrap()), "{note}");
        assert!(note.contains("relative standard error"), "{note}");
        if figures_of == "national" {
            assert!(
                note.starts_with("BLS released no median for software developers in Alaska"),
                "{note}"
            );
        }
    }
    // Boise's figures are BLS's row for CBSA 14260, as the data file holds it.
    let boise = get("/calculator?years=4&place=83702").await.html();
    let row = texts(&boise, "#result .area-check tbody tr:nth-child(2) td");
    assert_eq!(
        row,
        ["$75,680", "$99,990", "$131,590", "$161,350", "$172,170"]
    );
    assert!(text(&boise, "#result .area-check-note").contains("3,240 jobs"));
}

/// A failed submit lands on `#result` (the form's action), and a page opened
/// at an anchor skips the error summary's autofocus: without JavaScript the
/// problems must also be where the person lands, each linking to its field.
#[actix_web::test]
async fn a_failed_submit_shows_its_problems_where_the_result_would_be() {
    for (uri, section) in [
        ("/calculator?years=abc&filing=married", "#result"),
        (
            "/compare?a.years=abc&b.years=4&b.location=nowhere",
            "#comparison",
        ),
    ] {
        let page = get(uri).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        let html = page.html();
        let summary = attrs(&html, ".error-summary a", "href");
        let in_result = attrs(&html, &format!("{section} .result-errors a"), "href");
        assert!(in_result.len() >= 2, "{uri}: {in_result:?}");
        assert_eq!(
            in_result, summary,
            "{uri}: the same problems, the same fields"
        );
        for href in &in_result {
            let id = href.trim_start_matches('#');
            assert!(
                !attrs(&html, &format!("[id='{id}']"), "id").is_empty(),
                "{uri}: {href} leads to a field"
            );
        }
    }
    let fine = get("/calculator?years=4").await.html();
    assert!(attrs(&fine, ".result-errors a", "href").is_empty());
}

#[actix_web::test]
async fn a_form_with_errors_marks_each_bad_list_and_keeps_the_good_choices() {
    // The lists are written once per content version; a page only marks
    // its choices in them, so a bad value must leave its list unmarked and
    // its field in error, and the other lists keep what was sent.
    let reply = get(
        "/calculator?years=5&industry=nope&company_size=large&offer_vesting=zzz&home_state=md\
         &home_city=nowhere&certifications=ckad&certifications=ckad&work_arrangement=remote\
         &employment=freelance&offer_equity_kind=private",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = reply.html();
    for field in ["industry", "offer_vesting", "home_city"] {
        assert_eq!(
            attrs(&html, &format!("#field-{field}"), "aria-invalid"),
            ["true"],
            "{field}"
        );
        assert!(
            !text(&html, &format!("#{field}-error")).is_empty(),
            "{field}"
        );
        assert!(
            attrs(
                &html,
                &format!("select[name={field}] option[selected]"),
                "value"
            )
            .iter()
            .all(String::is_empty),
            "{field}"
        );
    }
    let chosen = |selector: &str| attrs(&html, selector, "value");
    assert_eq!(
        chosen("select[name=company_size] option[selected]"),
        ["large"]
    );
    // State codes are matched in any case.
    assert_eq!(chosen("select[name=home_state] option[selected]"), ["MD"]);
    assert_eq!(chosen("input[name=certifications][checked]"), ["ckad"]);
    assert_eq!(chosen("input[name=work_arrangement][checked]"), ["remote"]);
    assert_eq!(chosen("input[name=employment][checked]"), ["freelance"]);
    assert_eq!(
        chosen("select[name=offer_equity_kind] option[selected]"),
        ["private"]
    );
    assert_eq!(chosen("select[name=filing] option[selected]"), ["single"]);
    // Every list is whole: one option or input per id, none lost to a mark.
    for name in ["industry", "offer_vesting", "home_city", "home_state"] {
        let values = attrs(&html, &format!("select[name={name}] option"), "value");
        let mut unique = values.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), values.len(), "{name}");
        assert!(values.len() >= 2, "{name}");
    }
}

/// The location lists' options carry no value (563 ids were a fifth of a
/// page), so a browser sends the chosen option's text: the server reads it
/// as that location, the same as its id, and the form shows it chosen.
#[actix_web::test]
async fn a_location_sent_as_its_label_is_the_same_as_its_id() {
    let by_id = get("/calculator?years=4&location=boise-city-id")
        .await
        .html();
    let by_label = get("/calculator?years=4&location=Boise+City%2C+ID")
        .await
        .html();
    for html in [&by_id, &by_label] {
        assert_eq!(
            chosen_locations(html, "select[name=location] option[selected]"),
            ["boise-city-id"]
        );
    }
    assert_eq!(
        text(&by_label, "[data-stat=median]"),
        text(&by_id, "[data-stat=median]")
    );
    // A state's option is its bare name, the state's own figures.
    let state = get("/calculator?years=4&location=Idaho").await.html();
    assert_eq!(
        chosen_locations(&state, "select[name=location] option[selected]"),
        ["idaho"]
    );
    // Not a location's id or label: the usual message beside the list.
    let reply = get("/calculator?years=4&location=Atlantis").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!texts(&reply.html(), "#location-error").is_empty());
}

/// The summary lists problems in the form's order, place fields included:
/// years, where pay is set, where the person lives, then the offer.
#[actix_web::test]
async fn the_summary_follows_the_form_s_order_with_the_place_fields() {
    let reply = get("/calculator?years=sixty&place=Atlantis&home_place=Atlantis&offer=lots").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        attrs(&reply.html(), ".error-summary a", "href"),
        [
            "#field-years",
            "#field-place",
            "#field-home_place",
            "#field-offer"
        ]
    );
}
