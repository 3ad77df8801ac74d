//! Take-home pay where people decide: the tax sources on `/sources`, the
//! calculator's "What you keep", the API's `take_home` and the comparison.
//! Figures are checked against sums worked out here from the published
//! brackets, never against the code under test.

use crate::common::*;

/// `/sources` lists every tax source with its agency, title, address and
/// date only; what maintainers noted about checking it stays out.
#[actix_web::test]
async fn sources_page_lists_tax_sources_as_readers_need_them() {
    let reply = get("/sources").await;
    assert!(reply.status.is_success());
    let html = reply.html();
    let entry = text(&html, "#tax-irs-rp-2025-32");
    assert!(entry.contains("Internal Revenue Service"), "{entry}");
    assert!(entry.contains("Revenue Procedure 2025-32"), "{entry}");
    assert!(entry.contains("2025-10-09"), "{entry}");
    assert_eq!(
        attrs(&html, "#tax-irs-rp-2025-32 a", "href"),
        ["https://www.irs.gov/pub/irs-drop/rp-25-32.pdf"]
    );
    let site = state().loaded().site.clone();
    assert_eq!(
        html.select(&sel("#tax-sources + ol > li")).count(),
        site.model.tax.sources.len()
    );
    assert_eq!(texts(&html, "#tax + p + ul > li"), site.model.tax.notes);
    let lower = reply.body.to_lowercase();
    for phrase in [
        "not yet read",
        "research notes",
        "could not be opened",
        "policyengine us 2.68",
    ] {
        assert!(!lower.contains(phrase), "/sources shows {phrase:?}");
    }
}
