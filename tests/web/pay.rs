//! `/pay/` and `/pay/{area}`: a page for every BLS area, from BLS's rows and
//! the estimator.

use actix_web::http::StatusCode;
use salary_guide::estimator::bls::{AreaKind, SOFTWARE_DEVELOPERS};
use salary_guide::estimator::{self, Choices, EstimateInput};
use salary_guide::money::usd;

use crate::common::*;

#[actix_web::test]
async fn every_area_page_answers_with_its_own_title_and_description() {
    let site = state().site();
    let bls = &site.model.bls;
    let mut descriptions = std::collections::HashSet::new();
    let mut pages = 0;
    for area in bls.areas.iter().filter(|a| a.kind != AreaKind::National) {
        let reply = get(&format!("/pay/{}", area.id)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", area.id);
        assert_site_page(&reply);
        let html = reply.html();
        assert_eq!(
            text(&html, "h1"),
            format!("Software developer pay in {}", area.name)
        );
        assert!(
            text(&html, "head > title")
                .starts_with(&format!("Software developer pay in {}", area.name)),
            "{}",
            area.id
        );
        let description = attrs(&html, "meta[name=description]", "content");
        assert_eq!(description.len(), 1, "{}", area.id);
        assert!(
            descriptions.insert(description[0].clone()),
            "{} repeats another page's description",
            area.id
        );
        pages += 1;
    }
    // BLS publishes some 580 areas; every one but the nation has a page.
    assert!(pages > 500, "{pages} area pages");
}

#[actix_web::test]
async fn the_index_lists_every_area_under_its_state() {
    let reply = get("/pay/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_site_page(&reply);
    let html = reply.html();
    let links = attrs(&html, "main a", "href");
    let site = state().site();
    let bls = &site.model.bls;
    for area in bls.areas.iter().filter(|a| a.kind != AreaKind::National) {
        let href = format!("/pay/{}", area.id);
        assert!(links.contains(&href), "the index lacks {href}");
    }
    // Boise City sits under Idaho's heading.
    let idaho = texts(&html, "section[aria-labelledby=state-idaho] a");
    assert!(idaho.iter().any(|t| t == "Boise City, ID"), "{idaho:?}");
    assert_eq!(get("/pay").await.status, StatusCode::PERMANENT_REDIRECT);
}

#[actix_web::test]
async fn an_unknown_area_gets_the_branded_404() {
    for uri in ["/pay/atlantis-xx", "/pay/us", "/pay/boise-city-id/more"] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_site_page(&reply);
        assert_eq!(text(&reply.html(), "h1"), "Page not found");
    }
}

#[actix_web::test]
async fn an_area_page_shows_blss_row_and_the_estimators_figures() {
    let site = state().site();
    let model = &site.model;
    let bls = &model.bls;
    let area = bls
        .areas
        .iter()
        .find(|a| a.name == "Boise City, ID")
        .expect("BLS publishes Boise City");
    let reply = get(&format!("/pay/{}", area.id)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.html();

    // BLS's row for software developers, percentile by percentile.
    let row = bls.wages(&area.id, SOFTWARE_DEVELOPERS).expect("a row");
    let cells = texts(&html, "#bls-heading + .table-wrap tbody tr:first-child td");
    let shown: Vec<i64> = cells[..5].iter().map(|c| dollars(c)).collect();
    let published: Vec<i64> = row.percentiles().expect("all five").to_vec();
    assert_eq!(shown, published);
    assert!(text(&html, ".lede").contains(&usd(row.median().expect("a median"))));

    // The calculator's median for each level, as the estimator gives it.
    let medians = texts(&html, "#levels-heading + .table-wrap tbody td:nth-child(4)");
    assert_eq!(medians.len(), model.levels.len());
    for (level, shown) in model.levels.iter().zip(&medians) {
        let input = EstimateInput {
            years: level.typical_years,
            choices: Choices {
                location: Some(area.id.clone()),
                ..Choices::default()
            },
            ..EstimateInput::default()
        };
        let estimate = estimator::estimate(model, &input).expect("an estimate");
        assert_eq!(dollars(shown), estimate.base.median, "{}", level.id);
    }

    // Links into the calculator and a comparison with the nation.
    let links = attrs(&html, "main a", "href");
    assert!(
        links
            .iter()
            .any(|h| h.starts_with("/calculator?") && h.contains(&format!("location={}", area.id)))
    );
    assert!(
        links
            .iter()
            .any(|h| h.starts_with("/compare?") && h.contains(&format!("b.location={}", area.id)))
    );
    for href in links
        .iter()
        .filter(|h| h.starts_with("/calculator?") || h.starts_with("/compare?"))
    {
        assert_eq!(get(href).await.status, StatusCode::OK, "{href}");
    }
    // Comparable areas include another in Idaho.
    let nearby = attrs(&html, "#nearby-heading ~ ul a", "href");
    assert!(nearby.iter().any(|h| h == "/pay/idaho"), "{nearby:?}");
}

#[actix_web::test]
async fn an_area_without_a_median_says_whose_figures_stand_in() {
    let site = state().site();
    let bls = &site.model.bls;
    let Some(area) = bls.areas.iter().find(|a| {
        a.kind != AreaKind::National
            && bls
                .wages(&a.id, SOFTWARE_DEVELOPERS)
                .is_some_and(|w| w.median().is_none())
    }) else {
        panic!("the release has areas without a median");
    };
    let reply = get(&format!("/pay/{}", area.id)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let lede = text(&reply.html(), ".lede");
    assert!(lede.contains("released no median"), "{lede}");
    let state = bls.state(&area.state).expect("its state");
    assert!(lede.contains(&state.name), "{lede}");
}

#[actix_web::test]
async fn buying_power_names_whose_prices_it_uses_only_where_they_are_not_the_areas_own() {
    let site = state().site();
    let buying_power = |html: &scraper::Html| text(html, "#buying-heading + p");
    // Boise has BEA's own metro row: no stand-in, its own price level.
    let boise = buying_power(&get("/pay/boise-city-id").await.html());
    let parity = site.model.cost_of_living.of("boise-city-id").expect("row");
    assert!(
        boise.contains(&format!("stand at {:.1} ", parity.all_items)),
        "{boise}"
    );
    assert!(!boise.contains("no figure for this area"), "{boise}");
    assert!(!boise.contains("Idaho"), "{boise}");
    // A BLS nonmetropolitan area uses its state's nonmetropolitan part.
    let rural = buying_power(&get("/pay/southeast-central-id-nonmetro").await.html());
    assert!(
        rural.contains("the nonmetropolitan part of Idaho as a whole"),
        "{rural}"
    );
    // BEA lists no nonmetropolitan part of Delaware: the state's stands in, named.
    let sussex = buying_power(&get("/pay/sussex-de-nonmetro").await.html());
    assert!(
        sussex.contains("no figure for this area itself, so these are Delaware's"),
        "{sussex}"
    );
}
