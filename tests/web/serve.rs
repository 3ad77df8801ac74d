//! `serve` refuses bad settings before it listens. (Reloading itself is tested
//! in `src/web/watch.rs` by calling the reload function, not by timing file
//! events.)

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary, which is expected to exit at once; kills it (failing the
/// test) if it is still running after a generous while, so a regression that
/// starts serving cannot hang the suite.
fn run_expecting_exit(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_salary-guide"));
    command
        .args(args)
        .env_remove("SALARY_GUIDE_CONTENT")
        .env_remove("SALARY_GUIDE_STATIC")
        .env_remove("SALARY_GUIDE_BASE_URL")
        .env_remove("SALARY_GUIDE_SECRET")
        .env_remove("SALARY_GUIDE_KEY_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            child.kill().expect("kill");
            panic!("`salary-guide {}` kept running", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[test]
fn watch_without_a_content_folder_is_refused_with_a_hint() {
    let output = run_expecting_exit(&["serve", "--watch", "--bind", "127.0.0.1:0"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("--watch needs --content"), "{message}");
    assert!(
        message.contains("serve --watch --content content"),
        "{message}"
    );
}

#[test]
fn a_bad_base_url_is_refused_at_start_up() {
    for (url, why) in [
        ("https://example.com/", "trailing slash"),
        ("example.com", "absolute URL"),
        ("https://example.com/blog", "root of its host"),
    ] {
        let output = run_expecting_exit(&["--base-url", url, "--bind", "127.0.0.1:0"], &[]);
        assert_eq!(output.status.code(), Some(2), "{url}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains("--base-url"), "{url}: {message}");
        assert!(message.contains(why), "{url}: {message}");
    }
    // The environment variable is read and checked the same way.
    let output = run_expecting_exit(
        &["check"],
        &[("SALARY_GUIDE_BASE_URL", "ftp://example.com")],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("http or https"));
}

#[test]
fn a_first_start_on_sqlite_creates_the_key_file_beside_the_database_and_says_so() {
    let server = crate::ops::Server::start(&[], &[]);
    let key_file = server.folder().join("salary-guide.key");
    assert!(key_file.is_file(), "{:?}", server.log());
    assert!(
        server
            .log()
            .iter()
            .any(|line| line.contains("created the server's key file")
                && line.contains("salary-guide.key")),
        "{:?}",
        server.log()
    );
    let secret = std::fs::read_to_string(&key_file).unwrap();
    assert_eq!(secret.trim().len(), 64);
}

/// Replicas on one PostgreSQL database must share the secret the database
/// never holds; without one, `serve` stops at once and says how to give it.
#[actix_web::test]
async fn postgresql_without_a_shared_secret_stops_with_what_to_set() {
    let Some(db) = crate::databases::postgres().await else {
        return;
    };
    let output = run_expecting_exit(
        &["serve", "--bind", "127.0.0.1:0", "--database-url", &db.url],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("SALARY_GUIDE_SECRET"), "{message}");
    assert!(message.contains("--key-file"), "{message}");
    assert!(message.contains("openssl rand -hex 32"), "{message}");
}
