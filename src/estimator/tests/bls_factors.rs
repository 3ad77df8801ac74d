//! Location and industry factors built from BLS's files: every area with a
//! median is a location at its median over the nation's, industries likewise.

use crate::estimator::bundled;
use crate::estimator::{Evidence, FactorKind};

#[test]
fn every_area_with_a_median_is_a_location_at_its_median_over_the_nations() {
    let model = bundled::model();
    let bls = &model.bls;
    let locations = model.factor(FactorKind::Location);
    let published = bls
        .areas
        .iter()
        .filter(|a| a.state != "PR")
        .filter(|a| {
            bls.wages(&a.id, crate::estimator::bls::SOFTWARE_DEVELOPERS)
                .and_then(|w| w.median())
                .is_some()
        })
        .count();
    let own: Vec<_> = locations
        .values
        .iter()
        .filter(|v| v.evidence == Evidence::Strong)
        .collect();
    assert_eq!(own.len(), published);
    assert!(published > 500, "{published}");
    let seattle = locations.value("seattle").unwrap();
    assert_eq!(seattle.label, "Seattle-Tacoma-Bellevue, WA");
    assert_eq!(seattle.multiplier, 1.23);
    assert_eq!(
        seattle.basis,
        "BLS's median for software developers in Seattle-Tacoma-Bellevue, WA (92,770 jobs), \
         $167,280, over the national median, $135,980, both May 2025: 1.230."
    );
    assert_eq!(seattle.sources, ["bls-oews-2025"]);
    assert_eq!(locations.value("san-jose").unwrap().multiplier, 1.567);
    assert_eq!(locations.value("us").unwrap().multiplier, 1.0);
}

#[test]
fn an_area_without_a_median_uses_its_states_and_says_so() {
    let model = bundled::model();
    let locations = model.factor(FactorKind::Location);
    let elmira = locations.value("elmira-ny").unwrap();
    let new_york = locations.value("new-york-state").unwrap();
    assert_eq!(elmira.multiplier, new_york.multiplier);
    assert_eq!(elmira.evidence, Evidence::Moderate);
    assert!(
        elmira.basis.starts_with(
            "BLS did not release a median for software developers in Elmira, NY for May 2025, \
             so New York's stands in:"
        ),
        "{}",
        elmira.basis
    );
    // Alaska's own median was not released either: the nation's stands in.
    let alaska = locations.value("alaska").unwrap();
    assert_eq!(alaska.multiplier, 1.0);
    assert_eq!(alaska.evidence, Evidence::Weak);
    assert!(
        alaska.basis.contains("the national median"),
        "{}",
        alaska.basis
    );
}

#[test]
fn every_location_id_from_before_lands_on_the_same_place() {
    let model = bundled::model();
    let locations = model.factor(FactorKind::Location);
    for (id, label) in [
        ("san-jose", "San Jose-Sunnyvale-Santa Clara, CA"),
        ("seattle", "Seattle-Tacoma-Bellevue, WA"),
        ("new-york", "New York-Newark-Jersey City, NY-NJ"),
        (
            "washington-dc",
            "Washington-Arlington-Alexandria, DC-VA-MD-WV",
        ),
        ("jackson", "Jackson, MS"),
    ] {
        assert_eq!(
            locations.value(id).map(|v| v.label.as_str()),
            Some(label),
            "{id}"
        );
    }
    for id in [
        "us",
        "san-francisco",
        "los-angeles",
        "san-diego",
        "boston",
        "portland",
        "baltimore",
        "denver",
        "austin",
        "miami",
        "raleigh",
        "dallas",
        "phoenix",
        "charlotte",
        "philadelphia",
        "atlanta",
        "chicago",
        "salt-lake-city",
        "houston",
        "minneapolis",
        "tampa",
        "nashville",
        "columbus",
        "detroit",
        "pittsburgh",
        "st-louis",
        "kansas-city",
        "tulsa",
        "birmingham",
        "indianapolis",
        "louisville",
        "cleveland",
        "oklahoma-city",
        "little-rock",
    ] {
        assert!(locations.value(id).is_some(), "{id}");
    }
}

#[test]
fn industries_are_bls_medians_by_naics_group() {
    let model = bundled::model();
    let industries = model.factor(FactorKind::Industry);
    let portals = industries.value("internet-services").unwrap();
    assert_eq!(portals.multiplier, 1.57);
    assert!(portals.basis.contains("(NAICS 519)"), "{}", portals.basis);
    assert_eq!(industries.value("software").unwrap().multiplier, 1.21);
    assert_eq!(industries.value("government").unwrap().multiplier, 0.793);
    assert_eq!(industries.value("any").unwrap().multiplier, 1.0);
}
