//! Operations, against the real binary on a free port: slow and idle clients
//! are cut off, SIGTERM and Ctrl-C finish what is in flight and exit 0, an
//! address too long for HTTP is refused by actix with an empty 400, and the
//! logs are structured and never quote the request.
//!
//! These check behaviour, not speed: every wait has a generous bound.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The server's timeouts, as set in `src/main.rs`.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// A running `salary-guide serve`, killed when dropped (also used by
/// `replicas.rs`).
pub struct Server {
    child: Child,
    /// The working folder, where its default SQLite database is made.
    _dir: tempfile::TempDir,
    pub address: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts the binary on a free port and waits until it says where it listens.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("a working folder");
        let mut command = Command::new(env!("CARGO_BIN_EXE_salary-guide"));
        command
            .current_dir(dir.path())
            .args(["serve", "--bind", "127.0.0.1:0", "--workers", "1"])
            .args(args)
            .env_remove("SALARY_GUIDE_CONTENT")
            .env_remove("SALARY_GUIDE_STATIC")
            .env_remove("SALARY_GUIDE_BIND")
            .env_remove("SALARY_GUIDE_DATABASE_URL")
            .env_remove("SALARY_GUIDE_SECRET")
            .env_remove("SALARY_GUIDE_KEY_FILE")
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("the binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = std::sync::mpsc::channel();
        {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut found = Some(found);
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("at http://") {
                        let rest = &line[at + "at http://".len()..];
                        let end = rest
                            .find(|c: char| !(c.is_ascii_alphanumeric() || ".:".contains(c)))
                            .unwrap_or(rest.len());
                        if let (Some(sender), Ok(address)) =
                            (found.take(), rest[..end].parse::<SocketAddr>())
                        {
                            let _ = sender.send(address);
                        }
                    }
                    log.lock().unwrap().push(line);
                }
            });
        }
        let address = match address.recv_timeout(Duration::from_secs(30)) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!("the server did not start: {:?}", log.lock().unwrap());
            }
        };
        Server {
            child,
            _dir: dir,
            address,
            log,
        }
    }

    /// The working folder, where its default SQLite database and key file are.
    pub fn folder(&self) -> &std::path::Path {
        self._dir.path()
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream
    }

    /// Sends a signal with the shell's own `kill` (no extra package needed).
    fn signal(&self, name: &str) {
        let status = Command::new("sh")
            .args(["-c", &format!("kill -{name} {}", self.child.id())])
            .status()
            .expect("sh runs");
        assert!(status.success());
    }

    /// Waits for the process to exit on its own; its exit code.
    fn wait_exit(&mut self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit: {:?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log(&self) -> Vec<String> {
        // Let the reader thread catch up with the last lines.
        std::thread::sleep(Duration::from_millis(200));
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads until the server closes the connection; what it sent, and how long
/// the close took.
fn read_until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(error) => panic!("no close within the read timeout: {error}"),
        }
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_client_that_sends_half_a_request_head_is_cut_off() {
    let server = Server::start(&[], &[]);
    let mut stream = server.connect();
    stream
        .write_all(b"GET /guides/ HTTP/1.1\r\nHost: localhost\r\nAccept: text/")
        .unwrap();
    let (received, took) = read_until_closed(&mut stream);
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(
        took >= CLIENT_REQUEST_TIMEOUT - Duration::from_secs(1)
            && took < CLIENT_REQUEST_TIMEOUT * 3,
        "closed after {took:?}"
    );
    // Meanwhile and afterwards, everyone else is served.
    let mut other = server.connect();
    other
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let (reply, _) = read_until_closed(&mut other);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

#[test]
fn an_idle_connection_is_closed() {
    let server = Server::start(&[], &[]);
    let mut stream = server.connect();
    let (received, took) = read_until_closed(&mut stream);
    assert!(
        received.is_empty() || received.starts_with("HTTP/1.1 408"),
        "{received}"
    );
    assert!(took < CLIENT_REQUEST_TIMEOUT * 3, "closed after {took:?}");
}

#[test]
fn a_body_sent_too_slowly_gets_a_408_problem() {
    let server = Server::start(&[], &[]);
    let mut stream = server.connect();
    stream
        .write_all(
            b"POST /api/v1/estimate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"years\"",
        )
        .unwrap();
    let (received, took) = read_until_closed(&mut stream);
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(
        received.contains("\"code\":\"request_timeout\""),
        "{received}"
    );
    assert!(took < BODY_TIMEOUT * 3, "closed after {took:?}");
}

#[test]
fn an_address_too_long_for_http_is_refused_before_the_app() {
    let server = Server::start(&[], &[]);
    // Over 64 KiB an address is not a URI to the `http` crate; actix answers
    // on its own, with no body at all, so nothing is echoed.
    let mut stream = server.connect();
    let request = format!(
        "GET /calculator?years=4&q={} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let _ = stream.write_all(request.as_bytes());
    let (received, _) = read_until_closed(&mut stream);
    assert!(
        received.starts_with("HTTP/1.1 400") || received.starts_with("HTTP/1.1 431"),
        "{received}"
    );
    assert!(received.contains("content-length: 0"), "{received}");
    // Between our 8 KiB limit and that, the answer is ours.
    let mut stream = server.connect();
    let request = format!(
        "GET /calculator?years=4&q={} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    stream.write_all(request.as_bytes()).unwrap();
    let (received, _) = read_until_closed(&mut stream);
    assert!(received.starts_with("HTTP/1.1 414"), "{received}");
    assert!(received.contains("Address too long"), "{received}");
}

/// Sends a POST whose body is held back, signals the server, then sends the
/// rest: the answer must arrive whole and the process exit 0.
fn finishes_in_flight_request_on(signal: &str) {
    let mut server = Server::start(&[], &[]);
    let body = br#"{"years": 4, "location": "seattle"}"#;
    let mut stream = server.connect();
    let head = format!(
        "POST /api/v1/estimate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..10]).unwrap();
    // The request has reached the handler, which is waiting for the body.
    std::thread::sleep(Duration::from_millis(500));
    server.signal(signal);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "exited with a request in flight"
    );
    stream.write_all(&body[10..]).unwrap();
    let (received, _) = read_until_closed(&mut stream);
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    let json = &received[received.find("\r\n\r\n").unwrap() + 4..];
    let estimate: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(estimate["input"]["location"], "seattle");
    assert_eq!(server.wait_exit(Duration::from_secs(20)), Some(0));
    // New connections are no longer accepted.
    assert!(TcpStream::connect_timeout(&server.address, Duration::from_secs(2)).is_err());
    let log = server.log().join("\n");
    assert!(log.contains(signal), "{log}");
    assert!(log.contains("stopped"), "{log}");
}

#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    finishes_in_flight_request_on("TERM");
}

#[test]
fn ctrl_c_finishes_the_request_in_flight_and_exits_0() {
    finishes_in_flight_request_on("INT");
}

#[test]
fn an_idle_server_stops_at_once() {
    let mut server = Server::start(&[], &[]);
    // An idle keep-alive connection does not hold the shutdown up.
    let mut stream = server.connect();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut first = [0; 12];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let started = Instant::now();
    server.signal("TERM");
    assert_eq!(server.wait_exit(Duration::from_secs(20)), Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn logs_are_json_lines_that_never_quote_the_request() {
    let mut server = Server::start(&["--log-format", "json"], &[("RUST_LOG", "trace")]);
    let marker = "%3Cscript%3Esecret-marker%3C%2Fscript%3E";
    for request in [
        format!("GET /guides/{marker}?q={marker} HTTP/1.1\r\nHost: localhost\r\nX-Note: secret-marker\r\nConnection: close\r\n\r\n"),
        format!("GET /calculator?years={marker} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        format!("BREW /{marker} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        "GET /api/v1/estimate?years=4 HTTP/1.1\r\nHost: localhost\r\nContent-Length: secret-marker\r\nConnection: close\r\n\r\n".to_owned(),
        {
            let body = r#"{"secret-marker": 1, "years": "secret-m"}"#;
            format!("POST /api/v1/estimate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
        },
        "GET /api/v1/estimate?years=4 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_owned(),
    ] {
        let mut stream = server.connect();
        stream.write_all(request.as_bytes()).unwrap();
        read_until_closed(&mut stream);
    }
    server.signal("TERM");
    assert_eq!(server.wait_exit(Duration::from_secs(20)), Some(0));
    let log = server.log();
    let requests: Vec<serde_json::Value> = log
        .iter()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .filter(|line| line["message"] == "request")
        .collect();
    assert!(requests.len() >= 4, "{log:?}");
    for line in &requests {
        for field in ["method", "route", "status", "micros"] {
            assert!(!line[field].is_null(), "{field} missing: {line}");
        }
    }
    assert!(
        requests
            .iter()
            .any(|l| l["route"] == "/guides/{slug}" && l["status"] == 404)
    );
    assert!(
        requests
            .iter()
            .any(|l| l["route"] == "/api/v1/estimate" && l["status"] == 200)
    );
    assert!(requests.iter().any(|l| l["method"] == "(other)"));
    for line in &log {
        assert!(!line.contains("secret-m"), "the request was quoted: {line}");
        assert!(!line.to_lowercase().contains("script"), "{line}");
    }
}
