use actix_web::http::StatusCode;

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
