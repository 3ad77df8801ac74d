//! Unit and property tests of the estimator: the band, the factors, input
//! checking and the data file's rules; what the estimate adds is in `insights`.

use proptest::prelude::*;

use super::*;

use crate::estimator::bundled::MODEL as BUNDLED;

fn model() -> SalaryModel {
    crate::estimator::bundled::parse(BUNDLED).expect("the bundled data file is valid")
}

fn default_profile(years: f64) -> EstimateInput {
    EstimateInput {
        years,
        ..EstimateInput::default()
    }
}

fn within_five_percent(actual: i64, expected: i64) -> bool {
    (actual - expected).abs() as f64 <= expected as f64 * 0.05
}

#[test]
fn default_profile_reproduces_the_2026_ranges() {
    let model = model();
    for (years, p25, p75) in [
        (1.0, 74_000, 90_000),
        (4.0, 95_000, 120_000),
        (8.0, 120_000, 160_000),
    ] {
        let estimate = estimate(&model, &default_profile(years)).unwrap();
        assert!(
            within_five_percent(estimate.base.p25, p25),
            "p25 at {years}: {}",
            estimate.base.p25
        );
        assert!(
            within_five_percent(estimate.base.p75, p75),
            "p75 at {years}: {}",
            estimate.base.p75
        );
    }
}

#[test]
fn levels_follow_the_guide_bands() {
    let model = model();
    for (years, level) in [
        (0.0, "entry"),
        (2.9, "entry"),
        (3.0, "mid"),
        (5.5, "mid"),
        (6.0, "senior"),
        (12.0, "staff"),
    ] {
        assert_eq!(
            estimate(&model, &default_profile(years)).unwrap().level,
            level
        );
    }
}

#[test]
fn factor_effects_add_up_to_the_median() {
    let model = model();
    let input = EstimateInput {
        tax: Default::default(),
        years: 7.0,
        employment: Employment::Salaried,
        offer: None,
        home: Some("denver".into()),
        choices: Choices {
            location: Some("seattle".into()),
            industry: Some("finance".into()),
            company_size: Some("startup".into()),
            language: Some("go".into()),
            work_arrangement: Some("remote".into()),
            skills: vec!["kubernetes".into(), "aws".into()],
            certifications: vec!["ckad".into()],
        },
    };
    let estimate = estimate(&model, &input).unwrap();
    let total: i64 = estimate.factors.iter().map(|f| f.effect).sum();
    assert_eq!(total, estimate.base.median);
    let names: Vec<_> = estimate.factors.iter().map(|f| f.factor).collect();
    assert_eq!(
        names,
        [
            "experience",
            "location",
            "industry",
            "company_size",
            "language",
            "work_arrangement",
            "skills",
            "skills",
            "certifications"
        ]
    );
    assert!(estimate.sources.iter().any(|s| s.id == "oflc-2025"));
}

#[test]
fn default_choices_are_filled_in_and_neutral() {
    let model = model();
    let estimate = estimate(&model, &default_profile(4.0)).unwrap();
    assert_eq!(estimate.input.choices.location.as_deref(), Some("us"));
    assert_eq!(
        estimate.input.choices.work_arrangement.as_deref(),
        Some("onsite")
    );
    assert!(estimate.factors[1..].iter().all(|f| f.effect == 0));
}

#[test]
fn a_higher_paying_metro_raises_every_percentile() {
    let model = model();
    let national = estimate(&model, &default_profile(4.0)).unwrap();
    let mut seattle_input = default_profile(4.0);
    seattle_input.choices.location = Some("seattle".into());
    let seattle = estimate(&model, &seattle_input).unwrap();
    assert!(seattle.base.p10 > national.base.p10);
    assert!(seattle.base.median > national.base.median);
    assert!(seattle.base.p90 > national.base.p90);
}

#[test]
fn skill_premiums_are_capped() {
    let model = model();
    let mut input = default_profile(5.0);
    input.choices.skills = model
        .factor(FactorKind::Skills)
        .values
        .iter()
        .map(|v| v.id.clone())
        .collect();
    input.choices.certifications = model
        .factor(FactorKind::Certifications)
        .values
        .iter()
        .map(|v| v.id.clone())
        .collect();
    let capped = estimate(&model, &input).unwrap();
    let plain = estimate(&model, &default_profile(5.0)).unwrap();
    let ceiling = (plain.base.median as f64 * (1.0 + model.premium_cap)).round() as i64;
    assert!((capped.base.median - ceiling).abs() <= 100);
    assert_eq!(capped.factors.last().unwrap().factor, "premium_cap");
}

#[test]
fn repeated_skills_count_once() {
    let model = model();
    let mut once = default_profile(5.0);
    once.choices.skills = vec!["aws".into()];
    let mut twice = once.clone();
    twice.choices.skills = vec!["aws".into(), "aws".into()];
    assert_eq!(
        estimate(&model, &once).unwrap().base,
        estimate(&model, &twice).unwrap().base
    );
}

#[test]
fn bad_input_names_each_field() {
    let model = model();
    let query = ProfileQuery {
        years: Some("ten".into()),
        location: Some("atlantis".into()),
        skills: vec!["cobol-wizardry".into()],
        ..ProfileQuery::default()
    };
    let error = query.validate(&model).unwrap_err();
    let fields: Vec<_> = error.errors.iter().map(|e| e.field.as_ref()).collect();
    assert_eq!(fields, ["years", "location", "skills"]);
    assert_eq!(error.errors[0].error, InputError::YearsNotANumber);
    assert!(error.message_for("location").unwrap().contains("atlantis"));
}

#[test]
fn years_must_be_finite_and_in_range() {
    let model = model();
    for (text, expected) in [
        ("", InputError::MissingYears),
        ("  ", InputError::MissingYears),
        ("NaN", InputError::YearsNotANumber),
        ("inf", InputError::YearsNotANumber),
        ("-1", InputError::YearsOutOfRange),
        ("50.01", InputError::YearsOutOfRange),
        ("1e9", InputError::YearsOutOfRange),
        ("4 years", InputError::YearsNotANumber),
    ] {
        let query = ProfileQuery {
            years: Some(text.into()),
            ..ProfileQuery::default()
        };
        assert_eq!(
            query.validate(&model).unwrap_err().errors[0].error,
            expected,
            "{text:?}"
        );
    }
    assert!(estimate(&model, &default_profile(f64::NAN)).is_err());
    assert!(estimate(&model, &default_profile(50.0)).is_ok());
}

#[test]
fn echoed_values_are_shortened() {
    let model = model();
    let query = ProfileQuery {
        years: Some("3".into()),
        industry: Some("x".repeat(10_000)),
        ..ProfileQuery::default()
    };
    let message = query.validate(&model).unwrap_err().errors[0]
        .error
        .to_string();
    assert!(message.len() < 200);
}

#[test]
fn a_bad_data_file_names_the_entry_and_the_problem() {
    let broken = BUNDLED.replacen("multiplier = 1.05\n", "multiplier = 9.0\n", 1);
    let errors = crate::estimator::bundled::parse(&broken).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].entry.contains("\"rust\""), "{}", errors[0]);
    assert!(errors[0].problem.contains("multiplier"));

    let unknown_source = BUNDLED.replacen(
        "sources = [\"so-languages-2023\", \"so-survey-2024\", \"article-2026\"]",
        "sources = [\"so-languages-2099\"]",
        1,
    );
    let errors = crate::estimator::bundled::parse(&unknown_source).unwrap_err();
    assert!(errors[0].problem.contains("so-languages-2099"));

    let unknown_naics = BUNDLED.replacen("naics = \"513200\"", "naics = \"999999\"", 1);
    let errors = crate::estimator::bundled::parse(&unknown_naics).unwrap_err();
    assert!(errors[0].entry.contains("\"software\""), "{}", errors[0]);
    assert!(errors[0].problem.contains("999999"), "{}", errors[0]);

    let errors = crate::estimator::bundled::parse("version = ").unwrap_err();
    assert_eq!(errors[0].entry, "line 1");
}

#[test]
fn falling_medians_are_refused() {
    let broken = BUNDLED.replacen("median = 148000", "median = 100000", 1);
    let errors = crate::estimator::bundled::parse(&broken).unwrap_err();
    assert!(errors.iter().any(|e| e.problem.contains("must not fall")));
}

fn any_id() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("us".to_owned())),
        Just(Some("seattle".to_owned())),
        Just(Some("jackson".to_owned())),
        Just(Some("finance".to_owned())),
        Just(Some("enterprise".to_owned())),
        Just(Some("startup".to_owned())),
        Just(Some("go".to_owned())),
        Just(Some("php".to_owned())),
        Just(Some("remote".to_owned())),
        ".{0,12}".prop_map(Some),
    ]
}

fn any_amount() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        (1i64..=10_000_000).prop_map(|n| Some(n.to_string())),
        any::<f64>().prop_map(|n| Some(n.to_string())),
        ".{0,10}".prop_map(Some),
    ]
}

fn any_query() -> impl Strategy<Value = ProfileQuery> {
    (
        prop_oneof![
            any::<f64>().prop_map(|y| Some(y.to_string())),
            (0.0..=50.0f64).prop_map(|y| Some(y.to_string())),
            ".{0,8}".prop_map(Some),
            Just(None),
        ],
        [any_id(), any_id(), any_id(), any_id(), any_id(), any_id()],
        proptest::collection::vec(
            prop_oneof![
                Just("aws".to_owned()),
                Just("ai-ml".to_owned()),
                ".{0,6}".prop_map(|s| s)
            ],
            0..14,
        ),
        (
            prop_oneof![
                Just(None),
                Just(Some("freelance".to_owned())),
                ".{0,6}".prop_map(Some)
            ],
            any_amount(),
            any_amount(),
            any_amount(),
        ),
    )
        .prop_map(
            |(
                years,
                [location, industry, company_size, language, work, home],
                skills,
                (employment, offer, offer_bonus, offer_equity),
            )| {
                let kind = employment_kind(&employment);
                ProfileQuery {
                    years,
                    location,
                    industry,
                    company_size,
                    language,
                    work_arrangement: work,
                    place: home.clone(),
                    home,
                    skills: skills.clone(),
                    certifications: skills,
                    employment,
                    offer,
                    offer_bonus: offer_bonus.clone(),
                    offer_equity: offer_equity.clone(),
                    offer_signing: offer_equity.clone(),
                    offer_grant: offer_bonus.clone(),
                    offer_vesting: None,
                    filing: kind.clone(),
                    offer_equity_kind: kind,
                    ..ProfileQuery::default()
                }
            },
        )
}

/// An equity kind to send beside a generated query: every kind, nothing, and
/// text that is not a kind, chosen by the generated employment text.
fn employment_kind(employment: &Option<String>) -> Option<String> {
    match employment.as_deref().map_or(0, str::len) % 5 {
        0 => None,
        1 => Some("public".to_owned()),
        2 => Some("private".to_owned()),
        3 => Some("none".to_owned()),
        _ => employment.clone(),
    }
}

proptest! {
    #[test]
    fn never_panics_and_orders_percentiles(query in any_query()) {
        let model = model();
        if let Ok(input) = query.validate(&model) {
            let estimate = estimate(&model, &input).unwrap();
            let b = estimate.base;
            prop_assert!(b.p10 <= b.p25 && b.p25 <= b.median && b.median <= b.p75 && b.p75 <= b.p90);
            prop_assert!(b.p10 > 0);
            let total: i64 = estimate.factors.iter().map(|f| f.effect).sum();
            prop_assert_eq!(total, b.median);
            prop_assert!(estimate.what_if.len() >= 3);
            prop_assert!(estimate.what_if.windows(2).all(|w| w[0].delta >= w[1].delta));
            prop_assert!(estimate.total_comp.low <= estimate.total_comp.high);
            prop_assert!(estimate.hourly.low <= estimate.hourly.high);
            if let Some(offer) = &estimate.offer {
                prop_assert!((1..=99).contains(&offer.percentile));
                // A counter is always above the offer, and only offers below
                // the 75th percentile get one.
                prop_assert_eq!(offer.advice.counter.is_some(), offer.offer.base < b.p75);
                if let Some(counter) = offer.advice.counter {
                    prop_assert!(counter > offer.offer.base);
                }
                // The offer's table adds up.
                let cash = &offer.cash;
                for y in &cash.years {
                    prop_assert_eq!(y.total, y.base + y.bonus + y.equity + y.signing);
                }
                prop_assert_eq!(cash.years.iter().map(|y| y.total).sum::<i64>(), cash.four_year_total);
                prop_assert_eq!(cash.guaranteed + cash.at_risk, cash.four_year_total);
            }
        }
    }

    #[test]
    fn is_deterministic(years in 0.0..=50.0f64) {
        let model = model();
        let input = default_profile(years);
        prop_assert_eq!(estimate(&model, &input).unwrap(), estimate(&model, &input).unwrap());
    }

    #[test]
    fn median_never_falls_as_years_rise(a in 0.0..=50.0f64, b in 0.0..=50.0f64, location in any_id()) {
        let model = model();
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let mut low_input = default_profile(low);
        low_input.choices.location = location.filter(|id| model.factor(FactorKind::Location).value(id).is_some());
        let mut high_input = low_input.clone();
        high_input.years = high;
        let low_median = estimate(&model, &low_input).unwrap().base.median;
        let high_median = estimate(&model, &high_input).unwrap().base.median;
        prop_assert!(low_median <= high_median, "{} at {} > {} at {}", low_median, low, high_median, high);
    }

    #[test]
    fn inline_rounding_is_the_library_s_to_the_bit(value in any::<f64>(), hundredths in -1_000_000_i64..1_000_000) {
        for value in [value, hundredths as f64 / 100.0, hundredths as f64 / 2.0] {
            let ours = round_half_away(value);
            let library = value.round();
            prop_assert!(
                ours.to_bits() == library.to_bits() || (ours.is_nan() && library.is_nan()),
                "{} rounds to {} here, {} in the library", value, ours, library
            );
        }
    }

    #[test]
    fn any_f64_years_is_an_error_or_an_estimate(years in any::<f64>()) {
        let model = model();
        let result = estimate(&model, &default_profile(years));
        prop_assert_eq!(result.is_ok(), (0.0..=MAX_YEARS).contains(&years));
    }
}

#[test]
fn inline_rounding_keeps_halves_signs_and_the_edges() {
    let next_below_half = 0.5 - f64::EPSILON / 4.0;
    for value in [
        0.0,
        -0.0,
        0.3,
        -0.3,
        0.5,
        -0.5,
        next_below_half,
        -next_below_half,
        1.5,
        2.5,
        -2.5,
        4_503_599_627_370_495.5,
        4_503_599_627_370_496.0,
        -4_503_599_627_370_495.5,
        9.0e18,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_eq!(
            round_half_away(value).to_bits(),
            value.round().to_bits(),
            "{value}"
        );
    }
    assert!(round_half_away(f64::NAN).is_nan());
}

#[test]
fn years_read_as_the_float_formatter_writes_them() {
    let formatted = |years: f64| format!("{}", (years * 100.0).round() / 100.0);
    let mut samples = vec![
        -0.0,
        -0.001,
        0.004,
        0.005,
        999.0,
        1000.0,
        1e20,
        f64::NAN,
        f64::INFINITY,
    ];
    samples.extend((0..=6000).map(|hundredths| f64::from(hundredths) / 100.0));
    samples.extend((0..=600).map(|thousandths| f64::from(thousandths) * 0.0833));
    for years in samples {
        assert_eq!(format_years(years), formatted(years), "{years}");
    }
    assert_eq!(years_phrase(1.0), "1 year");
    assert_eq!(years_phrase(1.001), "1 year");
    assert_eq!(years_phrase(4.0), "4 years");
    assert_eq!(years_phrase(2.5), "2.5 years");
}

#[test]
fn query_pairs_keep_repeated_lists_and_the_first_scalar() {
    let query = ProfileQuery::from_pairs([
        ("years", "4"),
        ("years", "9"),
        ("skills", "aws"),
        ("utm_source", "newsletter"),
        ("skills", "kubernetes"),
    ]);
    assert_eq!(query.years.as_deref(), Some("4"));
    assert_eq!(query.skills, ["aws", "kubernetes"]);
}

mod bls_factors;
mod insights;
mod place;
mod take_home;

#[test]
fn every_value_is_found_by_its_id_and_forms_list_locations_alphabetically() {
    let model = model();
    for kind in FactorKind::ALL {
        let factor = model.factor(kind);
        for value in &factor.values {
            assert_eq!(factor.value(&value.id).map(|v| &v.id), Some(&value.id));
        }
        assert!(factor.value("no-such-value").is_none());
        assert!(factor.value("").is_none());
        for value in &factor.values {
            let id = &value.id;
            for near in [format!("{id}x"), id.to_uppercase(), id[1..].to_owned()] {
                if factor.values.iter().all(|v| v.id != near) {
                    assert!(factor.value(&near).is_none(), "{near}");
                }
            }
        }
        assert_eq!(factor.in_form_order().count(), factor.values.len());
    }
    let locations = model.factor(FactorKind::Location);
    let listed: Vec<&str> = locations
        .in_form_order()
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(listed[0], locations.values[0].label, "the nation first");
    assert!(
        listed[1..].windows(2).all(|pair| pair[0] <= pair[1]),
        "then A to Z"
    );
    let industries = model.factor(FactorKind::Industry);
    assert!(
        industries
            .in_form_order()
            .zip(&industries.values)
            .all(|(a, b)| a.id == b.id),
        "other factors keep the data's order"
    );
}

#[test]
fn market_pay_is_the_estimate_s_range_and_prices_for_every_location() {
    let model = model();
    let locations = model.factor(FactorKind::Location);
    let profiles = [
        default_profile(4.0),
        EstimateInput {
            home: Some("boise-city-id".to_owned()),
            choices: Choices {
                industry: Some(model.factor(FactorKind::Industry).values[1].id.clone()),
                skills: vec![model.factor(FactorKind::Skills).values[0].id.clone()],
                ..Choices::default()
            },
            ..default_profile(11.5)
        },
    ];
    for profile in profiles {
        for location in &locations.values {
            let mut input = profile.clone();
            input.choices.location = Some(location.id.clone());
            let whole = estimate(&model, &input).unwrap();
            let market = market_pay(&model, &input).unwrap();
            assert_eq!(market.base, whole.base, "{}", location.id);
            assert_eq!(
                market.cost_of_living, whole.cost_of_living,
                "{}",
                location.id
            );
            assert_eq!(market.input, whole.input, "{}", location.id);
        }
    }
    let bad = EstimateInput {
        choices: Choices {
            location: Some("atlantis".to_owned()),
            ..Choices::default()
        },
        ..default_profile(4.0)
    };
    assert_eq!(
        market_pay(&model, &bad).unwrap_err(),
        estimate(&model, &bad).unwrap_err()
    );
}
