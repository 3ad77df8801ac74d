//! Audits of the page types the issue names: axe-core in the browser at a
//! desktop and a phone width, the Nu HTML Checker on the served HTML, and
//! Lighthouse's scores.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use fantoccini::Client;
use serde_json::Value;

use crate::MEASURING;
use crate::harness::{
    CHROMIUM_FLAGS, Harness, SessionOptions, have_browser, have_npm_file, http_get, js, missing,
    set_viewport, wait_for,
};

/// The six page types the issue names (home, a guide, the empty calculator, a
/// result, a form with errors, the 404 page), then the rest of the site's.
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("guide", "/guides/salary-by-experience"),
    ("empty calculator", "/calculator"),
    (
        "calculator result",
        "/calculator?years=4&location=seattle&skills=aws&skills=kubernetes&offer=120000&offer_bonus=5000",
    ),
    (
        "calculator with errors",
        "/calculator?years=abc&location=nowhere&offer=x",
    ),
    ("404 page", "/no-such-page"),
    // Beyond the six: the other page types, checked the same way.
    ("guide index", "/guides/"),
    ("sources", "/sources"),
    ("search results", "/search?q=negotiate"),
    ("empty search", "/search"),
    (
        "guide with a Markdown table",
        "/guides/startup-vs-enterprise-offers",
    ),
    // Newer guides (issue 13): cited figures inside tables, a law table.
    ("guide: beyond senior", "/guides/beyond-senior"),
    (
        "guide: raises and promotions",
        "/guides/raises-and-promotions",
    ),
    ("guide: neighboring roles", "/guides/neighboring-roles"),
    ("guide: pay by city", "/guides/pay-by-city"),
    ("guide: big-tech offers", "/guides/big-tech-offers"),
    ("guide: contract work", "/guides/contract-work"),
    // A result with every "read next" link: freelance, an offer, a city, past senior.
    (
        "calculator result with read-next links",
        "/calculator?years=12&location=austin&employment=freelance&offer=150000",
    ),
    ("empty compare", "/compare"),
    ("three-scenario comparison", THREE_SCENARIOS),
    (
        "comparison with errors",
        "/compare?a.years=5&b.years=abc&c.years=4&c.location=atlantis",
    ),
    ("salary report form", "/share"),
    ("report withdrawal", "/share/withdraw"),
    ("privacy", "/privacy"),
    ("moderators' login", "/moderate"),
];

/// A comparison of three scenarios: two cities, a remote job lived elsewhere,
/// offers with a grant, a signing bonus and skills.
const THREE_SCENARIOS: &str = "/compare?a.years=5&a.location=san-francisco&a.offer=180000&a.skills=aws&b.years=5&b.location=austin&b.company_size=enterprise&b.offer=150000&b.offer_signing=20000&b.offer_grant=80000&b.offer_vesting=back-loaded-5-15-40-40&c.years=5&c.location=seattle&c.work_arrangement=remote&c.home=denver&c.offer=170000";

/// Runs axe-core on the page in the browser; returns its violations.
async fn axe(client: &Client, source: &str) -> Vec<Value> {
    js(client, &format!("{source}\nreturn true;"), vec![]).await;
    let outcome = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then((r) => done(r.violations.map((v) => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary),
               }))))
               .catch((e) => done('axe failed: ' + e));",
            vec![],
        )
        .await
        .expect("axe ran");
    match outcome {
        Value::Array(violations) => violations,
        other => panic!("{other}"),
    }
}

/// Changes the live calculator in place, for the states only the script makes.
async fn live_states(client: &Client, harness: &Harness) -> Vec<(&'static str, String)> {
    let mut states = Vec::new();
    client
        .goto(&harness.url("/calculator?years=3"))
        .await
        .unwrap();
    for (name, script) in [
        (
            "live result",
            "const f = document.querySelector('form.calculator-form');
             f.elements.years.value = '12'; f.elements.offer.value = '200000';
             document.getElementById('skills-aws').checked = true;
             f.dispatchEvent(new Event('input', { bubbles: true }));",
        ),
        (
            "live errors",
            "const f = document.querySelector('form.calculator-form');
             f.elements.years.value = 'lots'; f.elements.offer_bonus.value = '5000';
             f.dispatchEvent(new Event('input', { bubbles: true }));",
        ),
    ] {
        js(client, script, vec![]).await;
        let query = js(
            client,
            "return new URLSearchParams(new FormData(document.querySelector('form.calculator-form'))).toString();",
            vec![],
        )
        .await;
        let expected = format!("?{}", query.as_str().unwrap());
        wait_for(name, || async {
            let now = js(client, "return location.search + (document.getElementById('result').hasAttribute('aria-busy') ? ' busy' : '');", vec![]).await;
            (now.as_str() == Some(expected.as_str())).then_some(())
        })
        .await;
        let html = js(
            client,
            "return '<!doctype html>\\n' + document.documentElement.outerHTML;",
            vec![],
        )
        .await;
        states.push((name, html.as_str().unwrap().to_owned()));
    }
    states
}

/// The calculator with the place field's suggestions open and one marked.
async fn place_list_open(client: &Client, harness: &Harness) {
    client
        .goto(&harness.url("/calculator?years=3"))
        .await
        .unwrap();
    js(
        client,
        // In the field, as a person typing is: suggestions open only there.
        "const f = document.getElementById('field-place');
         f.focus(); f.value = 'spr'; f.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    wait_for("the place suggestions to open", || async {
        (js(
            client,
            "return document.getElementById('field-place').getAttribute('aria-expanded');",
            vec![],
        )
        .await
            == "true")
            .then_some(())
    })
    .await;
    js(
        client,
        "document.getElementById('field-place').dispatchEvent(
           new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));",
        vec![],
    )
    .await;
}

#[tokio::test]
async fn axe_finds_no_violations_at_desktop_and_phone_widths() {
    let _measuring = MEASURING.read().await;
    let Some(axe_path) = have_npm_file("axe-core/axe.min.js") else {
        return;
    };
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let source = std::fs::read_to_string(axe_path).unwrap();
    let client = harness.session(SessionOptions::default()).await;
    let mut failures = Vec::new();
    for width in [1280, 360] {
        set_viewport(&client, width, 900).await;
        for (name, path) in PAGES {
            client.goto(&harness.url(path)).await.unwrap();
            let violations = axe(&client, &source).await;
            if !violations.is_empty() {
                failures.push(format!("{name} ({path}) at {width}px: {violations:#?}"));
            }
        }
        for (name, _) in live_states(&client, &harness).await {
            let violations = axe(&client, &source).await;
            if !violations.is_empty() {
                failures.push(format!("{name} at {width}px: {violations:#?}"));
            }
        }
        place_list_open(&client, &harness).await;
        let violations = axe(&client, &source).await;
        if !violations.is_empty() {
            failures.push(format!(
                "place suggestions open at {width}px: {violations:#?}"
            ));
        }
    }
    client.close().await.unwrap();
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
}

/// Whether `java -version` runs.
fn have_java() -> bool {
    let works = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    works
        || missing(
            "Java (for the Nu HTML Checker)",
            "sudo apt-get install -y default-jre-headless",
        )
}

#[tokio::test]
async fn the_nu_html_checker_finds_no_errors() {
    let _measuring = MEASURING.read().await;
    let Some(vnu) = have_npm_file("vnu-jar/build/dist/vnu.jar") else {
        return;
    };
    if !have_java() {
        return;
    }
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut save = |name: &str, html: &str| {
        let file = folder
            .path()
            .join(format!("{}.html", name.replace(' ', "-")));
        std::fs::write(&file, html).unwrap();
        files.push(file);
    };
    for (name, path) in PAGES {
        let reply = http_get(&harness.url(path)).unwrap();
        assert!(
            reply
                .header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{path}"
        );
        save(name, &reply.body);
    }
    // And the markup the live calculator builds, as the browser holds it.
    let client = harness.session(SessionOptions::default()).await;
    for (name, html) in live_states(&client, &harness).await {
        save(name, &html);
    }
    client.close().await.unwrap();

    let output = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "json", "--stdout"])
        .args(&files)
        .output()
        .expect("the Nu HTML Checker runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON from vnu ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} line {}: {} [{}]",
                m["url"]
                    .as_str()
                    .unwrap_or_default()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default(),
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"].as_str().unwrap_or_default().trim()
            )
        })
        .collect();
    assert!(
        messages.is_empty(),
        "the Nu HTML Checker reports:\n{}",
        messages.join("\n")
    );
}

/// One Lighthouse run (mobile, its default) of `url`: the JSON report.
///
/// Lighthouse occasionally fails inside its own trace processing (for example
/// `NO_NAVSTART` on a busy machine) and then reports no scores at all. Such a
/// run says nothing about the page, so it is tried again, up to three times;
/// a run that completes is always judged on its scores.
fn lighthouse(cli: &Path, url: &str, report: &Path) -> Value {
    let mut problems = Vec::new();
    for _attempt in 0..3 {
        let output = Command::new("node")
            .arg(cli)
            .arg(url)
            .arg("--output=json")
            .arg(format!("--output-path={}", report.display()))
            .arg("--only-categories=performance,accessibility,best-practices,seo")
            .arg(format!("--chrome-flags={}", CHROMIUM_FLAGS.join(" ")))
            .arg("--quiet")
            .env("CHROME_PATH", "/usr/bin/chromium")
            .output()
            .expect("Lighthouse runs");
        if !output.status.success() {
            problems.push(String::from_utf8_lossy(&output.stderr).into_owned());
            continue;
        }
        let parsed: Value = serde_json::from_slice(&std::fs::read(report).unwrap()).unwrap();
        match parsed.get("runtimeError").filter(|e| !e.is_null()) {
            Some(error) => problems.push(format!("Lighthouse runtime error: {error}")),
            None => return parsed,
        }
    }
    panic!(
        "Lighthouse could not complete on {url}:\n{}",
        problems.join("\n")
    );
}

/// What keeps a category below full marks, from the report.
fn shortfalls(report: &Value, category: &str) -> Vec<String> {
    report["categories"][category]["auditRefs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["weight"].as_f64().unwrap_or(0.0) > 0.0)
        .filter_map(|r| {
            let audit = &report["audits"][r["id"].as_str()?];
            let score = audit["score"].as_f64()?;
            (score < 1.0).then(|| {
                format!(
                    "{} ({score}): {} {}",
                    audit["id"].as_str().unwrap_or_default(),
                    audit["title"].as_str().unwrap_or_default(),
                    audit["displayValue"].as_str().unwrap_or_default()
                )
            })
        })
        .collect()
}

#[tokio::test]
async fn lighthouse_scores_the_main_pages_fast_accessible_and_well_made() {
    // Alone: other tests' browsers would slow the measured page.
    let _measuring = MEASURING.write().await;
    let Some(cli) = have_npm_file("lighthouse/cli/index.js") else {
        return;
    };
    if !have_browser() {
        return;
    }
    let Some(harness) = Harness::start().await else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let pages = [
        ("home", "/"),
        ("guide", "/guides/salary-by-experience"),
        (
            "calculator result",
            "/calculator?years=4&location=seattle&skills=aws",
        ),
        // The longest of the newer guides by words, and the one with the
        // widest table.
        ("longest guide", "/guides/big-tech-offers"),
        ("guide with a law table", "/guides/raises-and-promotions"),
        ("three-scenario comparison", THREE_SCENARIOS),
    ];
    let mut failures = Vec::new();
    for (i, (name, path)) in pages.iter().enumerate() {
        let report = lighthouse(
            &cli,
            &harness.url(path),
            &folder.path().join(format!("report-{i}.json")),
        );
        let score = |category: &str| {
            (report["categories"][category]["score"]
                .as_f64()
                .unwrap_or(0.0)
                * 100.0)
                .round()
        };
        let line = format!(
            "Lighthouse {name} ({path}): performance {}, accessibility {}, best practices {}, SEO {}\n",
            score("performance"),
            score("accessibility"),
            score("best-practices"),
            score("seo")
        );
        // Straight to standard error: the scores are worth seeing on a pass.
        let _ = std::io::stderr().write_all(line.as_bytes());
        for (category, minimum) in [
            ("performance", 95.0),
            ("accessibility", 100.0),
            ("best-practices", 100.0),
            ("seo", 100.0),
        ] {
            if score(category) < minimum {
                failures.push(format!(
                    "{name}: {category} {} < {minimum}: {:#?}",
                    score(category),
                    shortfalls(&report, category)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
