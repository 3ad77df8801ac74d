//! The bundled BLS files parse, hold what the site relies on, and every check
//! refuses what it should.

use std::sync::Arc;

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
    }
}

fn bundled() -> Bls {
    Bls::parse(texts(), reader(ZIPS)).expect("the bundled BLS files are valid")
}

/// Opens a text as `zips.tsv`, as the loader opens the file.
fn reader(zips: &'static str) -> ZipsReader {
    Arc::new(move || Ok(Box::new(zips.as_bytes())))
}

fn refused(texts: BlsTexts<'static>) -> Vec<BlsError> {
    Bls::parse(texts, reader(ZIPS)).expect_err("the edit must be refused")
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
fn every_state_is_found_by_its_code_and_nothing_else_is() {
    let bls = bundled();
    let states: Vec<&Area> = bls
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::State)
        .collect();
    assert!(states.len() >= 51, "{}", states.len());
    for state in states {
        assert_eq!(bls.state(&state.state).map(|s| &s.id), Some(&state.id));
    }
    assert_eq!(bls.state("ID").map(|s| s.name.as_str()), Some("Idaho"));
    for unknown in ["", "I", "ZZ", "id", "IDA"] {
        assert!(bls.state(unknown).is_none(), "{unknown}");
    }
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
fn a_beginning_suggests_whole_names_then_the_biggest_places() {
    let bls = bundled();
    let boi: Vec<String> = bls
        .suggest_places("boi", 8)
        .into_iter()
        .map(|s| s.value)
        .collect();
    // Boise has 22 ZIP codes in the crosswalk; the other BOI… places one each.
    assert_eq!(boi[0], "Boise, ID");
    let boise_zips = ZIPS.lines().filter(|l| l.contains("\tID\tBOISE\t")).count();
    assert!(boise_zips > 1, "{boise_zips}");
    assert!(boi.contains(&"Boise City, OK".to_owned()), "{boi:?}");
    let first = &bls.suggest_places("Boi", 1)[0];
    assert_eq!(first.area.id, "boise-city-id");
    assert!(!first.several && !first.state_fallback);
    // A whole name comes first however small; a state narrows it.
    let springfield = bls.suggest_places("springfield, i", 8);
    assert!(!springfield.is_empty());
    assert!(
        springfield
            .iter()
            .all(|s| s.value.starts_with("Springfield, I"))
    );
    assert_eq!(
        bls.suggest_places("Springfield, Illinois", 8)[0].value,
        "Springfield, IL"
    );
    // ZIP codes from three digits, in order, each with its area.
    let zips = bls.suggest_places("837", 8);
    assert_eq!(zips.len(), 8);
    assert!(zips.windows(2).all(|w| w[0].value < w[1].value));
    assert!(zips.iter().all(|s| s.value.starts_with("837")));
    let bozeman = &bls.suggest_places("59715", 8)[0];
    assert_eq!(
        (bozeman.place.as_str(), bozeman.area.id.as_str()),
        ("59715 (Bozeman, MT)", "bozeman-mt")
    );
    let outside = &bls.suggest_places("59301", 8)[0];
    assert!(outside.state_fallback);
    assert_eq!(outside.area.id, "montana");
}

#[test]
fn too_little_or_nothing_known_suggests_nothing() {
    let bls = bundled();
    for typed in [
        "", " ", "b", "12", "000", "123456", "zzzz", "Boise, Q", "💥💥",
    ] {
        assert!(bls.suggest_places(typed, 8).is_empty(), "{typed:?}");
    }
    assert_eq!(bls.suggest_places("sa", 100).len(), MAX_SUGGESTIONS);
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

#[test]
fn a_cell_keeps_every_published_figure_exactly_in_four_bytes() {
    assert_eq!(std::mem::size_of::<Cell>(), 4);
    for text in ["0", "7.6", "0.1", "39.1", "131590", "239200", "1654440"] {
        let value: f64 = text.parse().unwrap();
        let cell = Cell::new(Some(value), None).unwrap();
        assert_eq!(cell.value(), Some(value), "{text}");
        assert_eq!(cell.footnote(), None);
    }
    let missing = Cell::new(None, Some(8)).unwrap();
    assert_eq!((missing.value(), missing.footnote()), (None, Some(8)));
    assert_eq!(Cell::new(Some(7.65), None), None);
    assert_eq!(Cell::new(Some(-1.0), None), None);
    assert_eq!(Cell::new(None, Some(0)), None);
    assert_eq!(Cell::new(None, Some(16)), None);
    assert_eq!(Cell::new(Some(26_843_545.5), None), None);
    let largest = Cell::new(Some(26_843_545.4), Some(Cell::MAX_FOOTNOTE)).unwrap();
    assert_eq!(
        (largest.value(), largest.footnote()),
        (Some(26_843_545.4), Some(15))
    );
    // Every figure of the bundled files, read back as written.
    let bls = bundled();
    for line in WAGES.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(area) = bls.areas.iter().find(|a| a.code == fields[0]) else {
            panic!("{line}");
        };
        let soc = format!("{}-{}", &fields[1][..2], &fields[1][2..]);
        let wages = bls.wages(&area.id, &soc).unwrap();
        let cells = [
            wages.employment,
            wages.employment_rse,
            wages.mean,
            wages.wage_rse,
        ]
        .into_iter()
        .chain(wages.percentiles);
        for (cell, text) in cells.zip(&fields[2..]) {
            let (value, footnote) = match text.split_once('#') {
                Some((value, code)) => (value, code.parse::<u8>().ok()),
                None => (*text, None),
            };
            assert_eq!(cell.value(), value.parse::<f64>().ok(), "{line}");
            assert_eq!(cell.footnote(), footnote, "{line}");
        }
    }
}

#[test]
fn the_zip_index_is_built_once_on_the_first_place_lookup() {
    let reads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = reads.clone();
    let reader: ZipsReader = Arc::new(move || {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Box::new(ZIPS.as_bytes()))
    });
    let bls = Bls::parse(texts(), reader).unwrap();
    // Read once to check it, but not indexed.
    assert!(!bls.places_built());
    assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(matches!(bls.find_place("98101"), PlaceMatch::One(_)));
    assert!(bls.places_built());
    assert!(!bls.suggest_places("boi", 8).is_empty());
    assert!(matches!(bls.find_place("Boise"), PlaceMatch::One(_)));
    assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// The index built on first use answers for every row of the file: its
/// city, and its area (its state's outside every metro; the largest part's
/// among the choices when it is split).
#[test]
fn the_zip_index_finds_every_zip_of_the_file_with_its_city_and_area() {
    let bls = bundled();
    let by_code: HashMap<&str, &Area> = bls.areas.iter().map(|a| (a.code.as_str(), a)).collect();
    let mut rows = 0;
    for line in ZIPS.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let [zip, state, city, areas] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("{line}");
        };
        rows += 1;
        let largest = areas
            .split(',')
            .map(|part| match part.split_once('=') {
                Some((code, share)) => (share.parse::<f64>().unwrap(), code),
                None => (1.0, part),
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap()
            .1;
        let candidates = match bls.find_place(zip) {
            PlaceMatch::One(candidate) => vec![candidate],
            PlaceMatch::Several(candidates) => candidates,
            PlaceMatch::Unknown => Vec::new(),
        };
        // A territory BLS has no state row for has no figures outside its metros.
        match largest {
            "-" => match bls.state(state) {
                Some(area) => assert!(
                    candidates
                        .iter()
                        .any(|c| c.area == area && c.state_fallback),
                    "{line}: {candidates:?}"
                ),
                None => assert!(candidates.iter().all(|c| !c.state_fallback), "{line}"),
            },
            code => assert!(
                candidates.iter().any(|c| c.area == by_code[code]),
                "{line}: {candidates:?}"
            ),
        }
        let place = format!("{zip} ({}, {state})", places::title_case(city));
        assert!(candidates.iter().all(|c| c.place == place), "{line}");
    }
    assert_eq!(bls.places().zip_count(), rows);
}

#[test]
fn a_zip_file_that_cannot_be_read_again_finds_no_place_and_does_not_panic() {
    let first = std::sync::atomic::AtomicBool::new(true);
    let reader: ZipsReader = Arc::new(move || {
        if first.swap(false, std::sync::atomic::Ordering::SeqCst) {
            Ok(Box::new(ZIPS.as_bytes()))
        } else {
            Err("gone".to_owned())
        }
    });
    let bls = Bls::parse(texts(), reader).unwrap();
    assert_eq!(bls.find_place("98101"), PlaceMatch::Unknown);
    assert_eq!(bls.find_place("Boise"), PlaceMatch::Unknown);
    assert!(bls.suggest_places("837", 8).is_empty());
    assert_eq!(bls.places().zip_count(), 0);
}

#[test]
fn start_up_refuses_a_bad_zip_file_with_its_line_without_building_the_index() {
    let first = ZIPS.lines().position(|l| l.starts_with("00501\t")).unwrap() + 1;
    for (edited, line, problem) in [
        (
            ZIPS.replacen("00501\tNY\t", "0501\tNY\t", 1),
            first,
            "ZIP \"0501\" must be five digits",
        ),
        (
            ZIPS.replacen("00501\tNY\tHOLTSVILLE\t", "99999\tNY\tHOLTSVILLE\t", 1),
            first + 1,
            "is out of order or repeated",
        ),
        (
            ZIPS.replacen("00501\tNY\tHOLTSVILLE\t", "00501\tNY\tHoltsville\t", 1),
            first,
            "must be capital letters and spaces",
        ),
        (
            ZIPS.replacen(
                "00501\tNY\tHOLTSVILLE\t0035620",
                "00501\tNY\tHOLTSVILLE\t0099999",
                1,
            ),
            first,
            "area \"0099999\" is not in areas.tsv",
        ),
        (
            ZIPS.replacen(
                "00501\tNY\tHOLTSVILLE\t0035620",
                "00501\tNY\tHOLTSVILLE\t0035620=0.5,-=0.4",
                1,
            ),
            first,
            "must add up to 1",
        ),
    ] {
        let errors = Bls::parse(texts(), reader(leak(edited))).expect_err("refused");
        assert!(
            errors.iter().any(|e| e.file == "zips.tsv"
                && e.line == Some(line)
                && e.problem.contains(problem)),
            "{problem}: {errors:?}"
        );
    }
}

#[test]
fn every_area_is_found_by_its_id_and_nothing_else_is() {
    let bls = bundled();
    for area in &bls.areas {
        assert_eq!(bls.area(&area.id), Some(area));
        assert!(
            bls.wages(&area.id, SOFTWARE_DEVELOPERS).is_some(),
            "{}",
            area.id
        );
    }
    for id in ["", "Seattle", "seattle ", "0042660", "zzz"] {
        assert_eq!(bls.area(id), None, "{id:?}");
        assert!(bls.wages(id, SOFTWARE_DEVELOPERS).is_none());
    }
}

#[test]
fn a_zip_file_that_cannot_be_opened_at_start_up_is_refused_with_its_name() {
    let errors =
        Bls::parse(texts(), Arc::new(|| Err("no such file".to_owned()))).expect_err("refused");
    assert_eq!(errors, [BlsError::new("zips.tsv", None, "no such file")]);
}
