//! Hostile input through the real app: every request here must get a 4xx in
//! our own words (the site's error page, the calculator's form, or
//! problem+json with a `code`), never a 5xx, never a framework's default
//! text, never the input reflected unescaped, never a file outside the
//! static files.

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::test;

use crate::common::*;

/// A marker that must never come back as markup.
pub const MARKER: &str = "<script>alert(1)</script>";

/// Sends any request through the real app; a compressed body is decoded.
pub async fn send(request: test::TestRequest) -> Reply {
    let app = app().await;
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let content_type = header("content-type");
    let encoding = header("content-encoding");
    let body = test::read_body(response).await;
    Reply {
        status,
        content_type,
        body: String::from_utf8_lossy(&decode(&encoding, &body)).into_owned(),
    }
}

fn decode(encoding: &str, body: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match encoding {
        "" | "identity" => out.extend_from_slice(body),
        "br" => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        "gzip" => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .unwrap();
        }
        "deflate" => {
            flate2::read::ZlibDecoder::new(body)
                .read_to_end(&mut out)
                .unwrap();
        }
        other => panic!("unexpected content-encoding {other}"),
    }
    out
}

/// Asserts a refusal in our own words: a 4xx with the site's error page (or
/// the calculator form) in the layout, or problem+json with a code; and that
/// neither the marker nor any other raw markup from the request came back.
pub fn assert_our_refusal(reply: &Reply, what: &str) {
    assert!(
        reply.status.is_client_error(),
        "{what}: expected a 4xx, got {} with {}",
        reply.status,
        reply.body.chars().take(300).collect::<String>()
    );
    assert_our_words(reply, what);
}

/// Asserts an answer in our own words, whatever its status (never a 5xx).
pub fn assert_our_words(reply: &Reply, what: &str) {
    assert!(!reply.status.is_server_error(), "{what}: {}", reply.status);
    assert!(
        !reply.body.contains("<script>") && !reply.body.contains("alert(1)</"),
        "{what}: the input came back unescaped"
    );
    if reply.status.is_redirection() || reply.status == StatusCode::NOT_MODIFIED {
        return;
    }
    if reply.content_type.starts_with("application/problem+json") {
        let code = reply.json()["code"].as_str().map(str::to_owned);
        assert!(
            code.is_some_and(|c| !c.is_empty()),
            "{what}: a problem without a code: {}",
            reply.body
        );
    } else if reply.content_type.starts_with("application/json") {
        assert!(reply.status.is_success(), "{what}: an error as plain JSON");
        reply.json();
    } else if reply.content_type.starts_with("text/html") {
        assert_layout(reply, what);
    } else {
        panic!(
            "{what}: {} answered as `{}`: {}",
            reply.status,
            reply.content_type,
            reply.body.chars().take(200).collect::<String>()
        );
    }
}

/// The site's layout around the page: language, main navigation, one main
/// region, one h1 and a title.
fn assert_layout(reply: &Reply, what: &str) {
    let html = reply.html();
    assert_eq!(attrs(&html, "html", "lang"), ["en"], "{what}");
    let nav = attrs(&html, "nav[aria-label=Main] a", "href");
    assert!(
        nav.iter().any(|h| h == "/calculator"),
        "{what}: no site navigation"
    );
    assert_eq!(html.select(&sel("main#main")).count(), 1, "{what}");
    assert_eq!(html.select(&sel("h1")).count(), 1, "{what}");
    assert!(!text(&html, "head > title").is_empty(), "{what}");
}

fn is_problem(reply: &Reply) -> bool {
    reply.content_type.starts_with("application/problem+json")
}

/// `value` percent-encoded for a query string.
fn encode(value: &str) -> String {
    serde_html_form::to_string([("v", value)])
        .unwrap()
        .trim_start_matches("v=")
        .to_owned()
}

const BAD_NUMBERS: &[&str] = &[
    "-1",
    "-0.0001",
    "51",
    "1e308",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "+Infinity",
    "four",
    "4 years",
    "0x10",
    "1_000",
    "4,5",
    "٤",
    "  ",
    "99999999999999999999999999999999999999999999999999999999999999999999999",
    "<script>alert(1)</script>",
];

#[actix_web::test]
async fn bad_years_get_the_form_again_or_a_problem_naming_the_field() {
    for years in BAD_NUMBERS {
        let query = format!("years={}", encode(years));
        let page = get(&format!("/calculator?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{years}");
        assert_our_refusal(&page, years);
        assert_eq!(
            attrs(&page.html(), "input[name=years]", "value"),
            [years.to_string()],
            "the value is kept, escaped"
        );

        let api = get(&format!("/api/v1/estimate?{query}")).await;
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{years}");
        assert_our_refusal(&api, years);
        assert_eq!(api.json()["errors"][0]["field"], "years", "{years}");
    }
}

#[actix_web::test]
async fn bad_offers_are_refused_per_field() {
    for offer in BAD_NUMBERS.iter().chain(&["0", "10000001", "$-5", "1e7.5"]) {
        let query = format!("years=4&offer={}", encode(offer));
        let api = get(&format!("/api/v1/estimate?{query}")).await;
        // A few are fine as amounts (commas are thousands separators); the
        // rest name the field.
        if api.status == StatusCode::OK {
            assert!(["51", "4,5", "  "].contains(offer), "{offer} was accepted");
            continue;
        }
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{offer}");
        assert_our_refusal(&api, offer);
        assert_eq!(api.json()["errors"][0]["field"], "offer", "{offer}");
        let page = get(&format!("/calculator?{query}")).await;
        assert_our_refusal(&page, offer);
    }
}

#[actix_web::test]
async fn json_numbers_out_of_range_or_of_the_wrong_type_are_problems() {
    for (body, status, code) in [
        (r#"{"years": 1e400}"#, 400, "malformed_json"),
        (r#"{"years": -1e400}"#, 400, "malformed_json"),
        (r#"{"years": NaN}"#, 400, "malformed_json"),
        (r#"{"years": Infinity}"#, 400, "malformed_json"),
        (r#"{"years": -1}"#, 422, "invalid_input"),
        (r#"{"years": 1e308}"#, 422, "invalid_input"),
        (r#"{"years": "NaN"}"#, 422, "invalid_input"),
        (r#"{"years": "inf"}"#, 422, "invalid_input"),
        (r#"{"years": true}"#, 422, "invalid_input"),
        (r#"{"years": [4]}"#, 422, "invalid_input"),
        (r#"{"years": {"n": 4}}"#, 422, "invalid_input"),
        (
            r#"{"years": 123456789012345678901234567890}"#,
            422,
            "invalid_input",
        ),
        (r#"{"years": 4, "offer": -5}"#, 422, "invalid_input"),
        (r#"{"years": 4, "offer": 1e20}"#, 422, "invalid_input"),
        (r#"{"years": 4, "skills": "aws"}"#, 422, "invalid_body"),
        (r#"{"years": 4, "skills": [1, 2]}"#, 422, "invalid_body"),
        (r#"{"years": 4, "location": 7}"#, 422, "invalid_body"),
    ] {
        let reply = post_json("/api/v1/estimate", body).await;
        assert_eq!(reply.status.as_u16(), status, "{body}: {}", reply.body);
        assert_our_refusal(&reply, body);
        assert_eq!(reply.json()["code"], code, "{body}");
    }
}

#[actix_web::test]
async fn unknown_and_oversized_ids_are_named_shortened_and_escaped() {
    let long = "x".repeat(5_000);
    for id in [
        MARKER,
        "nowhere",
        long.as_str(),
        "../../etc/passwd",
        "us\u{0}",
    ] {
        for field in ["location", "industry", "company_size", "language", "skills"] {
            let query = format!("years=4&{field}={}", encode(id));
            let page = get(&format!("/calculator?{query}")).await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}={id}"
            );
            assert_our_refusal(&page, id);
            assert!(
                page.body.len() < 200_000 && !page.body.contains(&"x".repeat(100)),
                "a long id is shortened"
            );
            let api = get(&format!("/api/v1/estimate?{query}")).await;
            assert_our_refusal(&api, id);
            assert_eq!(api.json()["errors"][0]["field"], field);
            assert!(!api.body.contains(&"x".repeat(100)));
        }
    }
    // Escaped, not dropped: the reader sees what they sent.
    let api = get(&format!(
        "/api/v1/estimate?years=4&location={}",
        encode(MARKER)
    ))
    .await;
    assert!(api.body.contains("\\u003cscript\\u003e"), "{}", api.body);
    assert!(
        api.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(MARKER)
    );
}

#[actix_web::test]
async fn repeated_list_values_are_capped() {
    let query = "years=4&".to_owned() + &"skills=aws&".repeat(500);
    let api = get(&format!("/api/v1/estimate?{query}")).await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.json()["errors"][0]["code"], "too_many_values");
    let page = get(&format!("/calculator?{query}")).await;
    assert_our_refusal(&page, "500 skills");
}

#[actix_web::test]
async fn a_query_longer_than_any_page_needs_is_refused_in_our_words() {
    // (Over 64 KiB an address is not even a valid URI to the `http` crate:
    // actix answers 400 with an empty body before the app; tests/web/ops.rs.)
    let query = format!("years=4&q={}", "a".repeat(60 * 1024));
    for path in ["/calculator", "/search", "/guides/", "/nope"] {
        let reply = get(&format!("{path}?{query}")).await;
        assert_eq!(reply.status, StatusCode::URI_TOO_LONG, "{path}");
        assert_our_refusal(&reply, path);
        assert_eq!(text(&reply.html(), "h1"), "Address too long");
    }
    let reply = get(&format!("/api/v1/estimate?{query}")).await;
    assert_eq!(reply.status, StatusCode::URI_TOO_LONG);
    assert_eq!(reply.json()["code"], "uri_too_long");
    // Just under the limit is read as usual.
    let query = format!("years=4&utm={}", "a".repeat(7 * 1024));
    assert_eq!(
        get(&format!("/api/v1/estimate?{query}")).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn megabyte_bodies_are_refused_without_being_read_whole() {
    let megabyte = vec![b'a'; 1024 * 1024];
    let mut json = b"{\"years\": 4, \"location\": \"".to_vec();
    json.extend_from_slice(&megabyte);
    json.extend_from_slice(b"\"}");
    let reply = post_raw("/api/v1/estimate", "application/json", json).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["code"], "payload_too_large");
    assert_our_refusal(&reply, "1 MB JSON");
    for path in [
        "/calculator",
        "/",
        "/search",
        "/guides/",
        "/static/css/site.css",
    ] {
        let reply = post_raw(path, "application/json", megabyte.clone()).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        assert_our_refusal(&reply, path);
    }
    let reply = post_raw("/api/v1/options", "text/plain", megabyte).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_our_refusal(&reply, "options");
}

#[actix_web::test]
async fn invalid_utf8_in_query_path_and_body_is_refused_or_read_as_text() {
    for query in [
        "years=%ff",
        "years=4&location=%c3%28",
        "years=%ed%a0%80",
        "%ff%fe=%00&years=4&location=%80",
        "years=4&skills=%e2%82",
    ] {
        let api = get(&format!("/api/v1/estimate?{query}")).await;
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_our_refusal(&api, query);
        let page = get(&format!("/calculator?{query}")).await;
        assert_our_refusal(&page, query);
        let search = get(&format!("/search?q={}", &query[..query.len().min(12)])).await;
        assert_our_words(&search, query);
    }
    for path in ["/guides/%ff", "/guides/%c3%28", "/static/%ff%fe", "/%ff"] {
        let reply = get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_our_refusal(&reply, path);
    }
    let mut body = b"{\"years\": 4, \"location\": \"".to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28]);
    body.extend_from_slice(b"\"}");
    let reply = post_raw("/api/v1/estimate", "application/json", body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["code"], "malformed_json");
}

#[actix_web::test]
async fn bodies_of_the_wrong_type_get_415() {
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "application/xml",
        "json",
        "",
        "application/json\u{7f}",
    ] {
        let mut request = test::TestRequest::post()
            .uri("/api/v1/estimate")
            .set_payload(r#"{"years": 4}"#);
        if let Ok(value) = HeaderValue::from_str(content_type) {
            request = request.insert_header(("content-type", value));
        }
        let reply = send(request).await;
        assert_eq!(
            reply.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(reply.json()["code"], "unsupported_media_type");
    }
    let reply = send(
        test::TestRequest::post()
            .uri("/api/v1/estimate")
            .insert_header((
                "content-type",
                HeaderValue::from_bytes(b"application/\xffjson").unwrap(),
            ))
            .set_payload(r#"{"years": 4}"#),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A parameter is fine: browsers and clients add a charset.
    let reply = post_raw(
        "/api/v1/estimate",
        "Application/JSON; charset=utf-8",
        br#"{"years": 4}"#.to_vec(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[actix_web::test]
async fn deep_or_huge_json_is_refused_without_a_stack_overflow() {
    for (body, status, code) in [
        ("[".repeat(10_000), 400, "malformed_json"),
        (
            "{\"a\":".repeat(2_000) + "1" + &"}".repeat(2_000),
            400,
            "malformed_json",
        ),
        (
            format!(r#"{{"years": 4, "skills": [{}]}}"#, "[".repeat(5_000)),
            400,
            "malformed_json",
        ),
        (format!("[{}1]", "1,".repeat(7_000)), 422, "invalid_body"),
        (
            format!(
                r#"{{"years": 4, "skills": [{}"aws"]}}"#,
                "\"aws\",".repeat(2_000)
            ),
            422,
            "invalid_input",
        ),
        (
            format!(r#"{{"years": 4, "skills": [{}0]}}"#, "0,".repeat(100_000)),
            413,
            "payload_too_large",
        ),
        ("\"just a string\"".to_owned(), 422, "invalid_body"),
        ("null".to_owned(), 422, "invalid_body"),
        (String::new(), 400, "malformed_json"),
        ("{".to_owned(), 400, "malformed_json"),
        (
            format!(r#"{{"years": 4, "{MARKER}": 1}}"#),
            422,
            "invalid_body",
        ),
    ] {
        let reply = post_json("/api/v1/estimate", &body).await;
        let shown: String = body.chars().take(40).collect();
        assert_eq!(reply.status.as_u16(), status, "{shown}: {}", reply.body);
        assert_our_refusal(&reply, &shown);
        assert_eq!(reply.json()["code"], code, "{shown}");
    }
}

#[actix_web::test]
async fn static_paths_never_reach_outside_the_static_files() {
    for uri in [
        "/static/../Cargo.toml",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/..%2fCargo.toml",
        "/static/..%5cCargo.toml",
        "/static/..\\Cargo.toml",
        "/static/%252e%252e%252fCargo.toml",
        "/static/%c0%ae%c0%ae/Cargo.toml",
        "/static/css/../../Cargo.toml",
        "/static/css/%2e%2e/%2e%2e/src/main.rs",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/css/site.css%00.txt",
        "/static/./css/site.css/..",
        "/static/....//....//Cargo.toml",
        "/static/",
        "/static",
        "/static/css",
        "/static/css/",
    ] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_our_refusal(&reply, uri);
        for secret in ["[package]", "root:x:", "fn main"] {
            assert!(!reply.body.contains(secret), "{uri} served a file");
        }
    }
}

#[actix_web::test]
async fn header_injection_and_oversized_headers_do_nothing() {
    // CR and LF cannot be put in a header value at all (`http` refuses them),
    // so the attempt arrives as percent-escapes in the query.
    assert!(HeaderValue::from_str("a\r\nSet-Cookie: x=1").is_err());
    let injected = "years=4%0d%0aSet-Cookie:%20x=1&location=us%0d%0aX-Injected:%201";
    for path in ["/calculator", "/api/v1/estimate", "/search", "/guides/"] {
        let app = app().await;
        let response = test::call_service(
            &app,
            test::TestRequest::get()
                .uri(&format!("{path}?{injected}"))
                .to_request(),
        )
        .await;
        assert!(!response.status().is_server_error(), "{path}");
        assert!(response.headers().get("set-cookie").is_none(), "{path}");
        assert!(response.headers().get("x-injected").is_none(), "{path}");
    }
    // Odd but legal bytes in the headers we read.
    for (name, value) in [
        ("accept-encoding", &b"br;q=\xff, gzip;q=abc, *;q=-1"[..]),
        ("if-none-match", b"\"\xff\xfe\", W/\"<script>\""),
        ("accept", b"text/html;q=\xff\t, */*;q=0.\x80"),
        ("content-type", b"application/json; charset=\xff"),
        ("x-forwarded-for", b"<script>alert(1)</script>"),
    ] {
        for path in [
            "/",
            "/guides/",
            "/calculator?years=4",
            "/api/v1/estimate?years=4",
        ] {
            let reply = send(
                test::TestRequest::get()
                    .uri(path)
                    .insert_header((name, HeaderValue::from_bytes(value).unwrap())),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{path} {name}");
            assert_our_words(&reply, name);
        }
    }
    // More header bytes than any browser sends.
    let big = HeaderValue::from_str(&"a".repeat(20 * 1024)).unwrap();
    for path in ["/", "/api/v1/estimate?years=4"] {
        let reply = send(
            test::TestRequest::get()
                .uri(path)
                .insert_header(("cookie", big.clone())),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "{path}"
        );
        assert_our_refusal(&reply, path);
        assert_eq!(is_problem(&reply), path.starts_with("/api/"));
    }
    let mut many = test::TestRequest::get().uri("/guides/");
    for i in 0..90 {
        many = many.insert_header((
            HeaderName::try_from(format!("x-h{i}")).unwrap(),
            HeaderValue::from_str(&"b".repeat(200)).unwrap(),
        ));
    }
    let reply = send(many).await;
    assert_eq!(reply.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_our_refusal(&reply, "90 headers");
}

#[actix_web::test]
async fn unusual_methods_are_refused_everywhere() {
    let methods = [
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::TRACE,
        Method::CONNECT,
        Method::from_bytes(b"PROPFIND").unwrap(),
        Method::from_bytes(b"X-SCRIPT").unwrap(),
    ];
    for method in methods {
        for path in [
            "/",
            "/guides/",
            "/guides/negotiating-an-offer",
            "/calculator",
            "/api/v1/estimate",
            "/api/v1/options",
            "/static/css/site.css",
            "/healthz",
        ] {
            let reply = send(
                test::TestRequest::default()
                    .method(method.clone())
                    .uri(path)
                    .set_payload(MARKER),
            )
            .await;
            assert_eq!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert_our_refusal(&reply, path);
            assert_eq!(is_problem(&reply), path.starts_with("/api/"), "{path}");
        }
    }
}

#[actix_web::test]
async fn a_marker_in_any_part_of_the_address_never_comes_back_raw() {
    let marker = encode(MARKER);
    for uri in [
        format!("/{marker}"),
        format!("/guides/{marker}"),
        format!("/static/{marker}"),
        format!("/api/v1/{marker}"),
        format!("/search?q={marker}"),
        format!("/search?q=pay&page={marker}"),
        format!("/calculator?years={marker}&offer={marker}&employment={marker}"),
        format!("/calculator?years=4&{marker}={marker}"),
        format!("/api/v1/estimate?years=4&certifications={marker}"),
        format!("/?{marker}"),
    ] {
        let reply = get(&uri).await;
        assert_our_words(&reply, &uri);
    }
}
