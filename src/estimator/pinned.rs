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
//! - the old, straightforward what-if and projection are kept below as the
//!   reference, and a property test compares them with the fast ones over
//!   random profiles.

use std::path::PathBuf;

use proptest::prelude::*;

use super::insights::{self, ProjectionPoint, WhatIf};
use super::*;

/// The median the step-by-step breakdown arrives at: the reference the
/// median-only fast paths must match to the dollar.
fn reference_median(model: &SalaryModel, input: &EstimateInput) -> i64 {
    Resolved::new(model, input).explain(model, input.years).0
}

const BUNDLED: &str = include_str!("../../content/data/salary-model.toml");

fn model() -> SalaryModel {
    SalaryModel::parse(BUNDLED).expect("the bundled data file is valid")
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

/// The what-if ideas as first written: every candidate input rebuilt and run
/// through the whole waterfall.
fn what_if_reference(model: &SalaryModel, input: &EstimateInput, median: i64) -> Vec<WhatIf> {
    let mut candidates = Vec::new();
    let mut consider =
        |changed: EstimateInput, change: String, guide: &str, factor, value: &str| {
            candidates.push(WhatIf {
                delta: reference_median(model, &changed) - median,
                change,
                guide: guide.to_owned(),
                factor,
                value: value.to_owned(),
            });
        };

    if input.years < MAX_YEARS {
        let mut later = input.clone();
        later.years = (input.years + 3.0).min(MAX_YEARS);
        let value = format_years(later.years);
        consider(
            later,
            "Gain three more years of experience".to_owned(),
            &model.experience_guide,
            "experience",
            &value,
        );
    }

    for kind in [FactorKind::Skills, FactorKind::Certifications] {
        let factor = model.factor(kind);
        let held = input.choices.multi(kind);
        for value in factor.values.iter().filter(|v| !held.contains(&v.id)) {
            let mut changed = input.clone();
            match kind {
                FactorKind::Skills => changed.choices.skills.push(value.id.clone()),
                _ => changed.choices.certifications.push(value.id.clone()),
            }
            let change = match kind {
                FactorKind::Skills => format!("Add {} to your skills", value.label),
                _ => format!("Earn the {} certification", value.label),
            };
            consider(changed, change, &factor.guide, kind.key(), &value.id);
        }
    }

    for kind in [
        FactorKind::Location,
        FactorKind::Industry,
        FactorKind::CompanySize,
        FactorKind::Language,
        FactorKind::WorkArrangement,
    ] {
        let factor = model.factor(kind);
        let current = input.choices.single(kind).or(factor.default.as_deref());
        let best = factor
            .values
            .iter()
            .filter(|v| Some(v.id.as_str()) != current)
            .max_by(|a, b| a.multiplier.total_cmp(&b.multiplier));
        let Some(value) = best else { continue };
        let mut changed = input.clone();
        set_single(&mut changed.choices, kind, &value.id);
        let change = match kind {
            FactorKind::Location => format!("Work for an employer in {}", value.label),
            FactorKind::Industry => format!("Move to the {} industry", value.label.to_lowercase()),
            FactorKind::CompanySize => format!("Join a larger employer: {}", value.label),
            FactorKind::Language => format!("Make {} your main language", value.label),
            _ => format!("Switch to {} work", value.label.to_lowercase()),
        };
        consider(changed, change, &factor.guide, kind.key(), &value.id);
    }

    candidates.sort_by_key(|c| std::cmp::Reverse(c.delta));
    let helpful = candidates.iter().filter(|c| c.delta > 0).count();
    candidates.truncate(helpful.clamp(3, 5));
    candidates
}

/// The projection as first written: the whole waterfall once per year.
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
    (years, choices).prop_map(|(years, choices)| EstimateInput {
        years,
        choices,
        ..EstimateInput::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_what_if_and_projection_equal_the_reference(input in any_valid_input(&model())) {
        let model = model();
        let normalized = normalized(&model, &input);
        let median = reference_median(&model, &normalized);
        prop_assert_eq!(
            insights::what_if(&model, &normalized, median),
            what_if_reference(&model, &normalized, median)
        );
        prop_assert_eq!(
            insights::projection(&model, &normalized),
            projection_reference(&model, &normalized)
        );
        // The public functions also take inputs that were never normalized.
        let raw_median = reference_median(&model, &input);
        prop_assert_eq!(
            insights::what_if(&model, &input, raw_median),
            what_if_reference(&model, &input, raw_median)
        );
        prop_assert_eq!(
            insights::projection(&model, &input),
            projection_reference(&model, &input)
        );
        let estimate = estimate(&model, &input).expect("valid input");
        prop_assert_eq!(&estimate.what_if, &what_if_reference(&model, &normalized, median));
        prop_assert_eq!(&estimate.projection, &projection_reference(&model, &normalized));
        prop_assert_eq!(estimate.base.median, median);
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
