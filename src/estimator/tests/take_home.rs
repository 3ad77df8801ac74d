//! Take-home pay in estimates: where the taxes are the home's, how the
//! filing status and the home city and state are read and refused, and the
//! offer's years taxed as wages in the year they are paid.

use super::super::{EstimateInput, ProfileQuery, estimate};
use crate::estimator::bundled;

fn query(text: &str) -> ProfileQuery {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(text).expect("a query string");
    ProfileQuery::from_pairs(pairs)
}

fn input(text: &str) -> EstimateInput {
    query(text).validate(&bundled::model()).expect("valid")
}

fn codes(text: &str) -> Vec<(String, &'static str)> {
    query(text)
        .validate(&bundled::model())
        .expect_err("refused")
        .errors
        .into_iter()
        .map(|e| (e.field.into_owned(), e.error.code()))
        .collect()
}

#[test]
fn taxes_are_those_of_where_the_person_lives() {
    let model = bundled::model();
    let state = |text: &str| {
        estimate(&model, &input(text))
            .expect("valid")
            .take_home
            .map(|t| (t.state, t.city))
    };
    // The area's principal state; the home's before the location's.
    assert_eq!(state("years=4&location=seattle"), Some(("WA".into(), None)));
    assert_eq!(
        state("years=4&location=seattle&home=san-francisco"),
        Some(("CA".into(), None))
    );
    // New York's area spans New Jersey: home_state says which.
    assert_eq!(
        state("years=4&location=new-york"),
        Some(("NY".into(), None))
    );
    assert_eq!(
        state("years=4&location=new-york&home_state=nj"),
        Some(("NJ".into(), None))
    );
    // A city with a wage tax brings its state.
    assert_eq!(
        state("years=4&location=seattle&home_city=new-york-city"),
        Some(("NY".into(), Some("new-york-city".into())))
    );
    // The whole country has no state until one is chosen.
    assert_eq!(state("years=4"), None);
    assert_eq!(state("years=4&home_state=TX"), Some(("TX".into(), None)));
}

#[test]
fn bad_tax_fields_are_named_with_stable_codes() {
    assert_eq!(
        codes("years=4&filing=married"),
        [("filing".to_owned(), "invalid_filing")]
    );
    assert_eq!(
        codes("years=4&home_state=ZZ"),
        [("home_state".to_owned(), "unknown_home_state")]
    );
    assert_eq!(
        codes("years=4&home_city=gotham"),
        [("home_city".to_owned(), "unknown_value")]
    );
    assert_eq!(
        codes("years=4&home_city=philadelphia&home_state=NJ"),
        [("home_city".to_owned(), "home_city_not_in_state")]
    );
    let error = query("years=4&home_city=philadelphia&home_state=NJ")
        .validate(&bundled::model())
        .unwrap_err();
    assert_eq!(
        error.message_for("home_city").unwrap(),
        "Philadelphia is in Pennsylvania, not New Jersey. Change the home state or the city."
    );
    // Empty fields, as a form sends them, are no choice at all.
    assert!(
        query("years=4&filing=&home_city=&home_state=")
            .validate(&bundled::model())
            .is_ok()
    );
}

#[test]
fn the_offer_is_taxed_year_by_year_as_wages() {
    let model = bundled::model();
    // No state income tax in Texas: the taxes are federal alone, so a year
    // with the signing bonus pays more tax than the others.
    let estimate = estimate(
        &model,
        &input("years=5&location=austin&offer=150000&offer_signing=30000&offer_grant=100000&offer_equity_kind=public&offer_vesting=even-4-year-cliff"),
    )
    .expect("valid");
    let take_home = estimate.take_home.expect("Texas");
    let cash = estimate.offer.expect("an offer").cash;
    assert_eq!(take_home.offer_years.len(), 4);
    for (year, taxed) in cash.years.iter().zip(&take_home.offer_years) {
        assert_eq!(taxed.wages, year.total);
        assert_eq!(taxed.take_home + taxed.taxes, taxed.wages);
    }
    // Year one: $150,000 + $25,000 vesting + $30,000 signing = $205,000.
    assert_eq!(take_home.offer_years[0].wages, 205_000);
    assert!(take_home.offer_years[0].taxes > take_home.offer_years[1].taxes);
    assert_eq!(
        take_home.offer_four_years,
        Some(take_home.offer_years.iter().map(|y| y.take_home).sum())
    );
    // The paycheck: the base alone.
    assert_eq!(take_home.offer.expect("an offer").wages, 150_000);
}

#[test]
fn joint_filing_keeps_more_of_the_same_pay() {
    let model = bundled::model();
    let kept = |filing: &str| {
        estimate(
            &model,
            &input(&format!("years=8&location=denver&filing={filing}")),
        )
        .expect("valid")
        .take_home
        .expect("Colorado")
        .median
        .year
    };
    assert!(kept("joint") > kept("single"));
}
