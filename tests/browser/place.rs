//! The place fields' combobox (static/js/place.js) from the keyboard: typing
//! shows places, the arrow keys move, Enter picks, Escape closes, and the
//! ARIA state says so at each step.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::MEASURING;
use crate::harness::{
    Harness, SessionOptions, assert_no_console_errors, http_get, js, set_viewport, text_of,
    wait_for,
};

/// Presses and releases each key in turn.
async fn press(client: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for key in keys {
        actions = actions
            .then(KeyAction::Down { value: *key })
            .then(KeyAction::Up { value: *key });
    }
    client.perform_actions(actions).await.expect("keys pressed");
}

/// The combobox's ARIA state: the field's attributes, its listbox's options
/// and which one is marked selected, and what the live region says.
const STATE: &str = r#"
const input = document.getElementById(arguments[0]);
const list = document.getElementById(input.getAttribute('aria-controls'));
const live = list && list.parentElement.querySelector('[aria-live="polite"]');
return {
  role: input.getAttribute('role'),
  autocomplete: input.getAttribute('aria-autocomplete'),
  expanded: input.getAttribute('aria-expanded'),
  active: input.getAttribute('aria-activedescendant'),
  value: input.value,
  focused: document.activeElement === input,
  listRole: list && list.getAttribute('role'),
  listName: list && document.getElementById(list.getAttribute('aria-labelledby')).textContent,
  visible: Boolean(list && !list.hidden && list.offsetHeight > 0),
  options: list ? Array.from(list.querySelectorAll('[role=option]')).map((o) => o.id) : [],
  selected: list ? Array.from(list.querySelectorAll('[aria-selected=true]')).map((o) => o.id) : [],
  firstText: list && list.firstElementChild ? list.firstElementChild.textContent : null,
  live: live ? live.textContent : null,
};
"#;

async fn state(client: &Client, id: &str) -> Value {
    js(client, STATE, vec![json!(id)]).await
}

/// Types `typed` into the field and waits for its list to open.
async fn type_and_wait(client: &Client, id: &str, typed: &str) -> Value {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field.click().await.unwrap();
    field.send_keys(typed).await.unwrap();
    wait_for(&format!("places for {typed:?} in #{id}"), || async {
        let now = state(client, id).await;
        (now["expanded"] == json!("true") && now["visible"] == json!(true)).then_some(now)
    })
    .await
}

#[tokio::test]
async fn the_place_combobox_works_from_the_keyboard_with_its_aria_state() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    set_viewport(&client, 1280, 900).await;
    client
        .goto(&harness.url("/calculator?years=4"))
        .await
        .unwrap();
    let id = "field-place";
    let before = state(&client, id).await;
    assert_eq!(before["role"], "combobox");
    assert_eq!(before["autocomplete"], "list");
    assert_eq!(before["expanded"], "false");
    assert_eq!(before["listRole"], "listbox");
    assert!(
        before["listName"]
            .as_str()
            .unwrap()
            .starts_with("ZIP code or city"),
        "{before}"
    );

    let open = type_and_wait(&client, id, "boi").await;
    let options = open["options"].as_array().unwrap().clone();
    assert!(!options.is_empty(), "{open}");
    assert_eq!(
        open["active"],
        Value::Null,
        "nothing is active before a key"
    );
    assert_eq!(open["selected"], json!([]));
    assert!(
        open["firstText"].as_str().unwrap().starts_with("Boise, ID"),
        "{open}"
    );
    let count = options.len();
    assert_eq!(
        open["live"],
        json!(format!(
            "{count} places found. Use the up and down arrows to choose one."
        ))
    );
    // The server's own answer is what the list shows.
    let api: Value = serde_json::from_str(
        &http_get(&harness.url("/api/v1/places?q=boi"))
            .expect("places answer")
            .body,
    )
    .unwrap();
    assert_eq!(api["places"].as_array().unwrap().len(), count);

    if let Ok(folder) = std::env::var("BROWSER_SCREENSHOTS") {
        std::fs::create_dir_all(&folder).unwrap();
        press(&client, &[Key::Down.into()]).await;
        let png = client.screenshot().await.unwrap();
        std::fs::write(format!("{folder}/place-combobox-open.png"), png).unwrap();
        // Escape closes the list; Down opens it again at the first place.
        press(&client, &[Key::Escape.into()]).await;
    }

    // Down marks the first place, in the field's aria-activedescendant;
    // Up wraps to the last, Down again back to the first.
    press(&client, &[Key::Down.into()]).await;
    let first = state(&client, id).await;
    assert_eq!(first["active"], options[0], "{first}");
    assert_eq!(first["selected"], json!([options[0]]));
    assert_eq!(first["expanded"], "true");
    assert_eq!(first["value"], "boi", "moving does not change the text");
    press(&client, &[Key::Up.into()]).await;
    assert_eq!(state(&client, id).await["active"], options[count - 1]);
    press(&client, &[Key::Down.into()]).await;
    assert_eq!(state(&client, id).await["active"], options[0]);

    // Enter picks it: the field holds the place, the list closes, focus stays.
    press(&client, &[Key::Enter.into()]).await;
    let picked = state(&client, id).await;
    assert_eq!(picked["value"], "Boise, ID");
    assert_eq!(picked["expanded"], "false");
    assert_eq!(picked["active"], Value::Null);
    assert_eq!(picked["visible"], false);
    assert_eq!(picked["focused"], true);
    assert_eq!(picked["live"], "Boise, ID chosen.");

    // The live calculator estimates for the place picked, as the API does.
    let estimate: Value = serde_json::from_str(
        &http_get(&harness.url("/api/v1/estimate?years=4&place=Boise%2C+ID"))
            .expect("estimate answers")
            .body,
    )
    .unwrap();
    let median = salary_guide::money::usd(estimate["base"]["median"].as_i64().unwrap());
    wait_for("the result for Boise", || async {
        (text_of(&client, "#result [data-stat=median]")
            .await
            .as_deref()
            == Some(median.as_str()))
        .then_some(())
    })
    .await;
    assert!(
        text_of(&client, "#result .result-context")
            .await
            .unwrap_or_default()
            .contains("Boise City, ID")
    );

    // Escape closes the list without picking; the text stays as typed.
    js(
        &client,
        "document.getElementById('field-place').value = '';",
        vec![],
    )
    .await;
    type_and_wait(&client, id, "5971").await;
    press(&client, &[Key::Down.into()]).await;
    press(&client, &[Key::Escape.into()]).await;
    let closed = state(&client, id).await;
    assert_eq!(closed["expanded"], "false");
    assert_eq!(closed["active"], Value::Null);
    assert_eq!(closed["value"], "5971");

    // The comparison's scenarios and the report form have the same field.
    client
        .goto(&harness.url("/compare?a.years=4&b.years=4"))
        .await
        .unwrap();
    let open = type_and_wait(&client, "field-b-place", "bozem").await;
    assert!(
        open["firstText"]
            .as_str()
            .unwrap()
            .starts_with("Bozeman, MT"),
        "{open}"
    );
    press(&client, &[Key::Down.into()]).await;
    press(&client, &[Key::Enter.into()]).await;
    assert_eq!(
        state(&client, "field-b-place").await["value"],
        "Bozeman, MT"
    );
    // Where the person lives is the same combobox, under its own label; it
    // chooses no list, and leaves the place where pay is set alone.
    let open = type_and_wait(&client, "field-b-home_place", "bozem").await;
    assert!(
        open["firstText"]
            .as_str()
            .unwrap()
            .starts_with("Bozeman, MT"),
        "{open}"
    );
    assert!(
        open["listName"]
            .as_str()
            .unwrap()
            .starts_with("Where you live"),
        "{open}"
    );
    press(&client, &[Key::Down.into()]).await;
    press(&client, &[Key::Enter.into()]).await;
    assert_eq!(
        state(&client, "field-b-home_place").await["value"],
        "Bozeman, MT"
    );
    assert_eq!(
        state(&client, "field-b-place").await["value"],
        "Bozeman, MT"
    );
    client.goto(&harness.url("/share")).await.unwrap();
    assert_eq!(state(&client, "field-place").await["role"], "combobox");

    assert_no_console_errors(&client, "the place combobox").await;
    client.close().await.unwrap();
}

/// What the live calculator shows of a place: the field, its note, the
/// location list's choice, the result's place and the address.
const PLACE_SHOWN: &str = r#"
return {
  place: document.getElementById('field-place').value,
  note: document.getElementById('place-hint').textContent,
  location: document.getElementById('field-location').value,
  context: (document.querySelector('#result .result-context') || {}).textContent || null,
  busy: document.getElementById('result').hasAttribute('aria-busy'),
  search: location.search,
};
"#;

/// Waits until the live calculator's address satisfies `done` and no update
/// is on its way, and returns what it shows then.
async fn wait_for_place(client: &Client, what: &str, done: impl Fn(&str) -> bool) -> Value {
    wait_for(what, || async {
        let shown = js(client, PLACE_SHOWN, vec![]).await;
        let search = shown["search"].as_str().unwrap_or_default();
        (shown["busy"] == json!(false) && done(search)).then_some(shown)
    })
    .await
}

/// Loads the address the page shows, as a full render, and returns what
/// that shows, for comparison with what the live page showed.
async fn served_at_same_address(client: &Client) -> Value {
    let url = client.current_url().await.expect("URL");
    client.goto(url.as_str()).await.expect("server page");
    js(client, PLACE_SHOWN, vec![]).await
}

#[tokio::test]
async fn a_place_typed_in_the_live_calculator_chooses_its_area_and_says_where_it_lies() {
    let _measuring = MEASURING.read().await;
    let Some(mut harness) = Harness::start().await else {
        return;
    };
    let client = harness.session(SessionOptions::default()).await;
    set_viewport(&client, 1280, 900).await;
    client
        .goto(&harness.url("/calculator?years=4&location=denver"))
        .await
        .unwrap();
    let before = js(&client, PLACE_SHOWN, vec![]).await;
    assert_eq!(before["location"], "Denver-Aurora-Centennial, CO");

    // A ZIP code typed and the field left: the server resolves it, and the
    // live update shows what a full render of the address would.
    let field = client.find(Locator::Id("field-place")).await.unwrap();
    field.click().await.unwrap();
    field.send_keys("83702").await.unwrap();
    press(&client, &[Key::Tab.into()]).await;
    let live = wait_for_place(&client, "the result for 83702", |search| {
        search.contains("place=83702")
    })
    .await;
    // Left at once, the field's suggestions, still on their way when Tab
    // was pressed, do not open over the next field.
    let list_open = js(
        &client,
        "return !document.getElementById('field-place-list').hidden;",
        vec![],
    )
    .await;
    assert_eq!(
        list_open,
        json!(false),
        "suggestions open after leaving the field"
    );
    // The address carries the place, not the list's old answer beside it.
    let search = live["search"].as_str().unwrap();
    assert!(!search.contains("location="), "{search}");
    assert_eq!(live["location"], "Boise City, ID", "{live}");
    assert!(
        live["context"].as_str().unwrap().contains("Boise City, ID"),
        "{live}"
    );
    assert_ne!(live["note"], before["note"], "the note follows the place");
    let served = served_at_same_address(&client).await;
    for key in ["place", "note", "location", "context", "search"] {
        assert_eq!(live[key], served[key], "{key}: live {live} served {served}");
    }

    // A later choice in the list is the newer answer: the place gives way,
    // and the note and the address follow.
    client
        .find(Locator::Id("field-location"))
        .await
        .unwrap()
        .select_by_label("Seattle-Tacoma-Bellevue, WA")
        .await
        .unwrap();
    let live = wait_for_place(&client, "the result for Seattle", |search| {
        search.contains("location=Seattle-Tacoma-Bellevue")
    })
    .await;
    assert_eq!(live["place"], "", "{live}");
    assert!(
        !live["search"].as_str().unwrap().contains("place=83702"),
        "{live}"
    );
    assert_eq!(live["note"], before["note"], "{live}");
    assert!(
        live["context"]
            .as_str()
            .unwrap()
            .contains("Seattle-Tacoma-Bellevue, WA"),
        "{live}"
    );
    let served = served_at_same_address(&client).await;
    for key in ["place", "note", "location", "context", "search"] {
        assert_eq!(live[key], served[key], "{key}: live {live} served {served}");
    }

    assert_no_console_errors(&client, "a place in the live calculator").await;
    client.close().await.unwrap();
}
