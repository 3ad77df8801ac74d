use std::collections::BTreeMap;

use actix_web::http::StatusCode;

use crate::common::*;

#[actix_web::test]
async fn every_guide_suggests_related_guides_that_resolve() {
    let site = state().site();
    for guide in &site.guides {
        let path = format!("/guides/{}", guide.slug);
        let html = get(&path).await.html();
        assert_eq!(text(&html, ".related-guides h2"), "Related guides");
        let links = attrs(&html, ".related-guides a", "href");
        assert!(
            (2..=3).contains(&links.len()),
            "{path}: {} related guides",
            links.len()
        );
        assert!(!links.contains(&path), "{path} suggests itself");
        let mut unique = links.clone();
        unique.dedup();
        assert_eq!(unique.len(), links.len(), "{path}: {links:?}");
        for link in &links {
            let reply = get(link).await;
            assert_eq!(reply.status, StatusCode::OK, "{path} suggests {link}");
            let slug = link.trim_start_matches("/guides/");
            assert_eq!(
                texts(&html, &format!(".related-guides a[href='{link}']")),
                [site.guide(slug).unwrap().meta.title.clone()]
            );
        }
        // Hand-picked guides come first, in the author's order.
        let picked: Vec<String> = guide
            .meta
            .related
            .iter()
            .map(|s| format!("/guides/{s}"))
            .collect();
        assert_eq!(links[..picked.len()], picked[..], "{path}");
    }
}

#[actix_web::test]
async fn guides_without_hand_picked_ones_suggest_guides_that_share_sources() {
    let site = state().site();
    let unpicked: Vec<_> = site
        .guides
        .iter()
        .filter(|g| g.meta.related.is_empty())
        .collect();
    assert!(
        !unpicked.is_empty(),
        "some guide should rely on the fallback"
    );
    for guide in unpicked {
        for other in site.related(guide) {
            let shares_source = other
                .meta
                .sources
                .iter()
                .any(|s| guide.meta.sources.contains(s));
            assert!(
                shares_source || other.section() == guide.section(),
                "{} suggests {} with nothing in common",
                guide.slug,
                other.slug
            );
        }
    }
}

#[actix_web::test]
async fn the_guide_index_groups_every_guide_under_its_section() {
    let reply = get("/guides/").await;
    assert_site_page(&reply);
    let html = reply.html();
    let site = state().site();
    let headings = texts(&html, ".guide-section > h2");
    assert!(headings.len() >= 3, "{headings:?}");
    let mut listed = BTreeMap::new();
    for section in html.select(&sel(".guide-section")) {
        let heading = section
            .select(&sel("h2"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        for link in section.select(&sel(".guide-list a")) {
            let slug = link
                .value()
                .attr("href")
                .unwrap()
                .trim_start_matches("/guides/");
            assert!(
                listed.insert(slug.to_owned(), heading.clone()).is_none(),
                "{slug} listed twice"
            );
        }
    }
    assert_eq!(listed.len(), site.guides.len());
    for guide in &site.guides {
        assert_eq!(listed[&guide.slug], guide.section(), "{}", guide.slug);
    }
    // The jump links lead to the section headings.
    for href in attrs(&html, ".section-links a", "href") {
        let id = href.trim_start_matches('#');
        assert_eq!(
            html.select(&sel(&format!(".guide-section h2[id='{id}']")))
                .count(),
            1
        );
    }
    // Each guide names its section, linking back to it.
    let guide = &site.guides[0];
    let page = get(&format!("/guides/{}", guide.slug)).await.html();
    assert_eq!(
        attrs(&page, ".eyebrow a", "href"),
        [
            "/guides/".to_owned(),
            format!("/guides/#{}", guide.section_id())
        ]
    );
}

#[actix_web::test]
async fn the_sources_page_shows_the_dated_changelog() {
    let html = get("/sources").await.html();
    let site = state().site();
    let entries = texts(&html, "#changelog ~ .changelog > li > h3");
    assert_eq!(entries.len(), site.model.changelog.len());
    for (shown, entry) in entries.iter().zip(&site.model.changelog) {
        assert!(shown.contains(&entry.version), "{shown}");
        assert!(
            shown.contains(&salary_guide::dates::long(entry.date)),
            "{shown}"
        );
    }
    let changes = texts(&html, ".changelog > li:first-child li");
    assert_eq!(changes, site.model.changelog[0].changes);
    assert_eq!(
        attrs(&html, ".changelog > li:first-child time", "datetime"),
        [site.model.changelog[0].date.to_string()]
    );
}

/// Issue 22, point 4: the two articles the site grew from are named with
/// their publishers and addresses, and no source tells readers it is unknown.
#[actix_web::test]
async fn the_sources_page_names_the_two_articles_with_publisher_and_address() {
    let html = get("/sources").await.html();
    for (id, publisher, url) in [
        (
            "article-2026",
            "BitcoinForWiFi",
            "https://www.bitcoinforwifi.com/programming/backend-developer-salary-ranges-based-on-experience",
        ),
        (
            "article-2025",
            "Arunangshu Das's blog",
            "https://blog.arunangshudas.com/the-backend-developer-salary",
        ),
    ] {
        let entry = text(&html, &format!("#{id}"));
        assert!(entry.contains(publisher), "{entry}");
        assert_eq!(attrs(&html, &format!("#{id} > a"), "href"), [url]);
    }
    let page = texts(&html, ".source-list > li").join("\n").to_lowercase();
    assert!(!page.contains("unknown"), "{page}");
}

/// Issue 20: `/sources` states the location method once (it was repeated for
/// each of 563 locations) and traces every location to its multiplier and
/// to its area page, which shows the figures behind it.
#[actix_web::test]
async fn the_sources_page_says_the_location_method_once_and_links_every_location() {
    use salary_guide::estimator::{Evidence, FactorKind};
    let html = get("/sources").await.html();
    let site = state().site();
    let model = &site.model;
    let method = text(&html, "#factor-location + p");
    let national = salary_guide::money::usd(model.bls.national_median());
    assert!(
        method.contains(&format!("over the national median, {national}")),
        "{method}"
    );
    let page = html.root_element().text().collect::<String>();
    let locations = &model.factor(FactorKind::Location).values;
    for value in locations {
        assert!(!page.contains(&value.basis), "{}", value.basis);
    }
    let links = attrs(&html, ".location-multipliers a", "href");
    assert_eq!(links.len(), locations.len() - 1, "all but the nation");
    for value in locations {
        let shown = if value.id == model.bls.national().id {
            let first = text(&html, ".location-multipliers > li:first-child");
            assert!(first.starts_with(&value.label), "{first}");
            first[value.label.len()..].to_owned()
        } else {
            let link = html
                .select(&sel(&format!(
                    ".location-multipliers a[href='/pay/{}']",
                    value.id
                )))
                .collect::<Vec<_>>();
            assert_eq!(link.len(), 1, "{}", value.id);
            assert_eq!(link[0].text().collect::<String>(), value.label);
            let after = link[0].next_sibling().unwrap();
            let em = after.next_sibling().and_then(scraper::ElementRef::wrap);
            format!(
                "{}{}",
                after.value().as_text().unwrap().trim_end(),
                em.filter(|e| e.value().name() == "em")
                    .map(|e| format!(" {}", e.text().collect::<String>()))
                    .unwrap_or_default()
            )
        };
        let evidence = match value.evidence {
            Evidence::Strong => String::new(),
            Evidence::Moderate => " moderate".to_owned(),
            Evidence::Weak => " weak".to_owned(),
        };
        assert_eq!(
            shown.trim_end(),
            format!(" {}{evidence}", value.multiplier),
            "{}",
            value.id
        );
    }
    // Every page that a location links to is there (the last state's last area).
    let last = links.last().unwrap();
    assert_eq!(get(last).await.status, StatusCode::OK, "{last}");
}
