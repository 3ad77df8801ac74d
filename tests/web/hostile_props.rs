//! A property test over the request layer: random methods, paths, query
//! strings (percent-encoded garbage, invalid UTF-8, huge numbers), headers and
//! bodies, sent through the real app. Whatever arrives, the answer is a
//! 2xx, 3xx or 4xx in our own words (a page in the site layout, problem+json
//! with a code, or one of the site's own files), and markup planted in the
//! request never comes back raw.

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

use crate::common::*;
use crate::hostile::{MARKER, send};

/// A second planted marker: an attribute break-out.
const BREAKOUT: &str = "\"><i id=pwn>";

/// Percent-encodes every byte that is not unreserved, so any bytes (invalid
/// UTF-8 included) make a valid URI.
fn encode_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Text as it may appear in a URI: well encoded, or raw garbage that is still
/// a legal URI character sequence (`%zz`, a lone `%`, `..`).
fn uri_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(|b| encode_bytes(&b)),
        2 => Just(encode_bytes(MARKER.as_bytes())),
        1 => Just(encode_bytes(BREAKOUT.as_bytes())),
        1 => Just("%ff%fe%c3%28".to_owned()),
        1 => Just("%2e%2e%2f%2e%2e%2fCargo.toml".to_owned()),
        1 => Just("..%5c..%5cCargo.toml".to_owned()),
        1 => Just("%252e%252e%252f".to_owned()),
        1 => Just("%".to_owned()),
        1 => Just("%zz%g1%%".to_owned()),
        1 => Just("..".to_owned()),
        2 => "[a-z0-9-]{0,30}",
    ]
    .boxed()
}

/// A value a form field might get.
fn field_value() -> BoxedStrategy<String> {
    prop_oneof![
        3 => uri_text(),
        3 => Just(encode_bytes(MARKER.as_bytes())),
        2 => any::<f64>().prop_map(|n| encode_bytes(n.to_string().as_bytes())),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => Just("1e309".to_owned()),
        1 => Just("NaN".to_owned()),
        1 => Just("-inf".to_owned()),
        1 => "[0-9]{30,400}",
        1 => Just("%24120%2C000".to_owned()),
        2 => proptest::sample::select(vec![
            "4", "0", "50", "2.5", "us", "seattle", "aws", "kubernetes", "ckad", "go",
            "remote", "startup", "finance", "freelance", "salaried", "denver", "80202",
            "New%20York",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

fn query() -> BoxedStrategy<String> {
    let key = prop_oneof![
        4 => proptest::sample::select(vec![
            "years", "location", "industry", "company_size", "language",
            "work_arrangement", "skills", "certifications", "employment", "offer",
            "offer_bonus", "offer_equity", "q", "page", "place", "home", "home_place",
        ])
        .prop_map(str::to_owned),
        1 => uri_text(),
    ];
    proptest::collection::vec((key, field_value()), 0..12)
        .prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
        .boxed()
}

fn path() -> BoxedStrategy<String> {
    let fixed = proptest::sample::select(vec![
        "/",
        "/guides/",
        "/guides",
        "/calculator",
        "/sources",
        "/search",
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/api/v1/estimate",
        "/api/v1/options",
        "/static/css/site.css",
    ])
    .prop_map(str::to_owned);
    let prefixed = (
        proptest::sample::select(vec![
            "/guides/",
            "/static/",
            "/api/v1/",
            "/",
            "/static/css/",
        ]),
        uri_text(),
    )
        .prop_map(|(prefix, rest)| format!("{prefix}{rest}"));
    prop_oneof![3 => fixed, 1 => prefixed].boxed()
}

fn method() -> BoxedStrategy<Method> {
    prop_oneof![
        6 => Just(Method::GET),
        1 => Just(Method::HEAD),
        3 => Just(Method::POST),
        1 => Just(Method::PUT),
        1 => Just(Method::DELETE),
        1 => Just(Method::OPTIONS),
        1 => Just(Method::PATCH),
        1 => Just(Method::from_bytes(b"BREW").unwrap_or(Method::GET)),
    ]
    .boxed()
}

/// Headers: the ones the app reads, with values fair and foul.
fn headers() -> BoxedStrategy<Vec<(String, Vec<u8>)>> {
    let value = prop_oneof![
        proptest::collection::vec(32u8..127, 0..60),
        proptest::collection::vec(128u8..=255, 0..20),
        Just(MARKER.as_bytes().to_vec()),
        Just(b"br, gzip;q=0.5, *;q=0".to_vec()),
        Just(b"\"0\", W/\"x\", *".to_vec()),
        Just(b"application/json".to_vec()),
        Just(b"application/json; charset=\xff".to_vec()),
    ];
    let name = proptest::sample::select(vec![
        "accept-encoding",
        "if-none-match",
        "content-type",
        "accept",
        "cookie",
        "x-forwarded-for",
        "referer",
        "user-agent",
        "x-anything",
    ])
    .prop_map(str::to_owned);
    proptest::collection::vec((name, value), 0..6).boxed()
}

/// Any JSON value, nested a little.
fn json() -> BoxedStrategy<serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<f64>().prop_map(|n| serde_json::json!(n)),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        field_value().prop_map(serde_json::Value::String),
        Just(serde_json::Value::String(MARKER.to_owned())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        proptest::sample::select(vec![
                            "years",
                            "location",
                            "skills",
                            "certifications",
                            "offer",
                            "employment",
                            "language",
                        ])
                        .prop_map(str::to_owned),
                        Just(MARKER.to_owned()),
                        "[a-z_]{1,12}",
                    ],
                    inner,
                ),
                0..6,
            )
            .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

fn body() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        3 => json().prop_map(|v| v.to_string().into_bytes()),
        1 => proptest::collection::vec(any::<u8>(), 0..200),
        1 => Just(MARKER.as_bytes().to_vec()),
        1 => (1usize..20_000).prop_map(|n| "[".repeat(n).into_bytes()),
    ]
    .boxed()
}

/// Content types the site serves on success, besides HTML and JSON.
const FILE_TYPES: &[&str] = &[
    "text/css",
    "text/javascript",
    "image/svg+xml",
    "text/plain",
    "application/xml",
    "application/atom+xml",
    "application/manifest+json",
    "image/",
];

fn check(method: &Method, uri: &str, reply: &Reply) -> Result<(), TestCaseError> {
    let what = format!("{method} {uri}");
    let status = reply.status;
    prop_assert!(
        status.is_success() || status.is_redirection() || status.is_client_error(),
        "{what}: {status}"
    );
    prop_assert!(
        !reply.body.contains("<script>") && !reply.body.contains("<i id=pwn>"),
        "{what}: planted markup came back raw"
    );
    if *method == Method::HEAD
        || status.is_redirection()
        || status == StatusCode::NOT_MODIFIED
        || status == StatusCode::NO_CONTENT
    {
        return Ok(());
    }
    let kind = reply.content_type.as_str();
    if kind.starts_with("text/html") {
        let html = reply.html();
        prop_assert_eq!(
            attrs(&html, "html", "lang"),
            vec!["en".to_owned()],
            "{}",
            what
        );
        prop_assert_eq!(html.select(&sel("main#main")).count(), 1, "{}", what);
        prop_assert!(
            attrs(&html, "nav[aria-label=Main] a", "href")
                .iter()
                .any(|h| h == "/calculator"),
            "{what}: not in the site layout"
        );
    } else if kind.starts_with("application/problem+json") {
        let value: serde_json::Value = serde_json::from_str(&reply.body)
            .map_err(|e| TestCaseError::fail(format!("{what}: problem is not JSON: {e}")))?;
        prop_assert!(
            value["code"].as_str().is_some_and(|c| !c.is_empty()),
            "{what}: problem without a code"
        );
        prop_assert_eq!(value["status"].as_u64(), Some(u64::from(status.as_u16())));
    } else if kind.starts_with("application/json") {
        prop_assert!(status.is_success(), "{what}: an error as plain JSON");
        prop_assert!(serde_json::from_str::<serde_json::Value>(&reply.body).is_ok());
    } else {
        prop_assert!(
            status.is_success() && FILE_TYPES.iter().any(|t| kind.starts_with(t)),
            "{what}: {status} as `{kind}`: {}",
            reply.body.chars().take(120).collect::<String>()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_request_gets_an_answer_in_our_words(
        method in method(),
        path in path(),
        query in query(),
        headers in headers(),
        body in body(),
        json_type in any::<bool>(),
    ) {
        let uri = if query.is_empty() { path } else { format!("{path}?{query}") };
        let mut request = TestRequest::default().method(method.clone()).uri(&uri);
        for (name, value) in &headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name.as_str()), HeaderValue::from_bytes(value))
            {
                request = request.append_header((name, value));
            }
        }
        if method == Method::POST && json_type {
            request = request.insert_header(("content-type", "application/json"));
        }
        if method != Method::GET && method != Method::HEAD {
            request = request.set_payload(body);
        }
        let reply = actix_web::rt::System::new().block_on(send(request));
        check(&method, &uri, &reply)?;
    }
}
