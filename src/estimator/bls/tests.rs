//! The bundled BLS files parse, hold what the site relies on, and every check
//! refuses what it should.

use super::*;

const RELEASE: &str = include_str!("../../../content/data/oews/release.toml");
const AREAS: &str = include_str!("../../../content/data/oews/areas.tsv");
const WAGES: &str = include_str!("../../../content/data/oews/wages.tsv");
const INDUSTRIES: &str = include_str!("../../../content/data/oews/industries.tsv");
const ZIPS: &str = include_str!("../../../content/data/oews/zips.tsv");

fn texts() -> BlsTexts<'static> {
    BlsTexts {
        release: RELEASE,
        areas: AREAS,
        wages: WAGES,
        industries: INDUSTRIES,
        zips: ZIPS,
    }
}

fn bundled() -> Bls {
    Bls::parse(texts()).expect("the bundled BLS files are valid")
}

fn refused(texts: BlsTexts<'static>) -> Vec<BlsError> {
    Bls::parse(texts).expect_err("the edit must be refused")
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[test]
fn the_bundled_files_hold_the_may_2025_release_as_bls_published_it() {
    let bls = bundled();
    assert_eq!(bls.release.release, "May 2025");
    let national = bls.wages("us", SOFTWARE_DEVELOPERS).unwrap();
    assert_eq!(
        national.percentiles(),
        Some([82_460, 105_210, 135_980, 171_980, 214_670])
    );
    assert_eq!(national.employment.whole(), Some(1_687_890));
    let seattle = bls.wages("seattle", SOFTWARE_DEVELOPERS).unwrap();
    assert_eq!(seattle.median(), Some(167_280));
    assert_eq!(
        bls.area("seattle").unwrap().name,
        "Seattle-Tacoma-Bellevue, WA"
    );
    assert_eq!(bls.area("boise-city-id").unwrap().kind, AreaKind::Metro);
    assert_eq!(
        bls.industry("513200").unwrap().wages.median(),
        Some(164_550)
    );
}

#[test]
fn a_missing_median_carries_bls_footnote_saying_it_was_not_released() {
    let bls = bundled();
    let alaska = bls.wages("alaska", SOFTWARE_DEVELOPERS).unwrap();
    assert_eq!(alaska.median(), None);
    assert_eq!(
        bls.footnote(alaska.median_footnote().unwrap()),
        Some("Estimate not released.")
    );
}

#[test]
fn states_list_their_metro_and_nonmetro_areas_metros_first() {
    let bls = bundled();
    let idaho: Vec<&str> = bls.areas_in("ID").iter().map(|a| a.id.as_str()).collect();
    assert_eq!(idaho.first(), Some(&"boise-city-id"));
    assert!(bls.states().iter().any(|s| s.name == "Idaho"));
    assert!(bls.occupations_in("boise-city-id").len() > 3);
}

#[test]
fn a_zip_code_in_one_metro_finds_it() {
    let bls = bundled();
    match bls.find_place("98101") {
        PlaceMatch::One(c) => {
            assert_eq!(c.area.id, "seattle");
            assert_eq!(c.place, "98101 (Seattle, WA)");
            assert!(!c.state_fallback);
        }
        other => panic!("{other:?}"),
    }
    match bls.find_place("83702") {
        PlaceMatch::One(c) => assert_eq!(c.area.id, "boise-city-id"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_sliver_of_a_zip_outside_its_metro_offers_no_choice() {
    // 59715 Bozeman: 99.6% of its homes are in the Bozeman metro.
    match bundled().find_place("59715") {
        PlaceMatch::One(c) => assert_eq!(c.area.id, "bozeman-mt"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_zip_outside_every_metro_uses_its_state_and_says_so() {
    let bls = bundled();
    let outside = ZIPS
        .lines()
        .find(|l| l.ends_with("\t-") && l.contains("\tMT\t"))
        .unwrap();
    match bls.find_place(&outside[..5]) {
        PlaceMatch::One(c) => {
            assert_eq!(c.area.id, "montana");
            assert!(c.state_fallback);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_zip_split_between_metros_offers_each_part() {
    let bls = bundled();
    let split = ZIPS
        .lines()
        .find(|l| {
            let areas = l.rsplit('\t').next().unwrap();
            areas.matches('=').count() == 2
                && areas
                    .split(',')
                    .all(|p| p.split_once('=').unwrap().1.parse::<f64>().unwrap() >= 0.2)
        })
        .unwrap();
    match bls.find_place(&split[..5]) {
        PlaceMatch::Several(choices) => assert_eq!(choices.len(), 2),
        other => panic!("{split}: {other:?}"),
    }
}

#[test]
fn a_city_name_finds_its_metro_with_or_without_a_state() {
    let bls = bundled();
    for query in ["Boise", "boise, id", "Boise ID", "Boise, Idaho"] {
        match bls.find_place(query) {
            PlaceMatch::One(c) => {
                assert_eq!(c.area.id, "boise-city-id", "{query}");
                assert_eq!(c.place, "Boise, ID");
            }
            other => panic!("{query}: {other:?}"),
        }
    }
    match bls.find_place("St. Louis, MO") {
        PlaceMatch::One(c) => assert_eq!(c.area.id, "st-louis"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_city_name_in_several_states_offers_a_choice() {
    match bundled().find_place("Springfield") {
        PlaceMatch::Several(choices) => {
            assert!(choices.len() >= 3);
            assert!(choices.iter().any(|c| c.place == "Springfield, IL"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_place_is_unknown() {
    let bls = bundled();
    assert_eq!(bls.find_place("00000"), PlaceMatch::Unknown);
    assert_eq!(bls.find_place("Atlantis"), PlaceMatch::Unknown);
    assert_eq!(bls.find_place("Boise, XX"), PlaceMatch::Unknown);
    assert_eq!(bls.find_place(""), PlaceMatch::Unknown);
}

#[test]
fn percentiles_out_of_order_are_refused_with_file_and_line() {
    let errors = refused(BlsTexts {
        wages: leak(WAGES.replacen("\t82460\t105210\t", "\t105210\t82460\t", 1)),
        ..texts()
    });
    assert!(
        errors.iter().any(|e| e.file == "wages.tsv"
            && e.line == Some(4)
            && e.problem == "percentiles must rise from P10 to P90"),
        "{errors:?}"
    );
}

#[test]
fn a_missing_median_without_a_footnote_is_refused() {
    let errors = refused(BlsTexts {
        wages: leak(WAGES.replacen("\t135980\t", "\t-\t", 1)),
        ..texts()
    });
    assert!(
        errors
            .iter()
            .any(|e| e.problem == "median is missing and no footnote says why"),
        "{errors:?}"
    );
}

#[test]
fn a_duplicate_area_id_is_refused() {
    let errors = refused(BlsTexts {
        areas: leak(AREAS.replacen("abilene-tx\t", "seattle\t", 1)),
        ..texts()
    });
    assert!(
        errors
            .iter()
            .any(|e| e.file == "areas.tsv" && e.problem == "duplicate id \"seattle\""),
        "{errors:?}"
    );
}

#[test]
fn a_moved_column_is_refused_rather_than_read_as_the_wrong_figure() {
    let errors = refused(BlsTexts {
        wages: leak(WAGES.replacen("p10\tp25", "p25\tp10", 1)),
        ..texts()
    });
    assert!(
        errors[0].problem.starts_with("the header must be"),
        "{errors:?}"
    );
}

mod factors {
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
                bls.wages(&a.id, super::SOFTWARE_DEVELOPERS)
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
}
