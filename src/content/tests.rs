//! Tests of loading content: front matter, related guides and their lines.

use super::guide_file::related_lines;
use super::*;

#[test]
fn splits_front_matter_and_reports_the_body_line() {
    let (front, body, line) =
        split_front_matter("+++\ntitle = \"x\"\norder = 1\n+++\n\nHello\n").unwrap();
    assert_eq!(front, "title = \"x\"\norder = 1\n");
    assert_eq!(body, "\nHello\n");
    assert_eq!(line, 5);
}

#[test]
fn missing_front_matter_is_explained() {
    assert!(split_front_matter("# Title\n").unwrap_err().contains("+++"));
    assert!(
        split_front_matter("+++\ntitle = 1\n")
            .unwrap_err()
            .contains("not closed")
    );
}

/// A copy of the bundled content in a temporary folder, to break on purpose.
fn content_copy() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        dir.path(),
    );
    dir
}

#[test]
fn a_bad_tax_table_stops_loading_naming_the_file_and_entry() {
    let dir = content_copy();
    let path = dir.path().join(TAX_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("rate = 0.062", "rate = 6.2", 1)).unwrap();
    let errors = Site::load(&FileTree::Folder(dir.path().to_owned()))
        .unwrap_err()
        .to_string();
    let expected = format!(
        "{}: social_security.rate: rate 6.2 must be a fraction between 0 and 1",
        path.display()
    );
    assert!(
        errors.contains(&expected),
        "missing {expected:?} in:\n{errors}"
    );
}

#[test]
fn bad_related_guides_are_errors_naming_file_and_line() {
    let dir = content_copy();
    let path = dir.path().join("guides/outlook.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "section = \"Career\"\n",
        "section = \"Career\"\nrelated = [\n  \"outlook\",\n  \"no-such-guide\",\n  \"what-moves-pay\",\n  \"what-moves-pay\",\n]\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let errors = Site::load(&FileTree::Folder(dir.path().to_owned()))
        .unwrap_err()
        .to_string();
    let file = path.display().to_string();
    for expected in [
        format!("{file}: line 9: front matter: related lists the guide itself (`outlook`)"),
        format!(
            "{file}: line 10: front matter: related names `no-such-guide`, but there is no guide guides/no-such-guide.md"
        ),
        format!("{file}: line 12: front matter: related lists `what-moves-pay` twice"),
        format!("{file}: line 12: front matter: related names 4 guides; name at most 3"),
    ] {
        assert!(
            errors.contains(&expected),
            "missing {expected:?} in:\n{errors}"
        );
    }
}

#[test]
fn typed_figures_in_guide_prose_are_errors_naming_file_and_line() {
    let dir = content_copy();
    let path = dir.path().join("guides/outlook.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let body_start = text.find("\n+++\n").unwrap() + 5;
    let line = text[..body_start].lines().count() + 1;
    let text = format!(
        "{}Juniors start near $74,000 and gain 8% a year.\n\n{}",
        &text[..body_start],
        &text[body_start..]
    );
    std::fs::write(&path, text).unwrap();
    let errors = Site::load(&FileTree::Folder(dir.path().to_owned()))
        .unwrap_err()
        .to_string();
    let file = path.display().to_string();
    for found in ["$74,000", "8%"] {
        let expected = format!("{file}: line {line}: `{found}` is typed into the prose");
        assert!(
            errors.contains(&expected),
            "missing {expected:?} in:\n{errors}"
        );
    }
}

#[test]
fn comparison_links_in_guides_are_checked_like_calculator_links() {
    let dir = content_copy();
    let path = dir.path().join("guides/outlook.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = format!(
        "{text}\n[Good](/compare?a.years=4&b.years=4&b.location=austin) and [bad](/compare?a.years=4&b.location=atlantis).\n"
    );
    std::fs::write(&path, text).unwrap();
    let errors = Site::load(&FileTree::Folder(dir.path().to_owned()))
        .unwrap_err()
        .to_string();
    assert!(
        errors.contains("broken link `/compare?a.years=4&b.location=atlantis`"),
        "{errors}"
    );
    assert!(!errors.contains("b.location=austin"), "{errors}");
}

#[test]
fn related_entries_point_at_their_own_lines() {
    let front = "title = \"x\"\nrelated = [\"a\", \"b\", \"a\"]\nsources = [\"a\"]\n";
    let related = ["a", "b", "a"].map(str::to_owned);
    assert_eq!(related_lines(front, &related), [Some(3), Some(3), Some(3)]);
    let front = "related = [\n  \"a\",\n  \"a\",\n  \"zz\",\n]\n";
    let related = ["a", "a", "b"].map(str::to_owned);
    assert_eq!(related_lines(front, &related), [Some(3), Some(4), None]);
}

#[test]
fn guides_without_a_section_are_listed_last() {
    let dir = content_copy();
    let path = dir.path().join("guides/backend-developer-role.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("section = \"Career\"\n", "", 1)).unwrap();
    let site = Site::load(&FileTree::Folder(dir.path().to_owned())).unwrap();
    let sections = site.sections();
    let last = sections.last().unwrap();
    assert_eq!(last.name, DEFAULT_SECTION);
    assert_eq!(last.id, "more-guides");
    let slugs: Vec<&str> = last.guides.iter().map(|g| g.slug.as_str()).collect();
    assert_eq!(slugs, ["backend-developer-role"]);
    // The first guide in reading order no longer leads, so "Pay" does.
    assert_eq!(sections[0].name, "Pay");
}

#[test]
fn the_bundled_content_loads() {
    let site = Site::load(&FileTree::BundledContent).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.guides.len() >= 6);
    for guide in &site.guides {
        assert!(
            guide.words >= 500,
            "{} has {} words",
            guide.slug,
            guide.words
        );
    }
}

#[test]
fn a_guide_may_cite_a_tax_source_and_lists_it_with_its_agency() {
    let dir = content_copy();
    let guide = dir.path().join("guides/outlook.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    let text = text.replacen("sources = [", "sources = [\"ssa-cbb\", ", 1);
    std::fs::write(&guide, text).unwrap();
    let record = dir.path().join("checks/outlook.toml");
    let mut claims = std::fs::read_to_string(&record).unwrap();
    claims.push_str(
        "\n[[claim]]\ntext = \"Social Security stops at the wage base.\"\nsource = \"ssa-cbb\"\nquote = \"The taxable wage base will increase to $184,500\"\nwhere = \"2026 row\"\nchecked = 2099-01-01\n",
    );
    std::fs::write(&record, claims).unwrap();
    let site =
        Site::load(&FileTree::Folder(dir.path().to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let outlook = site.guide("outlook").unwrap();
    let cited = outlook
        .sources
        .iter()
        .find_map(CitedSource::tax)
        .expect("the tax source is resolved");
    assert_eq!(cited.id, "ssa-cbb");
    assert_eq!(cited.agency, "Social Security Administration");
}

#[test]
fn an_unknown_source_names_both_source_lists() {
    let dir = content_copy();
    let guide = dir.path().join("guides/outlook.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replacen("sources = [", "sources = [\"no-such-page\", ", 1),
    )
    .unwrap();
    let errors = Site::load(&FileTree::Folder(dir.path().to_owned()))
        .unwrap_err()
        .to_string();
    assert!(
        errors.contains(
            "unknown source `no-such-page`; sources are listed in content/data/salary-model.toml and content/data/tax-2026.toml"
        ),
        "{errors}"
    );
}

#[test]
fn a_tax_source_id_the_salary_model_also_uses_is_refused() {
    let dir = content_copy();
    let path = dir.path().join(TAX_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    // `ssa-wage-base-2026` is the salary model's id for the same SSA page.
    std::fs::write(&path, text.replace("\"ssa-cbb\"", "\"ssa-wage-base-2026\"")).unwrap();
    let errors = Site::load(&FileTree::Folder(dir.path().to_owned()))
        .unwrap_err()
        .to_string();
    assert!(
        errors
            .contains("id `ssa-wage-base-2026` is also a source in content/data/salary-model.toml"),
        "{errors}"
    );
}

/// The ZIP index is built on the first place lookup from `zips.tsv` read
/// again: from a content folder, only the text start-up checked.
#[test]
fn the_zip_index_reads_only_the_zip_file_start_up_checked() {
    use crate::estimator::bls::PlaceMatch;
    let dir = content_copy();
    let site = Site::load(&FileTree::Folder(dir.path().to_owned())).unwrap();
    let again = site.model.bls.as_ref().clone();
    assert!(!site.model.bls.places_built());
    assert!(matches!(
        site.model.bls.find_place("83702"),
        PlaceMatch::One(_)
    ));
    // Changed after loading: still a valid file, but never checked.
    let path = dir.path().join(BLS_DIR).join("zips.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\tBOISE\t", "\tBOYSE\t")).unwrap();
    assert!(!again.places_built());
    assert_eq!(again.find_place("83702"), PlaceMatch::Unknown);
    assert_eq!(again.find_place("Boyse"), PlaceMatch::Unknown);
}
