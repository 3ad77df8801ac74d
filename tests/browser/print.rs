//! The offer box promises "a one-page brief": printed by Chromium on US Letter
//! paper, a result with an offer must fit on one page, and so must a
//! comparison.

use std::process::Command;

use crate::MEASURING;
use crate::harness::{CHROMIUM, CHROMIUM_FLAGS, Harness, missing};

/// Pages and paper size of a PDF, as poppler's `pdfinfo` reports them.
fn pdf_pages(pdf: &std::path::Path) -> Option<(u32, String)> {
    let output = match Command::new("pdfinfo").arg(pdf).output() {
        Ok(output) => output,
        Err(_) => {
            missing("pdfinfo", "sudo apt-get install -y poppler-utils");
            return None;
        }
    };
    let info = String::from_utf8_lossy(&output.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|rest| rest.trim().to_owned())
            .unwrap_or_else(|| panic!("pdfinfo gave no {name:?}:\n{info}"))
    };
    Some((field("Pages:").parse().unwrap(), field("Page size:")))
}

#[tokio::test]
async fn a_result_with_an_offer_and_a_comparison_print_on_one_letter_page() {
    let _measuring = MEASURING.read().await;
    let Some(harness) = Harness::start().await else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    // A short profile, and the longest brief the calculator writes: every
    // confidence note, offer bonus and equity, a freelance rate.
    for (name, query) in [
        (
            "short",
            "/calculator?years=4&location=seattle&offer=120000&offer_bonus=5000",
        ),
        (
            "long",
            "/calculator?years=45&location=san-jose&industry=education&company_size=startup&language=rust&skills=ai-ml&skills=docker&skills=kubernetes&certifications=ckad&employment=freelance&offer=150000&offer_bonus=10000&offer_equity=20000",
        ),
        // The brief with a private grant beside the totals, the answers and
        // the four-year table.
        (
            "grant",
            "/calculator?years=6&location=seattle&skills=aws&offer=190000&offer_bonus=19000&offer_signing=30000&offer_grant=200000&offer_equity_kind=private&offer_vesting=back-loaded-5-15-40-40",
        ),
        // A comparison of three offers prints on one page too.
        (
            "comparison",
            "/compare?a.years=5&a.location=san-francisco&a.offer=180000&b.years=5&b.location=austin&b.company_size=enterprise&b.offer=150000&b.offer_grant=80000&b.offer_vesting=back-loaded-5-15-40-40&c.years=5&c.location=seattle&c.work_arrangement=remote&c.home=denver&c.offer=170000",
        ),
    ] {
        let pdf = folder.path().join(format!("{name}.pdf"));
        let status = Command::new(CHROMIUM)
            .args(CHROMIUM_FLAGS)
            .arg("--no-pdf-header-footer")
            .arg(format!(
                "--user-data-dir={}",
                folder.path().join(name).display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(harness.url(query))
            .output()
            .expect("Chromium runs");
        assert!(pdf.exists(), "{name}: no PDF printed: {status:?}");
        let Some((pages, size)) = pdf_pages(&pdf) else {
            return;
        };
        assert!(
            size.contains("612 x 792"),
            "{name}: printed on {size}, not US Letter"
        );
        assert_eq!(pages, 1, "{name}: the brief prints on {pages} pages");
    }
}
