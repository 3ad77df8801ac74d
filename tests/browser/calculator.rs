//! The live calculator in a real browser, and the same form without JavaScript.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::MEASURING;
use crate::harness::{
    Harness, SessionOptions, address, assert_no_console_errors, drain_console, http_get, js,
    set_viewport, text_of, wait_for,
};

/// A region's markup reduced to what matters: elements, their attributes
/// (without form state, which the server writes as attributes and a person
/// sets as properties) and non-blank text, adjacent text merged; plus its
/// rendered text, which keeps the spaces between inline elements.
pub(crate) const SIGNATURE: &str = r#"
const region = document.querySelector(arguments[0]);
if (!region) { return null; }
const skip = new Set(['value', 'checked', 'selected', 'aria-busy']);
function sig(node) {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.data.replace(/\s+/g, ' ').trim();
    return text === '' ? null : text;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) { return null; }
  const attributes = Array.from(node.attributes)
    .filter((a) => !skip.has(a.name))
    .map((a) => a.name + '=' + a.value)
    .sort();
  const children = Array.from(node.childNodes).map(sig).filter((c) => c !== null);
  return [node.localName, attributes, children];
}
const copy = region.cloneNode(true);
copy.normalize();
return {
  tree: JSON.stringify(Array.from(copy.childNodes).map(sig).filter((c) => c !== null), null, 1),
  text: region.innerText,
};
"#;

/// Sets the calculator form to `query`'s answers the way a person would end
/// up with them (unlisted text fields empty, unlisted boxes unticked, unlisted
/// choices at their first option) and tells the page with an `input` event.
const FILL: &str = r#"
const form = document.querySelector('form.calculator-form');
const wanted = new URLSearchParams(arguments[0]);
for (const element of form.elements) {
  if (!element.name) { continue; }
  const values = wanted.getAll(element.name);
  if (element.type === 'checkbox' || element.type === 'radio') {
    element.checked = element.type === 'radio' && values.length === 0
      ? element === form.querySelector(`[name="${element.name}"]`)
      : values.includes(element.value);
  } else if (element.tagName === 'SELECT') {
    element.value = values.length ? values[0] : element.options[0].value;
  } else if (element.tagName === 'INPUT') {
    element.value = values.length ? values[0] : '';
  }
}
form.dispatchEvent(new Event('input', { bubbles: true }));
return new URLSearchParams(new FormData(form)).toString();
"#;

/// The query the form would submit now.
async fn form_query(client: &Client) -> String {
    js(
        client,
        "return new URLSearchParams(new FormData(document.querySelector('form.calculator-form'))).toString();",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// The API's estimate (or problem) for a query, straight from the server.
fn api(harness: &Harness, query: &str) -> Value {
    let reply = http_get(&harness.url(&format!("/api/v1/estimate?{query}"))).expect("API answers");
    serde_json::from_str(&reply.body).expect("API JSON")
}

/// Waits until the page shows `query` in the address bar and is not busy.
async fn wait_until_shown(client: &Client, query: &str) {
    let expected = format!("/calculator?{query}");
    wait_for(&format!("the address bar to become {expected}"), || async {
        let busy = js(
            client,
            "return document.getElementById('result').hasAttribute('aria-busy');",
            vec![],
        )
        .await;
        (address(client).await == expected && busy == json!(false)).then_some(())
    })
    .await;
}

/// Waits until the median on the page is `median`.
async fn wait_for_median(client: &Client, median: &str) {
    wait_for(&format!("the median to read {median}"), || async {
        (text_of(client, "#result [data-stat=median]")
            .await
            .as_deref()
            == Some(median))
        .then_some(())
    })
    .await;
}

/// An amount from the API as the page shows it.
fn usd(amount: &Value) -> String {
    salary_guide::money::usd(amount.as_i64().expect("an amount"))
}

struct Snapshot {
    result: Value,
    form: Value,
    title: String,
}

async fn snapshot(client: &Client) -> Snapshot {
    Snapshot {
        result: js(client, SIGNATURE, vec![json!("#result")]).await,
        form: js(client, SIGNATURE, vec![json!("form.calculator-form")]).await,
        title: client.title().await.expect("title"),
    }
}

/// Asserts two signatures are equal, showing the first lines that differ.
fn assert_same_markup(live: &Value, served: &Value, what: &str) {
    let (live, served) = (
        live.as_str().unwrap_or_default(),
        served.as_str().unwrap_or_default(),
    );
    if live == served {
        return;
    }
    let live: Vec<&str> = live.lines().collect();
    let served: Vec<&str> = served.lines().collect();
    let first = live
        .iter()
        .zip(&served)
        .position(|(a, b)| a != b)
        .unwrap_or(live.len().min(served.len()));
    let from = first.saturating_sub(12);
    panic!(
        "{what} differs from line {first}.\n--- shown live:\n{}\n--- rendered by the server:\n{}",
        live[from..(first + 8).min(live.len())].join("\n"),
        served[from..(first + 8).min(served.len())].join("\n"),
    );
}

/// The paths the page has fetched since it loaded.
async fn fetched_paths(client: &Client) -> Vec<String> {
    let paths = js(
        client,
        "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);",
        vec![],
    )
    .await;
    serde_json::from_value(paths).expect("a list of paths")
}

/// Asserts that what the page shows after live updates is what the server
/// renders for the address now in the address bar (result, form with its
/// error markup, and title), and that the updates came as the server's
/// rendered fragments, never as data for the page to draw.
async fn assert_same_as_server(client: &Client, context: &str) {
    let fetched = fetched_paths(client).await;
    assert!(
        fetched.iter().any(|path| path == "/calculator/result")
            && !fetched.iter().any(|path| path.starts_with("/api/")),
        "{context}: the live updates fetched {fetched:?}"
    );
    let live = snapshot(client).await;
    let url = client.current_url().await.expect("URL");
    client.goto(url.as_str()).await.expect("server page");
    drain_console(client).await;
    let served = snapshot(client).await;
    assert_same_markup(
        &live.result["tree"],
        &served.result["tree"],
        &format!("{context}: #result"),
    );
    assert_same_markup(
        &live.result["text"],
        &served.result["text"],
        &format!("{context}: the text of #result"),
    );
    assert_same_markup(
        &live.form["tree"],
        &served.form["tree"],
        &format!("{context}: the form"),
    );
    assert_same_markup(
        &live.form["text"],
        &served.form["text"],
        &format!("{context}: the text of the form"),
    );
    assert_eq!(live.title, served.title, "{context}: title");
}

/// Saves a full-page screenshot when `BROWSER_SCREENSHOTS` names a folder.
async fn screenshot(client: &Client, width: u32, name: &str) {
    let Ok(folder) = std::env::var("BROWSER_SCREENSHOTS") else {
        return;
    };
    let height = js(
        client,
        "return document.documentElement.scrollHeight;",
        vec![],
    )
    .await
    .as_u64()
    .unwrap_or(900)
    .min(8000);
    set_viewport(client, width, u32::try_from(height).unwrap_or(900)).await;
    js(client, "window.scrollTo(0, 0);", vec![]).await;
    let png = client.screenshot().await.expect("screenshot");
    std::fs::create_dir_all(&folder).expect("screenshot folder");
    std::fs::write(format!("{folder}/{name}-{width}.png"), png).expect("screenshot saved");
    set_viewport(client, width, 900).await;
}

/// Presses and releases each key in turn (`Key::Tab.into()`, `'8'`).
async fn press(client: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for key in keys {
        actions = actions
            .then(KeyAction::Down { value: *key })
            .then(KeyAction::Up { value: *key });
    }
    client.perform_actions(actions).await.expect("keys pressed");
}

#[tokio::test]
async fn filling_in_the_form_shows_the_result_and_a_change_updates_it_in_place() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    client.goto(&harness.url("/calculator")).await.unwrap();

    // Fill in the form: the result appears without pressing the button.
    let years = client.find(Locator::Id("field-years")).await.unwrap();
    years.send_keys("4").await.unwrap();
    let query = form_query(&client).await;
    let estimate = api(&harness, &query);
    wait_for_median(&client, &usd(&estimate["base"]["median"])).await;
    wait_until_shown(&client, &query).await;

    // Change answers: the page is not reloaded (the marker survives), the
    // figures follow and the address bar is the new result's link.
    js(&client, "window.stillHere = 'yes';", vec![]).await;
    client
        .find(Locator::Id("field-location"))
        .await
        .unwrap()
        .select_by_label("Seattle-Tacoma-Bellevue, WA")
        .await
        .unwrap();
    client
        .find(Locator::Css("label[for=skills-aws]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let query = form_query(&client).await;
    assert!(
        query.contains("location=Seattle-Tacoma-Bellevue") && query.contains("skills=aws"),
        "{query}"
    );
    let estimate = api(&harness, &query);
    wait_for_median(&client, &usd(&estimate["base"]["median"])).await;
    wait_until_shown(&client, &query).await;
    assert_eq!(
        js(&client, "return window.stillHere;", vec![]).await,
        json!("yes"),
        "the page navigated instead of updating in place"
    );
    assert_eq!(
        text_of(&client, "#result [data-stat=p90]").await.unwrap(),
        usd(&estimate["base"]["p90"])
    );
    assert!(
        client
            .title()
            .await
            .unwrap()
            .starts_with(&format!("{} median", usd(&estimate["base"]["median"])))
    );
    assert_no_console_errors(&client, "the live calculator").await;
    screenshot(&client, 1280, "calculator-live").await;
    set_viewport(&client, 360, 900).await;
    years.clear().await.unwrap();
    years.send_keys("7").await.unwrap();
    let query = form_query(&client).await;
    wait_until_shown(&client, &query).await;
    screenshot(&client, 360, "calculator-live").await;
    assert_no_console_errors(&client, "the live calculator at 360 px").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn what_the_page_shows_live_is_what_the_server_renders_for_its_address() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    let profiles = [
        // An offer with a bonus: the offer brief with its total-pay sentence.
        "years=4&location=Seattle-Tacoma-Bellevue%2C+WA&skills=aws&offer=120000&offer_bonus=5000",
        // Freelance, past the chart, capped premiums, equity counted as cash.
        "years=45&employment=freelance&company_size=enterprise&skills=aws&skills=kubernetes&skills=security&skills=ai-ml&skills=microservices&skills=databases&certifications=ckad&certifications=google-cloud",
        // An offer alone, a language, remote work, half years.
        "years=2.5&language=go&work_arrangement=remote&offer=90000",
        // A startup, no experience.
        "years=0&company_size=startup&industry=finance&location=Austin-Round+Rock-San+Marcos%2C+TX",
        // Errors beside three fields.
        "years=abc&offer=x&offer_equity=-5",
        // Years emptied after a result.
        "location=Denver-Aurora-Centennial%2C+CO",
    ];
    for profile in profiles {
        // From the empty calculator, a result and errors the server rendered.
        for start in [
            "/calculator",
            "/calculator?years=10&location=boston&skills=aws",
            "/calculator?years=abc&location=nowhere&offer_bonus=5000",
        ] {
            client.goto(&harness.url(start)).await.unwrap();
            drain_console(&client).await;
            // A first answer makes the page live, as a person typing would.
            js(
                &client,
                FILL,
                vec![json!("years=1&location=Chicago-Naperville-Elgin%2C+IL-IN")],
            )
            .await;
            wait_until_shown(&client, &form_query(&client).await).await;
            let query = js(&client, FILL, vec![json!(profile)]).await;
            let query = query.as_str().unwrap().to_owned();
            wait_until_shown(&client, &query).await;
            assert_no_console_errors(&client, profile).await;
            assert_same_as_server(&client, &format!("{profile} (from {start})")).await;
        }
    }
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_bad_answer_is_marked_beside_its_field_live_and_cleared_when_fixed() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    client
        .goto(&harness.url("/calculator?years=4"))
        .await
        .unwrap();
    let years = client.find(Locator::Id("field-years")).await.unwrap();
    years.clear().await.unwrap();
    years.send_keys("abc").await.unwrap();
    wait_for("the years error", || async {
        text_of(&client, "#years-error")
            .await
            .filter(|t| t.contains("must be a number"))
    })
    .await;
    assert_eq!(
        years.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        years.attr("aria-describedby").await.unwrap().as_deref(),
        Some("years-hint years-error")
    );
    assert_eq!(
        js(&client, "return Array.from(document.querySelectorAll('.error-summary a')).map(a => a.getAttribute('href'));", vec![]).await,
        json!(["#field-years"])
    );
    assert!(
        text_of(&client, "#result [data-stat=median]")
            .await
            .is_none()
    );
    let query = form_query(&client).await;
    wait_until_shown(&client, &query).await;
    assert!(query.starts_with("years=abc&"), "{query}");

    years.clear().await.unwrap();
    years.send_keys("5").await.unwrap();
    let query = form_query(&client).await;
    let estimate = api(&harness, &query);
    wait_for_median(&client, &usd(&estimate["base"]["median"])).await;
    wait_until_shown(&client, &query).await;
    assert_eq!(years.attr("aria-invalid").await.unwrap(), None);
    assert_eq!(
        years.attr("aria-describedby").await.unwrap().as_deref(),
        Some("years-hint")
    );
    assert!(text_of(&client, "#years-error").await.is_none());
    assert!(text_of(&client, ".error-summary").await.is_none());
    assert_no_console_errors(&client, "live field errors").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn without_javascript_the_form_gives_the_same_result() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let answers = "years=6&location=Denver-Aurora-Centennial%2C+CO&industry=finance&skills=kubernetes&skills=aws&work_arrangement=hybrid&offer=150000";

    // With JavaScript: the result is swapped in place.
    let live = harness.session(SessionOptions::default()).await;
    live.goto(&harness.url("/calculator")).await.unwrap();
    let query = js(&live, FILL, vec![json!(answers)]).await;
    let query = query.as_str().unwrap().to_owned();
    wait_until_shown(&live, &query).await;
    let shown = js(&live, SIGNATURE, vec![json!("#result")]).await;
    live.close().await.unwrap();

    // Without: the same answers typed and picked, then the button.
    let client = harness
        .session(SessionOptions {
            javascript: false,
            ..SessionOptions::default()
        })
        .await;
    client.goto(&harness.url("/calculator")).await.unwrap();
    client
        .find(Locator::Id("field-years"))
        .await
        .unwrap()
        .send_keys("6")
        .await
        .unwrap();
    // The location list's options are their labels.
    client
        .find(Locator::Id("field-location"))
        .await
        .unwrap()
        .select_by_label("Denver-Aurora-Centennial, CO")
        .await
        .unwrap();
    client
        .find(Locator::Id("field-industry"))
        .await
        .unwrap()
        .select_by_value("finance")
        .await
        .unwrap();
    for label in ["skills-kubernetes", "skills-aws", "work_arrangement-hybrid"] {
        client
            .find(Locator::Css(&format!("label[for='{label}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    client
        .find(Locator::Id("field-offer"))
        .await
        .unwrap()
        .send_keys("150000")
        .await
        .unwrap();
    client
        .find(Locator::Css("form.calculator-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the server's result page", || async {
        (address(&client).await == format!("/calculator?{query}")).then_some(())
    })
    .await;
    assert_eq!(
        client.current_url().await.unwrap().fragment(),
        Some("result"),
        "the GET form leads to the result"
    );
    let served = js(&client, SIGNATURE, vec![json!("#result")]).await;
    assert_same_markup(
        &shown["tree"],
        &served["tree"],
        "#result without JavaScript",
    );
    assert_same_markup(
        &shown["text"],
        &served["text"],
        "the text of #result without JavaScript",
    );
    let estimate = api(&harness, &query);
    assert_eq!(
        text_of(&client, "#result [data-stat=median]")
            .await
            .unwrap(),
        usd(&estimate["base"]["median"])
    );
    assert_no_console_errors(&client, "the calculator without JavaScript").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_whole_form_works_from_the_keyboard() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    client.goto(&harness.url("/calculator")).await.unwrap();

    // Tab from the top of the page to the button, noting every stop.
    let mut stops: Vec<String> = Vec::new();
    for _ in 0..80 {
        press(&client, &[Key::Tab.into()]).await;
        let stop = js(
            &client,
            "const e = document.activeElement; return e.id || e.getAttribute('href') || e.textContent.trim();",
            vec![],
        )
        .await;
        let stop = stop.as_str().unwrap_or_default().to_owned();
        if stop == "field-years" {
            // Type where the keyboard is.
            press(&client, &['8']).await;
        }
        let done = stop == "Estimate my pay";
        stops.push(stop);
        if done {
            break;
        }
    }
    let expected_in_order = [
        "#main",
        "field-years",
        "field-location",
        "field-industry",
        "field-company_size",
        "field-language",
        "skills-kubernetes",
        "certifications-aws-developer",
        "work_arrangement-onsite",
        "employment-salaried",
        "field-offer",
        "field-offer_bonus",
        "field-offer_equity",
        "Estimate my pay",
    ];
    let mut position = 0;
    for wanted in expected_in_order {
        position = stops[position..]
            .iter()
            .position(|s| s == wanted)
            .map(|p| p + position)
            .unwrap_or_else(|| panic!("Tab never reached {wanted} in order: {stops:?}"));
    }

    // Back to the years field, and Enter submits.
    client
        .find(Locator::Id("field-years"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    press(&client, &[Key::Enter.into()]).await;
    let query = form_query(&client).await;
    assert!(query.starts_with("years=8&"), "{query}");
    let estimate = api(&harness, &query);
    wait_for_median(&client, &usd(&estimate["base"]["median"])).await;
    wait_until_shown(&client, &query).await;
    // After an explicit submit, focus moves to the result.
    wait_for("focus on the result heading", || async {
        (js(&client, "return document.activeElement.id;", vec![]).await == json!("result-heading"))
            .then_some(())
    })
    .await;
    assert_no_console_errors(&client, "the keyboard walk").await;
    client.close().await.unwrap();
}
