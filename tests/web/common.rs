//! Helpers shared by the integration tests.

use std::sync::OnceLock;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::{test, web};
use salary_guide::content::Site;
use salary_guide::content::files::FileTree;
use salary_guide::store::Store;
use salary_guide::web::{AppState, ReportSettings, SiteConfig, StaticFiles, build_app};
use scraper::{Html, Selector};

/// The bundled content and static files, loaded once for the whole test binary.
pub fn state() -> web::Data<AppState> {
    static STATE: OnceLock<web::Data<AppState>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let site = Site::load(&FileTree::BundledContent)
                .unwrap_or_else(|errors| panic!("bundled content must load:\n{errors}"));
            let statics = StaticFiles::load(&FileTree::BundledStatic).expect("static files load");
            web::Data::new(
                AppState::new(site, statics, SiteConfig::for_local())
                    .with_store(shared_store(), ReportSettings::default()),
            )
        })
        .clone()
}

/// A SQLite database for the shared state, in a folder kept until the test
/// binary ends. Opened on a thread of its own because the state is built
/// outside any test's runtime; SQLite connections run on their own threads.
fn shared_store() -> Store {
    std::thread::spawn(|| {
        let dir = tempfile::tempdir().expect("temporary folder").keep();
        let url = format!("sqlite://{}", dir.join("shared.db").display());
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(Store::connect(&url))
            .expect("shared test database")
    })
    .join()
    .expect("database thread")
}

/// The real app, as production builds it.
pub async fn app() -> impl Service<
    actix_http::Request,
    Response = ServiceResponse<impl MessageBody>,
    Error = actix_web::Error,
> {
    test::init_service(build_app(state())).await
}

/// A response's status, content type and body as text.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

async fn send(request: test::TestRequest) -> Reply {
    let app = app().await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = test::read_body(response).await;
    Reply {
        status,
        content_type,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

pub async fn get(uri: &str) -> Reply {
    send(test::TestRequest::get().uri(uri)).await
}

pub async fn post_json(uri: &str, body: &str) -> Reply {
    send(
        test::TestRequest::post()
            .uri(uri)
            .insert_header(("content-type", "application/json"))
            .set_payload(body.to_owned()),
    )
    .await
}

pub async fn post_raw(uri: &str, content_type: &str, body: Vec<u8>) -> Reply {
    send(
        test::TestRequest::post()
            .uri(uri)
            .insert_header(("content-type", content_type))
            .set_payload(body),
    )
    .await
}

/// Parses a CSS selector; test selectors are literals, so a bad one is a test bug.
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e}"))
}

/// The trimmed text of every element matching `selector`.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The text of the only element matching `selector`.
pub fn text(html: &Html, selector: &str) -> String {
    let found = texts(html, selector);
    assert_eq!(found.len(), 1, "expected one `{selector}`, found {found:?}");
    found.into_iter().next().unwrap_or_default()
}

/// Every value of `attribute` on elements matching `selector`.
pub fn attrs(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    html.select(&sel(selector))
        .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
        .collect()
}

/// The location each chosen option of the location lists matching `options`
/// (such as `select[name=location] option[selected]`) names.
pub fn chosen_locations(html: &Html, options: &str) -> Vec<String> {
    location_ids(texts(html, options))
}

/// The location each text names as the server reads a `location` value (the
/// lists' options carry no value, so a browser sends an option's text); a
/// text that names none comes back as it is.
pub fn location_ids(texts: Vec<String>) -> Vec<String> {
    let state = state();
    let site = state.site();
    texts
        .iter()
        .map(|text| salary_guide::estimator::listed_location(&site.model, text).to_owned())
        .collect()
}

/// "$123,456" → 123456.
pub fn dollars(text: &str) -> i64 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no amount in {text:?}"))
}

/// Asserts a page is an HTML page inside the site layout.
pub fn assert_site_page(reply: &Reply) {
    assert!(
        reply.content_type.starts_with("text/html"),
        "{}",
        reply.content_type
    );
    let html = reply.html();
    assert_eq!(attrs(&html, "html", "lang"), ["en"]);
    let nav = attrs(&html, "nav[aria-label=Main] a", "href");
    for href in ["/", "/guides/", "/calculator", "/sources"] {
        assert!(
            nav.iter().any(|h| h == href),
            "navigation lacks {href}: {nav:?}"
        );
    }
    assert_eq!(html.select(&sel("main#main")).count(), 1);
    assert_eq!(html.select(&sel("h1")).count(), 1, "one h1 per page");
    assert!(!text(&html, "head > title").is_empty());
}

/// Asserts that a live fragment (`/calculator/result?…`) is made of the very
/// bytes the page for the same query holds: its title, its form (`form` is the
/// form's class; only when `with_form`) or else its place fields' hints, and
/// its `region` section, nothing else.
pub fn assert_fragment_of_page(
    page: &str,
    fragment: &str,
    form: &str,
    region: &str,
    with_form: bool,
) {
    let title_at = page.find("<title>").expect("the page has a title");
    let title_end = page[title_at..].find("</title>").expect("the title ends") + title_at;
    let envelope = format!("<!DOCTYPE html>\n{}</title>\n", &page[title_at..title_end]);
    assert!(
        fragment.starts_with(&envelope),
        "the fragment starts with the page's title: {}",
        &fragment[..fragment.len().min(200)]
    );
    let section_at = fragment
        .find(&format!("<section id=\"{region}\""))
        .unwrap_or_else(|| panic!("the fragment has #{region}"));
    let section = &fragment[section_at..];
    assert!(
        section.trim_end().ends_with("</section>") && page.contains(section),
        "#{region} is the page's own"
    );
    let form_part = &fragment[envelope.len()..section_at];
    if with_form {
        assert!(
            form_part.starts_with(&format!("<form class=\"{form}\""))
                && form_part.ends_with("</form>")
                && page.contains(form_part),
            "the form is the page's own: {}",
            &form_part[..form_part.len().min(200)]
        );
    } else {
        // A result comes without the form, with each place field's hint as
        // the page's form holds it.
        let hints = form_part
            .strip_prefix("<div class=\"place-hints\" hidden>")
            .and_then(|rest| rest.strip_suffix("</div>"))
            .unwrap_or_else(|| panic!("a result comes with the place hints alone: {form_part}"));
        assert!(hints.starts_with("<p class=\"hint\""), "{hints}");
        for hint in hints.split_inclusive("</p>") {
            assert!(page.contains(hint), "the hint is the page's own: {hint}");
        }
    }
}
