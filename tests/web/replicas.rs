//! Two real server processes on one PostgreSQL database behave as one site:
//! a report sent through one is moderated through the other, the daily limit
//! holds across both, and exactly one of them does the day's rebuild.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use scraper::Html;

use crate::common::attrs;
use crate::databases;
use crate::ops::Server;

/// One HTTP/1.1 request; the status, the Set-Cookie header and the body.
pub(crate) fn http(
    address: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
    extra: &str,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cookie = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .map(|l| {
            l["set-cookie:".len()..]
                .trim()
                .split(';')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .unwrap_or_default();
    (status, cookie, body.to_owned())
}

fn field(body: &str, selector: &str) -> String {
    attrs(&Html::parse_document(body), selector, "value")
        .pop()
        .expect(selector)
}

const REPORT: &str = "years=4&location=us&work_arrangement=remote&employment=salaried&amount=125000&period=year&website=";

#[actix_web::test]
async fn two_servers_on_one_postgresql_behave_as_one_site() {
    let Some(db) = databases::postgres().await else {
        return;
    };
    db.store
        .set_moderator(
            "ana",
            &salary_guide::reports::moderation::hash_password("a long enough secret").unwrap(),
        )
        .await
        .unwrap();
    let args = [
        "--database-url",
        db.url.as_str(),
        "--submissions-per-day",
        "1",
    ];
    // Replicas share the secret half of the daily key (the database never
    // holds it): a form from one is good on the other, and the limit is one.
    let secret = "5e".repeat(32);
    let env = [("SALARY_GUIDE_SECRET", secret.as_str())];
    let one = Server::start(&args, &env);
    let two = Server::start(&args, &env);

    // A report through the first server (forms need a few seconds: a person reads them).
    let (_, _, form) = http(one.address, "GET", "/share", "", "");
    let token_one = field(&form, "input[name=token]");
    let (_, _, form) = http(two.address, "GET", "/share", "", "");
    let token_two = field(&form, "input[name=token]");
    std::thread::sleep(Duration::from_secs(4));
    let (status, _, body) = http(
        one.address,
        "POST",
        "/share",
        &format!("token={token_one}&{REPORT}"),
        "",
    );
    assert_eq!(status, 200, "{body}");
    // The limit of one a day holds on the second server too.
    let (status, _, body) = http(
        two.address,
        "POST",
        "/share",
        &format!("token={token_two}&{REPORT}"),
        "",
    );
    assert_eq!(status, 429, "{body}");

    // Moderated through the second server.
    let (_, _, login) = http(two.address, "GET", "/moderate", "", "");
    let token = field(&login, "input[name=token]");
    let (status, cookie, _) = http(
        two.address,
        "POST",
        "/moderate/login",
        &format!("token={token}&name=ana&password=a+long+enough+secret"),
        "",
    );
    assert_eq!(status, 303);
    let cookie_header = format!("Cookie: {cookie}\r\n");
    let (_, _, queue) = http(two.address, "GET", "/moderate", "", &cookie_header);
    let id = field(&queue, "form.decision input[name=id]");
    let csrf = field(&queue, "form.decision input[name=csrf]");
    let (status, _, _) = http(
        two.address,
        "POST",
        "/moderate/decide",
        &format!("csrf={csrf}&id={id}&action=approve"),
        &cookie_header,
    );
    assert_eq!(status, 200);
    // The session opened on the second server is good on the first.
    let (_, _, queue) = http(one.address, "GET", "/moderate", "", &cookie_header);
    assert!(queue.contains("No reports are waiting"), "{queue}");
    assert!(db.store.pending().await.unwrap().is_empty());

    // Both servers ran the daily job at start-up; exactly one rebuilt.
    let rebuilt = one
        .log()
        .iter()
        .chain(two.log().iter())
        .filter(|line| line.contains("reports rebuilt"))
        .count();
    assert_eq!(rebuilt, 1, "{:?} {:?}", one.log(), two.log());
}
