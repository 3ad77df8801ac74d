//! Criterion benchmarks of the pure parts: the estimator and content loading.
//! Run with `cargo bench --bench estimator`.

use criterion::{Criterion, criterion_group, criterion_main};
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::estimator::{self, Choices, EstimateInput, Offer, SalaryModel};

fn model() -> SalaryModel {
    salary_guide::content::load_model(&FileTree::BundledContent)
        .unwrap_or_else(|errors| panic!("bundled model: {errors}"))
}

fn benches(c: &mut Criterion) {
    let model = model();
    let default_profile = EstimateInput {
        years: 4.0,
        ..EstimateInput::default()
    };
    let full_profile = EstimateInput {
        years: 7.5,
        choices: Choices {
            location: Some("seattle".into()),
            industry: Some("finance".into()),
            company_size: Some("enterprise".into()),
            language: Some("go".into()),
            work_arrangement: Some("remote".into()),
            skills: vec!["kubernetes".into(), "aws".into(), "ai-ml".into()],
            certifications: vec!["ckad".into()],
        },
        offer: Some(Offer {
            base: 150_000,
            bonus: 10_000,
            equity: 20_000,
            ..Offer::default()
        }),
        ..EstimateInput::default()
    };
    c.bench_function("estimate default profile", |b| {
        b.iter(|| estimator::estimate(&model, std::hint::black_box(&default_profile)))
    });
    c.bench_function("estimate full profile with offer", |b| {
        b.iter(|| estimator::estimate(&model, std::hint::black_box(&full_profile)))
    });
    c.bench_function("estimate to JSON", |b| {
        b.iter(|| {
            let estimate = estimator::estimate(&model, &default_profile);
            serde_json::to_vec(&estimate.ok())
        })
    });
    c.bench_function("parse and validate the data file", |b| {
        b.iter(model_text_parse)
    });
    let mut group = c.benchmark_group("content");
    group.sample_size(20);
    group.bench_function("load bundled site (parse, render, index, check)", |b| {
        b.iter(|| Site::load(&FileTree::BundledContent).map(|site| site.guides.len()))
    });
    group.finish();
}

fn model_text_parse() -> usize {
    salary_guide::content::load_model(&FileTree::BundledContent)
        .map(|model| model.sources.len())
        .unwrap_or(0)
}

criterion_group!(estimator_benches, benches);
criterion_main!(estimator_benches);
