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
            )| ProfileQuery {
                years,
                location,
                industry,
                company_size,
                language,
                work_arrangement: work,
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
            },
        )
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
                prop_assert!(offer.counter > offer.offer.base);
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
    fn any_f64_years_is_an_error_or_an_estimate(years in any::<f64>()) {
        let model = model();
        let result = estimate(&model, &default_profile(years));
        prop_assert_eq!(result.is_ok(), (0.0..=MAX_YEARS).contains(&years));
    }
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

#[test]
fn what_if_ranks_real_gains_best_first_with_guide_links() {
    let model = model();
    let mut input = default_profile(4.0);
    input.choices.skills = vec!["aws".into()];
    let estimate = estimate(&model, &input).unwrap();
    let ideas = &estimate.what_if;
    assert!(ideas.len() >= 3 && ideas.len() <= 5, "{ideas:?}");
    assert!(ideas.windows(2).all(|w| w[0].delta >= w[1].delta));
    assert!(
        ideas
            .iter()
            .all(|i| i.delta > 0 && i.guide.starts_with("/guides/"))
    );
    // Suggestions never repeat what the person already has.
    assert!(
        !ideas
            .iter()
            .any(|i| i.factor == "skills" && i.value == "aws")
    );
    // Each delta is exactly what making that change does to the median.
    for idea in ideas {
        let mut changed = estimate.input.clone();
        match idea.factor {
            "experience" => changed.years = idea.value.parse().unwrap(),
            "skills" => changed.choices.skills.push(idea.value.clone()),
            "certifications" => changed.choices.certifications.push(idea.value.clone()),
            "location" => changed.choices.location = Some(idea.value.clone()),
            "industry" => changed.choices.industry = Some(idea.value.clone()),
            "company_size" => changed.choices.company_size = Some(idea.value.clone()),
            "language" => changed.choices.language = Some(idea.value.clone()),
            "work_arrangement" => changed.choices.work_arrangement = Some(idea.value.clone()),
            other => panic!("unexpected factor {other}"),
        }
        let after = super::estimate(&model, &changed).unwrap().base.median;
        assert_eq!(after - estimate.base.median, idea.delta, "{}", idea.change);
    }
}

#[test]
fn what_if_still_offers_three_ideas_when_little_would_help() {
    let model = model();
    let mut input = default_profile(50.0);
    input.choices.location = Some("san-jose".into());
    input.choices.industry = Some("aerospace-defense".into());
    input.choices.company_size = Some("enterprise".into());
    input.choices.skills = model
        .factor(FactorKind::Skills)
        .values
        .iter()
        .map(|v| v.id.clone())
        .collect();
    let estimate = estimate(&model, &input).unwrap();
    assert!(estimate.what_if.len() >= 3);
}

#[test]
fn startup_equity_starts_at_zero_and_is_never_cash() {
    let model = model();
    let mut input = default_profile(5.0);
    input.choices.company_size = Some("startup".into());
    let estimate = estimate(&model, &input).unwrap();
    let total = &estimate.total_comp;
    assert_eq!(total.equity.low, 0);
    assert!(total.equity.high > 0);
    assert!(!total.equity_counted_as_cash);
    assert_eq!(total.low, estimate.base.median + total.bonus.low);
    assert_eq!(total.high, estimate.base.median + total.bonus.high);

    input.choices.company_size = Some("enterprise".into());
    let big = super::estimate(&model, &input).unwrap();
    assert!(big.total_comp.equity_counted_as_cash);
    assert!(big.total_comp.high > big.base.median + big.total_comp.bonus.high);
}

#[test]
fn freelance_rates_stay_within_the_published_range() {
    let model = model();
    for years in [0.0, 3.0, 10.0, 25.0, 50.0] {
        let mut input = default_profile(years);
        input.employment = Employment::Freelance;
        input.choices.location = Some("san-jose".into());
        let rate = estimate(&model, &input).unwrap().hourly;
        assert_eq!(rate.basis, "freelance");
        assert!(rate.low >= model.hourly.min_rate && rate.high <= model.hourly.max_rate);
        assert!(rate.low <= rate.high);
    }
    let salaried = estimate(&model, &default_profile(4.0)).unwrap();
    assert_eq!(salaried.hourly.basis, "salaried_equivalent");
    let per_hour = (salaried.base.p25 as f64 / model.hourly.hours_per_year).round() as i64;
    assert_eq!(salaried.hourly.low, per_hour);
}

#[test]
fn freelance_rates_cover_the_costs_an_employee_does_not_carry() {
    let model = model();
    let mut input = default_profile(6.0);
    let salaried = estimate(&model, &input).unwrap();
    input.employment = Employment::Freelance;
    let freelance = estimate(&model, &input).unwrap();
    let rate = &freelance.hourly;
    let step = |id: &str| {
        rate.steps
            .iter()
            .find(|s| s.step == id)
            .unwrap_or_else(|| panic!("no step {id}"))
    };
    // The salary the steps start from is the band, unchanged.
    assert_eq!(step("salary").low, freelance.base.p25);
    assert_eq!(step("salary").high, freelance.base.p75);
    // Costs add up to what a year must bring in (within rounding of each step).
    for (pick, end) in [(0, "low"), (1, "high")] {
        let at = |id: &str| {
            if pick == 0 {
                step(id).low
            } else {
                step(id).high
            }
        };
        let sum = at("salary") + at("self_employment_tax") + at("benefits");
        assert!(
            (sum - at("yearly_cost")).abs() <= 2,
            "{end}: {sum} vs {}",
            at("yearly_cost")
        );
        let hours = at("full_time_hours") + at("unpaid_time_off") + at("unbilled_time");
        assert!((hours - at("billable_hours")).abs() <= 2, "{end}: hours");
        assert!(at("self_employment_tax") > 0 && at("benefits") > 0);
        assert!(at("unpaid_time_off") < 0 && at("unbilled_time") < 0);
    }
    // Every cost step names its sources, and those sources are in the estimate.
    for id in [
        "self_employment_tax",
        "benefits",
        "unpaid_time_off",
        "unbilled_time",
    ] {
        assert!(!step(id).sources.is_empty(), "{id} has no source");
        for source in &step(id).sources {
            assert!(
                freelance.sources.iter().any(|s| &s.id == source),
                "{source}"
            );
        }
    }
    // Billing the salary over a standard year would underpay: the rate is above it.
    assert!(rate.low > salaried.hourly.low && rate.high > salaried.hourly.high);
    assert_eq!(rate.steps.last().unwrap().low, rate.low);
    assert_eq!(rate.steps.last().unwrap().high, rate.high);
    // The salaried equivalent is still pay over the hours of a full-time year.
    assert_eq!(salaried.hourly.steps.len(), 3);
    assert_eq!(salaried.hourly.steps[2].step, "rate");
}

#[test]
fn survey_check_sits_beside_the_official_one() {
    let model = model();
    let survey = estimate(&model, &default_profile(4.0))
        .unwrap()
        .cross_check
        .survey;
    assert_eq!(survey.median, 175_000);
    assert_eq!(survey.respondents, 687);
    assert_eq!(survey.measures, "total_pay");
    assert_eq!(survey.position, "below");
    assert!(survey.note.contains("base salary only"), "{}", survey.note);
    let mut rich = default_profile(15.0);
    rich.choices.location = Some("san-jose".into());
    assert_eq!(
        estimate(&model, &rich).unwrap().cross_check.survey.position,
        "above"
    );
}

#[test]
fn offers_are_placed_in_the_band_with_a_credible_counter() {
    let model = model();
    let band = estimate(&model, &default_profile(4.0)).unwrap().base;
    let check = |base: i64| {
        let mut input = default_profile(4.0);
        input.offer = Some(Offer {
            base,
            bonus: 0,
            equity: 0,
            ..Offer::default()
        });
        estimate(&model, &input).unwrap().offer.unwrap()
    };
    let low = check(band.p10 - 5_000);
    assert_eq!(low.verdict, "below");
    assert!(low.percentile < 10);
    assert!(low.counter as f64 <= (band.p10 - 5_000) as f64 * 1.2 + 1_000.0);
    let middle = check(band.median);
    assert_eq!(middle.verdict, "within");
    assert_eq!(middle.percentile, 50);
    assert!(middle.counter >= band.p75.min(band.median * 12 / 10));
    assert_eq!(middle.counter % 1_000, 0);
    let high = check(band.p90 + 10_000);
    assert_eq!(high.verdict, "above");
    assert!(high.percentile > 90);
    assert!(high.counter > band.p90 + 10_000);
    assert!(
        middle
            .script
            .iter()
            .any(|line| line.contains(&crate::money::usd(middle.counter)))
    );
    assert!(middle.script.iter().all(|line| !line.contains('{')));
}

#[test]
fn offer_amounts_are_read_as_people_type_them() {
    let model = model();
    let query = |offer: &str| ProfileQuery {
        years: Some("4".into()),
        offer: Some(offer.into()),
        ..ProfileQuery::default()
    };
    assert_eq!(
        query("$120,000")
            .validate(&model)
            .unwrap()
            .offer
            .unwrap()
            .base,
        120_000
    );
    assert_eq!(
        query("120000.4")
            .validate(&model)
            .unwrap()
            .offer
            .unwrap()
            .base,
        120_000
    );
    for (text, code) in [
        ("lots", "offer_not_a_number"),
        ("-5", "offer_out_of_range"),
        ("0", "offer_out_of_range"),
        ("1e12", "offer_out_of_range"),
        ("inf", "offer_not_a_number"),
    ] {
        let error = query(text).validate(&model).unwrap_err();
        assert_eq!(error.errors[0].error.code(), code, "{text}");
    }
    let bonus_only = ProfileQuery {
        years: Some("4".into()),
        offer_bonus: Some("5000".into()),
        ..ProfileQuery::default()
    };
    assert_eq!(
        bonus_only.validate(&model).unwrap_err().errors[0]
            .error
            .code(),
        "offer_base_missing"
    );
}

#[test]
fn projection_covers_twenty_years_and_never_falls() {
    let model = model();
    let mut input = default_profile(6.0);
    input.choices.location = Some("denver".into());
    let estimate = estimate(&model, &input).unwrap();
    let points = &estimate.projection;
    assert_eq!(points.len(), 21);
    assert_eq!(points[0].years, 0);
    assert_eq!(points[20].years, 20);
    assert!(points.windows(2).all(|w| w[0].median <= w[1].median));
    assert!(points.iter().all(|p| p.p25 < p.median && p.median < p.p75));
    assert_eq!(points[6].median, estimate.base.median);
}

#[test]
fn cross_check_explains_a_band_outside_the_official_one() {
    let model = model();
    let entry = estimate(&model, &default_profile(0.0)).unwrap();
    assert_eq!(entry.cross_check.position, "below");
    assert!(entry.cross_check.note.contains("every level"));
    assert_eq!(entry.cross_check.median, 135_980);
    assert_eq!(entry.cross_check.period, "May 2025");
    let mut rich = default_profile(15.0);
    rich.choices.location = Some("san-jose".into());
    assert_eq!(
        estimate(&model, &rich).unwrap().cross_check.position,
        "above"
    );
    assert_eq!(
        estimate(&model, &default_profile(8.0))
            .unwrap()
            .cross_check
            .position,
        "overlaps"
    );
}

#[test]
fn confidence_follows_evidence_and_distance_from_the_data() {
    let model = model();
    let national = estimate(&model, &default_profile(5.0)).unwrap();
    assert_eq!(national.confidence, "high");
    assert!(national.confidence_notes.is_empty());

    let mut thin = default_profile(5.0);
    thin.choices.language = Some("rust".into());
    thin.choices.certifications = vec!["ckad".into()];
    assert_eq!(estimate(&model, &thin).unwrap().confidence, "low");

    let far = estimate(&model, &default_profile(45.0)).unwrap();
    assert_eq!(far.confidence, "low");
    assert!(
        far.confidence_notes
            .iter()
            .any(|n| n.contains("hold the curve flat"))
    );
    let late = estimate(&model, &default_profile(35.0)).unwrap();
    assert_eq!(late.confidence, "medium");
}

#[test]
fn every_cited_source_is_listed_once() {
    let model = model();
    let mut input = default_profile(4.0);
    input.offer = Some(Offer {
        base: 100_000,
        bonus: 0,
        equity: 0,
        ..Offer::default()
    });
    let estimate = estimate(&model, &input).unwrap();
    let ids: Vec<_> = estimate.sources.iter().map(|s| s.id.as_str()).collect();
    for needed in [
        "oflc-2025",
        "levels-heatmap-2024",
        "freelance-rates-upwork",
        "cnbc-negotiation-2017",
        "bls-oews-2024",
    ] {
        assert!(ids.contains(&needed), "{needed} missing from {ids:?}");
    }
    let mut sorted = ids.clone();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}
