//! Every route that reads a body answers one over the limit with our own
//! 413, a page in the site's layout or a problem, never actix's short text
//! (issue 18, finding 7); an address over our limit gets our 414.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use actix_web::http::StatusCode;

use crate::common::{assert_site_page, post_raw, text};
use crate::ops::Server;

/// The most bytes of a body the server reads (`limits::MAX_BODY_BYTES`).
const LIMIT: usize = 16 * 1024;

/// A form body just over the limit: real fields, then padding in a field
/// nobody reads.
fn oversized_form() -> Vec<u8> {
    let mut body =
        "years=4&location=us&amount=120000&period=year&receipt=x&name=ana&password=x&padding="
            .to_owned();
    body.push_str(&"a".repeat(LIMIT));
    body.into_bytes()
}

#[actix_web::test]
async fn every_form_over_the_limit_gets_our_413_page() {
    for path in [
        "/share",
        "/share/withdraw",
        "/moderate/login",
        "/moderate/decide",
    ] {
        let reply = post_raw(path, "application/x-www-form-urlencoded", oversized_form()).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert_site_page(&reply);
        let html = reply.html();
        assert_eq!(text(&html, "h1"), "Request too large", "{path}");
        assert!(
            text(&html, "main").contains("nothing was read or stored"),
            "{path}: {}",
            reply.body
        );
    }
    // A body at the limit is read (and judged on its fields as usual).
    let mut body = b"padding=".to_vec();
    body.resize(LIMIT, b'a');
    let reply = post_raw("/share/withdraw", "application/x-www-form-urlencoded", body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
}

#[actix_web::test]
async fn a_json_body_over_the_limit_gets_our_413_problem() {
    let mut body = br#"{"years": 4, "padding": ""#.to_vec();
    body.extend(std::iter::repeat_n(b'a', LIMIT));
    body.extend_from_slice(br#""}"#);
    let reply = post_raw("/api/v1/estimate", "application/json", body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.content_type, "application/problem+json");
    let problem = reply.json();
    assert_eq!(problem["code"], "payload_too_large");
    assert!(
        problem["detail"].as_str().unwrap().contains("16384 bytes"),
        "{problem}"
    );
}

/// Sends `request` to a real server and reads the whole answer.
fn exchange(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer and close before it has read everything.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// Without a length to check first (chunked), the limit holds while reading.
#[test]
fn a_chunked_form_over_the_limit_gets_our_page_from_the_real_server() {
    let server = Server::start(&[], &[]);
    let body = oversized_form();
    let mut request = b"POST /share HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
        Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
        Transfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    for chunk in body.chunks(4096) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let answer = exchange(&server, &request);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("<h1"),
        "our page, not actix's text: {answer}"
    );
    assert!(answer.contains("Request too large"), "{answer}");

    // An address over our limit, on a form's own address, is our 414.
    let request = format!(
        "POST /share?{} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        "a=1&".repeat(3000)
    );
    let answer = exchange(&server, request.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 414"), "{answer}");
    assert!(answer.contains("Address too long"), "{answer}");
}
