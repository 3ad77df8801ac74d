//! Proof that the estimator's fast paths change nothing.
//!
//! What-if and the projection used to rebuild the whole input and run the full
//! waterfall once per idea and once per projected year (about 40 medians per
//! estimate). They now reuse the profile's resolved multipliers. Two checks
//! hold them to the old results:
//!
//! - whole estimates for a handful of profiles, as JSON, are pinned in
//!   `testdata/` (written by the old code); after a deliberate change to the
//!   data file or the model, rewrite them with `UPDATE_PINNED=1 cargo test
//!   --lib pinned` and review the diff;
//! - a property test checks, over random profiles, that every what-if delta
//!   and every projected year equals what the step-by-step breakdown
//!   ([`Resolved::explain`]) gives for the changed profile.

use std::path::PathBuf;

use proptest::prelude::*;

use super::insights::{self, ProjectionPoint, WhatIf};
use super::*;

/// The median the step-by-step breakdown arrives at: the reference the
/// median-only fast paths must match to the dollar.
fn reference_median(model: &SalaryModel, input: &EstimateInput) -> i64 {
    Resolved::new(model, input).explain(model, input.years).0
}

use crate::estimator::bundled::MODEL as BUNDLED;

fn model() -> SalaryModel {
    crate::estimator::bundled::parse(BUNDLED).expect("the bundled data file is valid")
}

/// Profiles covering every branch: defaults, every factor, the premium cap,
/// freelance, offers, far from the data.
const PINNED: &[(&str, &str)] = &[
    ("default-4-years", "years=4"),
    (
        "full-profile-with-offer",
        "years=7.5&location=seattle&industry=finance&company_size=enterprise&language=go&work_arrangement=remote&skills=kubernetes&skills=aws&skills=ai-ml&certifications=ckad&offer=150000&offer_bonus=10000&offer_equity=20000",
    ),
    (
        "capped-freelance-entry",
        "years=0&location=jackson&company_size=startup&skills=kubernetes&skills=docker&skills=aws&skills=ci-cd&skills=observability&skills=security&skills=ai-ml&certifications=aws-developer&certifications=google-cloud&employment=freelance",
    ),
    (
        "far-from-the-data",
        "years=45&location=san-jose&industry=government&language=php&work_arrangement=onsite&certifications=database-cert&offer=90000",
    ),
    (
        "fractional-years-repeated-skills",
        "years=2.37&location=austin&industry=healthcare&company_size=mid&language=rust&skills=databases&skills=databases&skills=frameworks&offer=250000&offer_bonus=1",
    ),
    (
        "remote-pay-lived-elsewhere",
        "years=6&location=seattle&work_arrangement=remote&home=denver",
    ),
    (
        "offer-with-grant-and-signing",
        "years=5&company_size=enterprise&offer=160000&offer_bonus=16000&offer_signing=25000&offer_grant=240000&offer_vesting=back-loaded-5-15-40-40",
    ),
];

fn pinned_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/estimator/testdata")
        .join(format!("{name}.json"))
}

fn estimate_json(model: &SalaryModel, query: &str) -> String {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_str(query).expect("pinned queries are well formed");
    let input = ProfileQuery::from_pairs(pairs)
        .validate(model)
        .expect("pinned queries are valid");
    let estimate = estimate(model, &input).expect("pinned queries estimate");
    let mut json = serde_json::to_string_pretty(&estimate).expect("estimates serialize");
    json.push('\n');
    json
}

#[test]
fn whole_estimates_match_the_pinned_json() {
    let model = model();
    let update = std::env::var_os("UPDATE_PINNED").is_some();
    for (name, query) in PINNED {
        let json = estimate_json(&model, query);
        let path = pinned_path(name);
        if update {
            std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(&path, &json).expect("write pinned estimate");
            continue;
        }
        let pinned = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "{}: {error}; write it with UPDATE_PINNED=1 cargo test --lib pinned",
                path.display()
            )
        });
        assert!(
            json == pinned,
            "the estimate for `{query}` differs from {}; if the change is deliberate, \
             rewrite it with UPDATE_PINNED=1 cargo test --lib pinned and review the diff",
            path.display()
        );
    }
}

/// The input with one what-if idea applied, as a person would change the form.
fn with_idea(input: &EstimateInput, idea: &WhatIf) -> EstimateInput {
    let mut changed = input.clone();
    match idea.factor {
        "experience" => {
            // `value` is the target rounded for display; the change itself is exact.
            changed.years = (input.years + 3.0).min(MAX_YEARS);
            assert_eq!(idea.value, format_years(changed.years));
        }
        "skills" => changed.choices.skills.push(idea.value.clone()),
        "certifications" => changed.choices.certifications.push(idea.value.clone()),
        "home" => changed.home = Some(idea.value.clone()),
        key => {
            let kind = FactorKind::from_key(key).expect("ideas name real factors");
            set_single(&mut changed.choices, kind, &idea.value);
        }
    }
    changed
}

/// The projection from the step-by-step breakdown, one year at a time.
fn projection_reference(model: &SalaryModel, input: &EstimateInput) -> Vec<ProjectionPoint> {
    (0..=insights::PROJECTION_YEARS)
        .map(|years| {
            let mut at = input.clone();
            at.years = f64::from(years);
            let band = percentiles(model, reference_median(model, &at), at.years);
            ProjectionPoint {
                years,
                p25: band.p25,
                median: band.median,
                p75: band.p75,
            }
        })
        .collect()
}

/// Any valid profile: every factor's ids, including repeats, and years
/// anywhere in range, including fractions.
fn any_valid_input(model: &SalaryModel) -> impl Strategy<Value = EstimateInput> {
    let ids = |kind: FactorKind| -> Vec<String> {
        model
            .factor(kind)
            .values
            .iter()
            .map(|v| v.id.clone())
            .collect()
    };
    let single = |kind: FactorKind| proptest::option::of(proptest::sample::select(ids(kind)));
    // Up to as many ids as the factor has (more is refused by validation).
    let multi = |kind: FactorKind| {
        let ids = ids(kind);
        let most = ids.len();
        proptest::collection::vec(proptest::sample::select(ids), 0..=most)
    };
    let choices = (
        single(FactorKind::Location),
        single(FactorKind::Industry),
        single(FactorKind::CompanySize),
        single(FactorKind::Language),
        single(FactorKind::WorkArrangement),
        multi(FactorKind::Skills),
        multi(FactorKind::Certifications),
    )
        .prop_map(
            |(location, industry, company_size, language, work_arrangement, skills, certs)| {
                Choices {
                    location,
                    industry,
                    company_size,
                    language,
                    work_arrangement,
                    skills,
                    certifications: certs,
                }
            },
        );
    let years = prop_oneof![
        (0u8..=50).prop_map(f64::from),
        0.0..=MAX_YEARS,
        Just(MAX_YEARS),
        Just(MAX_YEARS - 3.0),
    ];
    let home = proptest::option::of(proptest::sample::select(ids(FactorKind::Location)));
    (years, choices, home).prop_map(|(years, choices, home)| EstimateInput {
        years,
        choices,
        home,
        ..EstimateInput::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_what_if_and_projection_equal_the_reference(input in any_valid_input(&model())) {
        let model = model();
        // The public functions take inputs whether or not they were normalized.
        for input in [normalized(&model, &input), input.clone()] {
            let median = reference_median(&model, &input);
            let ideas = insights::what_if(&model, &input, median);
            prop_assert!((3..=5).contains(&ideas.len()));
            prop_assert!(ideas.windows(2).all(|w| w[0].delta >= w[1].delta));
            // Each delta is what making that change does to the full breakdown.
            for idea in &ideas {
                let changed_input = with_idea(&input, idea);
                let changed = reference_median(&model, &changed_input);
                if idea.factor == "home" {
                    // Moving keeps the pay and changes what it buys.
                    prop_assert_eq!(changed, median);
                    let buys = |place: &str| {
                        living::cost_of_living(&model.cost_of_living, place, median).adjusted_median
                    };
                    prop_assert_eq!(
                        buys(changed_input.living_place()) - buys(input.living_place()),
                        idea.delta
                    );
                } else {
                    prop_assert_eq!(changed - median, idea.delta, "{}", idea.change);
                }
            }
            prop_assert_eq!(
                insights::projection(&model, &input),
                projection_reference(&model, &input)
            );
        }
        let estimate = estimate(&model, &input).expect("valid input");
        prop_assert_eq!(estimate.base.median, reference_median(&model, &normalized(&model, &input)));
    }
}

#[test]
fn factors_are_found_by_their_index() {
    let model = model();
    for (i, kind) in FactorKind::ALL.into_iter().enumerate() {
        assert_eq!(kind.index(), i);
        assert_eq!(model.factor(kind).kind, kind);
    }
}
