//! A typed ZIP code or city sets the location to its BLS area, the same for
//! the form, the API and the command line (they all validate a ProfileQuery).

use crate::estimator::bundled;
use crate::estimator::{EstimateError, InputError, ProfileQuery};

fn query(pairs: &[(&str, &str)]) -> ProfileQuery {
    ProfileQuery::from_pairs(pairs.iter().copied())
}

fn place_error(pairs: &[(&str, &str)]) -> InputError {
    let model = bundled::model();
    let EstimateError { errors } = query(pairs).validate(&model).unwrap_err();
    let error = errors
        .iter()
        .find(|e| e.field == "place")
        .expect("a place error");
    error.error.clone()
}

#[test]
fn a_zip_code_sets_the_location_to_its_metro() {
    let model = bundled::model();
    for (place, location) in [
        ("98101", "seattle"),
        ("83702", "boise-city-id"),
        ("59715", "bozeman-mt"),
    ] {
        let input = query(&[("years", "4"), ("place", place)])
            .validate(&model)
            .unwrap();
        assert_eq!(input.choices.location.as_deref(), Some(location), "{place}");
    }
}

#[test]
fn a_typed_place_wins_over_the_list_and_says_where_it_lies() {
    let model = bundled::model();
    let q = query(&[("years", "4"), ("location", "us"), ("place", "Boise, ID")]);
    assert_eq!(
        q.validate(&model).unwrap().choices.location.as_deref(),
        Some("boise-city-id")
    );
    assert_eq!(
        q.place_note(&model).as_deref(),
        Some("Boise, ID lies in Boise City, ID.")
    );
}

#[test]
fn a_zip_outside_every_metro_uses_the_state_and_says_so() {
    let model = bundled::model();
    // 59301 is Miles City, Montana: outside every BLS metropolitan area.
    let q = query(&[("years", "4"), ("place", "59301")]);
    assert_eq!(
        q.validate(&model).unwrap().choices.location.as_deref(),
        Some("montana")
    );
    let note = q.place_note(&model).unwrap();
    assert!(
        note.contains("outside BLS's metropolitan areas, so Montana's figures apply"),
        "{note}"
    );
}

#[test]
fn an_unknown_place_is_named_in_its_error() {
    let error = place_error(&[("years", "4"), ("place", "Atlantis")]);
    assert_eq!(error.code(), "unknown_place");
    assert!(
        error
            .to_string()
            .starts_with("We could not find “Atlantis”."),
        "{error}"
    );
}

#[test]
fn a_city_in_several_states_lists_the_choices() {
    let error = place_error(&[("years", "4"), ("place", "Springfield")]);
    assert_eq!(error.code(), "ambiguous_place");
    let message = error.to_string();
    assert!(
        message.contains("Springfield, AR (outside its metros: Arkansas); "),
        "{message}"
    );
    assert!(message.contains("; and 20 more."), "{message}");
    assert!(message.contains("Add the state"), "{message}");
}

#[test]
fn a_city_split_between_metros_lists_each() {
    let error = place_error(&[("years", "4"), ("place", "Springfield, SC")]);
    assert_eq!(error.code(), "ambiguous_place");
    assert!(
        error
            .to_string()
            .contains("Springfield, SC (Augusta-Richmond County, GA-SC)")
    );
}
