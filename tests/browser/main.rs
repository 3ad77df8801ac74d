//! End-to-end tests in a real browser: the real server binary, driven through
//! Debian's chromedriver in headless Chromium.
//!
//! - `calculator`: the live calculator (in-place updates, address bar, live
//!   field errors, parity with the server's own rendering), the no-JavaScript
//!   path, the keyboard, and no console errors.
//! - `audits`: axe-core at 1280 and 360 px, the Nu HTML Checker and
//!   Lighthouse on the page types the issue names.
//! - `place`: the place field's combobox from the keyboard, with its ARIA
//!   state, on the calculator, the comparison and the report form.
//!
//! Needs `apt-get install chromium chromium-driver`, Java, Node.js and
//! `npm ci --ignore-scripts --prefix tests/browser` (axe-core, vnu-jar,
//! lighthouse). Without them the tests say loudly that they did not run; with
//! `CI` set they fail instead, so CI always runs them. `.ci/run` installs all
//! of it. Set `BROWSER_SCREENSHOTS=DIR` to save screenshots of the live
//! calculator there.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly on setup errors"
)]

mod audits;
mod calculator;
mod compare;
mod harness;
mod place;
mod print;

/// Lighthouse measures speed, so while it runs nothing else in this binary
/// may: every other test holds this for reading, Lighthouse for writing.
pub static MEASURING: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());
