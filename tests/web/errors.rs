use actix_web::http::{Method, StatusCode, header};
use actix_web::test;

use crate::common::*;

#[actix_web::test]
async fn unknown_route_returns_branded_404() {
    for uri in ["/nope", "/guides/no-such-guide", "/static/nope.css"] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_site_page(&reply);
        assert_eq!(text(&reply.html(), "h1"), "Page not found");
    }
}

#[actix_web::test]
async fn unknown_api_route_returns_a_json_problem() {
    let reply = get("/api/v2/everything").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.content_type.starts_with("application/problem+json"));
    assert_eq!(reply.json()["code"], "not_found");
}

#[actix_web::test]
async fn wrong_method_is_refused_in_our_words() {
    let reply = post_raw(
        "/calculator",
        "application/x-www-form-urlencoded",
        b"years=4".to_vec(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_site_page(&reply);

    let reply = post_raw("/api/v1/options", "application/json", b"{}".to_vec()).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.json()["code"], "method_not_allowed");
}

#[actix_web::test]
async fn a_refused_method_is_told_which_methods_the_address_takes() {
    let app = app().await;
    for (method, uri, allow) in [
        (Method::POST, "/calculator", "GET, HEAD"),
        (Method::DELETE, "/guides/outlook", "GET, HEAD"),
        (Method::PUT, "/share", "GET, HEAD, POST"),
        (Method::GET, "/moderate/login", "POST"),
        (Method::PATCH, "/api/v1/estimate", "GET, HEAD, POST"),
        (Method::POST, "/api/v1/compare", "GET, HEAD"),
        (Method::OPTIONS, "/api/v1/options", "GET, HEAD"),
    ] {
        let request = test::TestRequest::default()
            .method(method.clone())
            .uri(uri)
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        assert_eq!(
            response.headers().get(header::ALLOW).unwrap(),
            allow,
            "{method} {uri}"
        );
    }
}

#[actix_web::test]
async fn static_paths_cannot_escape_the_static_folder() {
    for uri in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ] {
        let reply = get(uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!reply.body.contains("[package]"), "{uri}");
    }
}
