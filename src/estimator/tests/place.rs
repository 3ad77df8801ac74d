//! A typed ZIP code or city sets the location to its BLS area, the same for
//! the form, the API and the command line (they all validate a ProfileQuery).

use crate::estimator::bundled;
use crate::estimator::{
    EstimateError, FactorKind, InputError, PlaceRole, ProfileQuery, place_text,
};

fn query(pairs: &[(&str, &str)]) -> ProfileQuery {
    ProfileQuery::from_pairs(pairs.iter().copied())
}

fn place_error(pairs: &[(&str, &str)]) -> InputError {
    field_error(pairs, "place")
}

fn field_error(pairs: &[(&str, &str)], field: &str) -> InputError {
    let model = bundled::model();
    let EstimateError { errors } = query(pairs).validate(&model).unwrap_err();
    let error = errors
        .iter()
        .find(|e| e.field == field)
        .unwrap_or_else(|| panic!("an error for {field} in {errors:?}"));
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
        q.place_note(&model, PlaceRole::Pay).as_deref(),
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
    let note = q.place_note(&model, PlaceRole::Pay).unwrap();
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

#[test]
fn every_location_s_shown_text_finds_that_location() {
    // A form shows a chosen location in a place field (`place_text`), so
    // that text sent back must find the same location, in any case.
    let model = bundled::model();
    for value in &model.factor(FactorKind::Location).values {
        let shown = place_text(&model, &value.id).unwrap();
        for typed in [shown.clone(), format!("  {}  ", shown.to_lowercase())] {
            let q = query(&[("years", "4"), ("home_place", &typed)]);
            let found = q
                .found_place(&model, PlaceRole::Home)
                .expect("a place was typed")
                .unwrap_or_else(|error| panic!("{typed:?}: {error}"));
            assert_eq!(found.area.id, value.id, "{typed:?}");
            assert_eq!(found.place, value.label, "{typed:?}");
        }
    }
}

#[test]
fn a_state_s_bare_name_is_a_city_first_and_the_state_only_when_no_city_has_it() {
    let model = bundled::model();
    let located = |typed: &str| {
        query(&[("years", "4"), ("place", typed)])
            .validate(&model)
            .map(|input| input.choices.location)
    };
    // People who type "New York" mean the city.
    assert_eq!(located("New York").unwrap().as_deref(), Some("new-york"));
    assert_eq!(
        located("New York, NY").unwrap().as_deref(),
        Some("new-york")
    );
    // The state is "New York (whole state)", as the forms show it.
    let q = query(&[("years", "4"), ("place", "new york (Whole State)")]);
    assert_eq!(
        q.validate(&model).unwrap().choices.location.as_deref(),
        Some("new-york-state")
    );
    let note = q.place_note(&model, PlaceRole::Pay).unwrap();
    assert_eq!(note, "New York: BLS's figures for the whole state.");
    // A state no city is named after is found by its bare name.
    assert_eq!(located("Montana").unwrap().as_deref(), Some("montana"));
    // A metro's label never needs the suffix, and a city's name with it is
    // no state.
    assert!(located("Boise (whole state)").is_err());
}

#[test]
fn a_typed_home_place_sets_where_the_person_lives_and_wins_over_home() {
    let model = bundled::model();
    let by_id = query(&[("years", "4"), ("location", "seattle"), ("home", "denver")])
        .validate(&model)
        .unwrap();
    for pairs in [
        vec![("home_place", "80202")],
        vec![("home_place", "Denver, CO")],
        vec![("home_place", "Denver-Aurora-Centennial, CO")],
        vec![("home", "jackson"), ("home_place", "80202")],
    ] {
        let mut all = vec![("years", "4"), ("location", "seattle")];
        all.extend(pairs.iter().copied());
        let input = query(&all).validate(&model).unwrap();
        assert_eq!(input, by_id, "{pairs:?}");
        assert_eq!(input.choices.location.as_deref(), Some("seattle"));
    }
    // An empty home place leaves `home` to say.
    let input = query(&[("years", "4"), ("home", "denver"), ("home_place", " ")])
        .validate(&model)
        .unwrap();
    assert_eq!(input.home.as_deref(), Some("denver"));
    let q = query(&[("years", "4"), ("home_place", "83702")]);
    assert_eq!(
        q.place_note(&model, PlaceRole::Home).as_deref(),
        Some("83702 (Boise, ID) lies in Boise City, ID.")
    );
}

#[test]
fn an_unknown_or_ambiguous_home_place_is_an_error_of_its_own_field() {
    let error = field_error(&[("years", "4"), ("home_place", "Atlantis")], "home_place");
    assert_eq!(error.code(), "unknown_place");
    assert!(error.to_string().contains("“Atlantis”"), "{error}");
    let error = field_error(
        &[("years", "4"), ("home_place", "Springfield")],
        "home_place",
    );
    assert_eq!(error.code(), "ambiguous_place");
    // The list is not at fault, so it is not blamed.
    let model = bundled::model();
    let EstimateError { errors } = query(&[("years", "4"), ("home_place", "Atlantis")])
        .validate(&model)
        .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
}
