//! The compare page in a real browser: live updates that match the server's
//! own rendering, live field errors beside the right scenario, and the same
//! comparison without JavaScript.

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::MEASURING;
use crate::calculator::SIGNATURE;
use crate::harness::{
    Harness, SessionOptions, address, assert_no_console_errors, drain_console, js, wait_for,
};

const START: &str = "/compare?a.years=5&a.location=san-francisco&b.years=5&b.location=austin";

/// Sets `value` in the select or text field `id` and tells the page, as a
/// person's choice or leaving the field would.
async fn pick(client: &Client, id: &str, value: &str) {
    js(
        client,
        "const s = document.getElementById(arguments[0]); s.value = arguments[1];
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(id), json!(value)],
    )
    .await;
}

/// Waits until the address bar shows `part` and no update is under way.
async fn wait_until_shown(client: &Client, part: &str) {
    wait_for(part, || async {
        let now = js(
            client,
            "return location.search + (document.getElementById('comparison').hasAttribute('aria-busy') ? ' busy' : '');",
            vec![],
        )
        .await;
        let now = now.as_str().unwrap_or_default().to_owned();
        (now.contains(part) && !now.ends_with(" busy")).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_change_updates_the_comparison_in_place_as_the_server_renders_it() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    client.goto(&harness.url(START)).await.unwrap();
    js(&client, "window.stillHere = 'yes';", vec![]).await;
    // Where scenario B's person lives is a place field: a ZIP code typed and
    // the field left (its `change`), as a person would.
    pick(&client, "field-b-home_place", "39201").await;
    wait_until_shown(&client, "b.home_place=39201").await;
    assert_eq!(
        js(&client, "return window.stillHere;", vec![]).await,
        json!("yes"),
        "the page navigated instead of updating in place"
    );
    let live = js(&client, SIGNATURE, vec![json!("#comparison")]).await;
    assert!(
        live["text"].as_str().unwrap().contains("Jackson, MS"),
        "{live}"
    );
    const HOME_HINT: &str = "return document.getElementById('b-home_place-hint').textContent;";
    let live_hint = js(&client, HOME_HINT, vec![]).await;
    assert_eq!(live_hint, json!("39201 (Jackson, MS) lies in Jackson, MS."));

    // The server's page for the address the script put in the bar.
    let here = address(&client).await;
    client.goto(&here).await.unwrap();
    let served = js(&client, SIGNATURE, vec![json!("#comparison")]).await;
    assert_eq!(live["tree"], served["tree"]);
    assert_eq!(live_hint, js(&client, HOME_HINT, vec![]).await);

    // A bad value is marked beside its scenario's field, then cleared.
    js(
        &client,
        "const y = document.getElementById('field-c-years'); y.value = 'lots';
         y.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    wait_until_shown(&client, "c.years=lots").await;
    // The messages and the comparison are the server's own for that address.
    let live_form = js(&client, SIGNATURE, vec![json!("form.compare-form")]).await;
    let live_comparison = js(&client, SIGNATURE, vec![json!("#comparison")]).await;
    let live_title = client.title().await.unwrap();
    let here = address(&client).await;
    client.goto(&here).await.unwrap();
    // The page's own 422 is logged as a failed load.
    drain_console(&client).await;
    assert_eq!(
        live_form["tree"],
        js(&client, SIGNATURE, vec![json!("form.compare-form")]).await["tree"]
    );
    assert_eq!(
        live_comparison["tree"],
        js(&client, SIGNATURE, vec![json!("#comparison")]).await["tree"]
    );
    assert_eq!(live_title, client.title().await.unwrap());
    let message = js(
        &client,
        "const e = document.getElementById('c-years-error'); return e && e.textContent;",
        vec![],
    )
    .await;
    assert!(
        message
            .as_str()
            .unwrap_or_default()
            .contains("must be a number"),
        "{message}"
    );
    assert_eq!(
        js(
            &client,
            "return document.getElementById('field-c-years').getAttribute('aria-invalid');",
            vec![]
        )
        .await,
        json!("true")
    );
    js(
        &client,
        "const y = document.getElementById('field-c-years'); y.value = '8';
         y.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    )
    .await;
    wait_until_shown(&client, "c.years=8").await;
    assert_eq!(
        js(
            &client,
            "return document.getElementById('c-years-error');",
            vec![]
        )
        .await,
        json!(null)
    );
    assert_no_console_errors(&client, "the live comparison").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn without_javascript_the_compare_form_gives_the_same_comparison() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness
        .session(SessionOptions {
            javascript: false,
            ..SessionOptions::default()
        })
        .await;
    client.goto(&harness.url("/compare")).await.unwrap();
    for (id, text) in [("field-a-years", "5"), ("field-b-years", "5")] {
        client
            .find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    client
        .find(Locator::Id("field-b-location"))
        .await
        .unwrap()
        .select_by_label("Austin-Round Rock-San Marcos, TX")
        .await
        .unwrap();
    client
        .find(Locator::Id("field-a-location"))
        .await
        .unwrap()
        .select_by_label("San Francisco-Oakland-Fremont, CA")
        .await
        .unwrap();
    client
        .find(Locator::Css("form.compare-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the submitted comparison", || async {
        address(&client)
            .await
            .contains("b.location=Austin-Round+Rock")
            .then_some(())
    })
    .await;
    let submitted = js(&client, SIGNATURE, vec![json!("#comparison")]).await;
    client.goto(&harness.url(START)).await.unwrap();
    let linked = js(&client, SIGNATURE, vec![json!("#comparison")]).await;
    assert_eq!(submitted["tree"], linked["tree"]);
    client.close().await.unwrap();
}
