//! Readers see only reader words: no page, API answer or command-line output
//! carries notes meant for maintainers or the site's internal names.

use std::process::Command;

use crate::common::*;

/// Phrases that belong in maintainers' notes (TOML comments), never in what a
/// reader sees. "estimator" is the internal name of what readers know as the
/// calculator.
const MAINTAINER_WORDS: [&str; 19] = [
    "research notes",
    "not yet read",
    "could not be opened",
    "finding aid",
    "check them against",
    "todo",
    "not recorded",
    "data file",
    "shortcode",
    "neutral point",
    "calibration anchor",
    "halved for us use",
    "low reliability",
    "low-reliability",
    "kept as last year",
    "our notes",
    "maintainer",
    "estimator",
    "salary model",
];

fn assert_reader_voice(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for phrase in MAINTAINER_WORDS {
        if let Some(at) = lower.find(phrase) {
            let from = lower[..at]
                .char_indices()
                .rev()
                .nth(80)
                .map_or(0, |(i, _)| i);
            let to = (at + phrase.len() + 80).min(lower.len());
            let to = (to..=lower.len())
                .find(|i| lower.is_char_boundary(*i))
                .unwrap_or(lower.len());
            panic!("{what} shows {phrase:?}: …{}…", &lower[from..to]);
        }
    }
}

/// Every reading page, and calculator results that show every part of an
/// estimate (freelance steps, an offer, thin-evidence notes, both checks).
#[actix_web::test]
async fn pages_and_api_answers_speak_only_to_readers() {
    let site = state().loaded().site.clone();
    let mut paths: Vec<String> = ["/", "/guides/", "/sources", "/calculator", "/search?q=pay"]
        .map(str::to_owned)
        .to_vec();
    paths.extend(site.guides.iter().map(|g| format!("/guides/{}", g.slug)));
    let estimates = [
        "years=4",
        "years=45&location=san-jose&language=rust&skills=ai-ml&skills=docker&certifications=ckad&employment=freelance&offer=150000&offer_bonus=10000&offer_equity=20000",
        "years=0.5&company_size=startup&industry=education&work_arrangement=hybrid&employment=freelance",
        "years=6&location=new-york&home_city=new-york-city&filing=joint&offer=180000&offer_grant=100000",
    ];
    for query in estimates {
        paths.push(format!("/calculator?{query}"));
        paths.push(format!("/api/v1/estimate?{query}"));
    }
    paths.push("/api/v1/options".to_owned());
    paths.push("/compare?a.years=6&a.location=seattle&b.years=6&b.location=san-francisco&b.offer=180000&a.offer=180000".to_owned());
    for path in &paths {
        let reply = get(path).await;
        assert!(reply.status.is_success(), "{path}: {}", reply.status);
        assert_reader_voice(path, &reply.body);
    }
}

#[test]
fn command_line_output_speaks_only_to_readers() {
    for args in [
        &["estimate", "--years", "4"][..],
        &[
            "estimate",
            "--years",
            "45",
            "--location",
            "san-jose",
            "--skills",
            "ai-ml",
            "--employment",
            "freelance",
            "--offer",
            "150000",
        ][..],
        &[
            "estimate",
            "--years",
            "4",
            "--employment",
            "freelance",
            "--json",
        ][..],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_salary-guide"))
            .args(args)
            .env_remove("SALARY_GUIDE_CONTENT")
            .env_remove("SALARY_GUIDE_STATIC")
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{args:?}");
        assert_reader_voice(
            &format!("salary-guide {}", args.join(" ")),
            &String::from_utf8_lossy(&output.stdout),
        );
    }
}
