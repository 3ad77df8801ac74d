//! Starting and stopping what the browser tests drive: the real server binary,
//! Debian's chromedriver and headless Chromium sessions, plus the npm tools.
//!
//! Every test starts its own server and chromedriver on free ports and stops
//! them when its [`Harness`] is dropped, even when the test fails. Chromium is
//! started by chromedriver with a fresh profile folder; on drop, any process
//! still using that folder is ended by its id, so a failed test leaves nothing
//! running.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// Debian's Chromium and its driver (`apt-get install chromium chromium-driver`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Flags for a headless Chromium on a machine with no network but loopback:
/// without the background-networking ones it keeps trying to reach Google.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
];

/// How long any one condition may take before a test gives up.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The npm tools' folder, `tests/browser/node_modules`.
pub fn node_modules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules")
}

/// Whether this run is CI's, which must run every browser test.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0")
}

/// Says loudly that a browser test did not run, and how to make it run; in
/// CI, fails instead. Returns `false` when the test should stop.
///
/// Written straight to standard error, not through `eprintln!`, so the test
/// harness does not swallow it for a passing test.
pub fn missing(what: &str, how: &str) -> bool {
    let message = format!(
        "\n\
         ******************************************************************\n\
         * BROWSER TESTS WERE NOT RUN: {what} is missing.\n\
         * Install it with:\n\
         *     {how}\n\
         * (CI sets CI=true, and there a missing tool fails the tests.)\n\
         ******************************************************************\n"
    );
    if in_ci() {
        panic!("{message}");
    }
    // Once per missing tool, however many tests need it.
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !said.iter().any(|w| w == what) {
        said.push(what.to_owned());
        let _ = std::io::stderr().write_all(message.as_bytes());
    }
    false
}

/// Checks that Chromium and chromedriver are installed.
pub fn have_browser() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    missing(
        "Chromium or chromedriver (/usr/bin/chromium, /usr/bin/chromedriver)",
        "sudo apt-get install -y chromium chromium-driver",
    )
}

/// Checks that `npm ci --prefix tests/browser` has installed `file`.
pub fn have_npm_file(file: &str) -> Option<PathBuf> {
    let path = node_modules().join(file);
    if path.exists() {
        return Some(path);
    }
    missing(
        &format!("tests/browser/node_modules/{file}"),
        "npm ci --ignore-scripts --prefix tests/browser",
    );
    None
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// A plain HTTP/1.1 answer: status, headers (names lower-cased) and body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// GETs `url` (`http://127.0.0.1:PORT/path`) without asking for compression.
pub fn http_get(url: &str) -> std::io::Result<Reply> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| std::io::Error::other("only http:// URLs"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: */*\r\n\r\n"
    )?;
    // Read until the body is complete: some servers (chromedriver) keep the
    // connection open whatever the request says.
    let mut raw = Vec::new();
    let mut buffer = [0_u8; 16 * 1024];
    let (split, headers, status) = loop {
        let read = stream.read(&mut buffer)?;
        raw.extend_from_slice(&buffer[..read]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).into_owned();
            let mut lines = head.lines();
            let status: u16 = lines
                .next()
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|code| code.parse().ok())
                .ok_or_else(|| std::io::Error::other("no status line"))?;
            let headers: Vec<(String, String)> = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                .collect();
            let length = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse::<usize>().ok());
            let body = &raw[split + 4..];
            let complete = match length {
                Some(length) => body.len() >= length,
                None => read == 0 || body.ends_with(b"0\r\n\r\n"),
            };
            if complete {
                break (split, headers, status);
            }
        }
        if read == 0 {
            return Err(std::io::Error::other("connection closed early"));
        }
    };
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Ok(Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| std::io::Error::other("bad chunk"))?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(std::io::Error::other)?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(
            data.get(..size)
                .ok_or_else(|| std::io::Error::other("short"))?,
        );
        data = data.get(size + 2..).unwrap_or_default();
    }
}

/// Polls `check` until it answers `Some`, or panics after [`TIMEOUT`] naming
/// what was awaited. Conditions, never fixed sleeps, decide the tests.
pub async fn wait_for<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "timed out after {TIMEOUT:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A child process that is ended when dropped.
struct Process {
    child: Child,
    name: &'static str,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Process {
    fn spawn(name: &'static str, command: &mut Command) -> Self {
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {name}: {e}"));
        Self { child, name }
    }

    fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early: {status}", self.name);
        }
    }
}

/// What a browser session should be like.
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    pub javascript: bool,
    pub width: u32,
    pub height: u32,
}

impl Default for SessionOptions {
    fn default() -> Self {
        Self {
            javascript: true,
            width: 1280,
            height: 900,
        }
    }
}

/// One test's server, chromedriver and browser profiles.
pub struct Harness {
    /// The site's address, `http://127.0.0.1:PORT`.
    pub base: String,
    driver_url: String,
    profiles: tempfile::TempDir,
    sessions: usize,
    // Dropped in order: the browser's driver, then the server.
    _driver: Process,
    _server: Process,
}

impl Harness {
    /// Starts the server and chromedriver, or returns `None` (having said so
    /// loudly) when there is no browser on this machine.
    pub async fn start() -> Option<Self> {
        if !have_browser() {
            return None;
        }
        let server = start_server();
        let driver_port = free_port();
        let mut driver = Process::spawn(
            "chromedriver",
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={driver_port}"))
                .arg("--allowed-ips=127.0.0.1"),
        );
        let driver_url = format!("http://127.0.0.1:{driver_port}");
        wait_for("chromedriver to be ready", || {
            driver.assert_running();
            let ready = http_get(&format!("{driver_url}/status"))
                .ok()
                .filter(|reply| reply.body.contains("\"ready\":true"));
            async move { ready.map(|_| ()) }
        })
        .await;
        Some(Self {
            base: server.1,
            driver_url,
            profiles: tempfile::tempdir().expect("a folder for browser profiles"),
            sessions: 0,
            _driver: driver,
            _server: server.0,
        })
    }

    /// The absolute URL of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A new headless Chromium session with its own fresh profile.
    pub async fn session(&mut self, options: SessionOptions) -> Client {
        self.sessions += 1;
        let profile = self
            .profiles
            .path()
            .join(format!("profile-{}", self.sessions));
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!(
            "--window-size={},{}",
            options.width, options.height
        ));
        // The site scrolls smoothly unless motion is reduced; WebDriver clicks
        // where an element is, so it must not be gliding there.
        args.push("--force-prefers-reduced-motion".to_owned());
        // Overlay scrollbars, as on a phone: a 360 px viewport is 360 px of page.
        args.push("--hide-scrollbars".to_owned());
        let mut chrome = json!({ "binary": CHROMIUM, "args": args });
        if !options.javascript {
            chrome["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), chrome);
        capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.driver_url)
            .await
            .unwrap_or_else(|e| panic!("could not start a Chromium session: {e}"));
        set_viewport(&client, options.width, options.height).await;
        client
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // Chromium normally ends with its session; after a failed test it may
        // not have. End, by id, only the processes using our profile folder.
        let marker = self.profiles.path().to_string_lossy().into_owned();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            if String::from_utf8_lossy(&cmdline).contains(&marker) {
                let _ = Command::new("kill")
                    .args(["-KILL", pid])
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

/// Starts the real server binary on a free port and waits until it answers.
fn start_server() -> (Process, String) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // Its reports database in a folder of its own, not the working directory.
    let folder = tempfile::tempdir().expect("a temporary folder").keep();
    let database = format!("sqlite://{}", folder.join("browser.db").display());
    let mut server = Process::spawn(
        "salary-guide serve",
        Command::new(env!("CARGO_BIN_EXE_salary-guide"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", &database])
            .args(["--base-url", &base])
            .env("RUST_LOG", "warn"),
    );
    let started = Instant::now();
    loop {
        server.assert_running();
        if http_get(&format!("{base}/healthz")).is_ok_and(|r| r.status == 200) {
            return (server, base);
        }
        assert!(started.elapsed() < TIMEOUT, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Resizes the window so the page's viewport is `width` CSS pixels wide
/// (window chrome takes some room even when headless).
pub async fn set_viewport(client: &Client, width: u32, height: u32) {
    client
        .set_window_size(width, height)
        .await
        .expect("window resized");
    let inner = client
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("viewport width")
        .as_u64()
        .unwrap_or_default();
    if inner != u64::from(width) && inner > 0 {
        let outer = u64::from(width) + (u64::from(width).saturating_sub(inner));
        client
            .set_window_size(u32::try_from(outer).unwrap_or(width), height)
            .await
            .expect("window resized");
    }
    let inner = client
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("viewport width");
    assert_eq!(inner, json!(width), "viewport width");
}

/// ChromeDriver's log of the page's console and network errors since the
/// last read (`goog:loggingPrefs`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// Asserts the browser logged no console error or warning, failed request or
/// CSP violation since the last call.
///
/// One kind of line is expected, not an error: Chromium logs every answer of
/// 400 or more to a script's `fetch` as "Failed to load resource", and the
/// live pages ask for the 422 fragment (`/calculator/result?…`,
/// `/compare/result?…`) that carries the messages beside bad fields.
pub async fn assert_no_console_errors(client: &Client, context: &str) {
    let log = client.issue_cmd(BrowserLog).await.expect("browser log");
    let expected = |entry: &Value| {
        let message = entry["message"].as_str().unwrap_or_default();
        entry["source"] == "network"
            && (message.contains("/calculator/result?") || message.contains("/compare/result?"))
            && message.ends_with("the server responded with a status of 422 (Unprocessable Entity)")
    };
    let problems: Vec<&Value> = log
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["level"] == "SEVERE" || e["level"] == "WARNING")
                .filter(|e| !expected(e))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        problems.is_empty(),
        "console errors on {context}: {problems:#?}"
    );
}

/// Empties the browser's log, after a page whose own status is 404 or 422 on
/// purpose (Chromium logs that as a failed load too).
pub async fn drain_console(client: &Client) {
    client.issue_cmd(BrowserLog).await.expect("browser log");
}

/// Runs `script` (a function body) and returns its value.
pub async fn js(client: &Client, script: &str, args: Vec<Value>) -> Value {
    client
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed ({e}): {script}"))
}

/// The text of the first element matching `selector`, or `None`.
pub async fn text_of(client: &Client, selector: &str) -> Option<String> {
    js(
        client,
        "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;",
        vec![json!(selector)],
    )
    .await
    .as_str()
    .map(str::to_owned)
}

/// The path and query of the page's address (`/calculator?years=4`).
pub async fn address(client: &Client) -> String {
    let url = client.current_url().await.expect("current URL");
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}
