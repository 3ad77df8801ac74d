//! Tests that keep the source tree in files of one job each: no file over
//! [`MAX_LINES`], and no two modules that import each other.
//!
//! The module graph is read from the text of `src/`: every `crate::` path
//! (brace groups included) is resolved to the module it names. An import
//! between a module and one of its ancestors is structure (the parent declares
//! and re-exports the child), so each other edge is lifted to the two sibling
//! subtrees it joins: `store::reports` → `reports` counts as `store` → `reports`.
//!
//! Relative paths (`super::x`) are not read yet: between siblings of one
//! parent they show further cycles (see the lead's report of this change)
//! that their own changes remove, after which this reader can follow them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest source file allowed; past it a file usually holds several jobs.
const MAX_LINES: usize = 700;

/// Cycles that another change in flight removes; the lead deletes each entry
/// once that change is merged. The test fails if an entry no longer exists,
/// so the list cannot outlive the cycle.
const OWNED_BY_ANOTHER_CHANGE: &[(&str, &str)] = &[
    // `store::reports::day_key` makes its key with `reports::random_bytes`;
    // the fix (the caller passes the fresh key, or the helper moves below
    // both) changes the callers in `src/web/`, owned by another change now.
    ("reports", "store"),
];

/// A module path, `["content", "markdown"]`; the crate root is empty.
type Module = Vec<String>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The module a library file defines: `content/mod.rs` → `content`,
/// `content/markdown/shortcode.rs` → `content::markdown::shortcode`. `None`
/// for the binary (`main.rs`, `bin/`), whose `crate::` is another crate.
fn module_of(relative: &Path) -> Option<Module> {
    let text = relative.to_str()?.strip_suffix(".rs")?;
    if text == "main" || text.starts_with("bin/") {
        return None;
    }
    let mut module: Module = text.split('/').map(str::to_owned).collect();
    if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
        module.pop();
    }
    Some(module)
}

/// The file's code without comments and without its inline `mod tests`
/// (by convention the end of the file), where imports between modules are
/// test scaffolding, not design.
fn code_of(text: &str) -> String {
    text.lines()
        .take_while(|line| line.trim() != "mod tests {")
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path that starts with `crate::`, as segments, with
/// `crate::a::{b::C, d}` expanded to `a::b::C` and `a::d`.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(|c: char| is_ident(c) || c == ':') {
            continue;
        }
        let rest = &code[at..];
        let end = rest
            .find(|c: char| !is_ident(c) && c != ':')
            .unwrap_or(rest.len());
        let prefix: Vec<String> = rest[..end]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if rest[..end].ends_with("::") && rest[end..].starts_with('{') {
            let group = &rest[end + 1..];
            let close = group.find('}').unwrap_or(group.len());
            for item in group[..close].split(',') {
                let item = item.trim();
                let first: String = item.chars().take_while(|c| is_ident(*c)).collect();
                if !first.is_empty() && first != "self" {
                    paths.push([prefix.clone(), vec![first]].concat());
                }
            }
        }
        paths.push(prefix);
    }
    paths
}

/// The module a `crate::` path names: its longest prefix that is a module.
fn resolve(path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    let full = path.get(1..)?;
    (0..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|candidate| known.contains(candidate))
}

/// The two sibling subtrees an import joins, or `None` when one module is
/// the other's ancestor (or the same module).
fn lifted(from: &Module, to: &Module) -> Option<(String, String)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].join("::"), to[..=common].join("::")))
}

/// Every module-to-module import, lifted, with a file that makes it.
fn import_graph() -> BTreeMap<(String, String), String> {
    let src = src_dir();
    let files: Vec<(Module, String, String)> = rust_files(&src)
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).unwrap().to_path_buf();
            let module = module_of(&relative)?;
            let text = std::fs::read_to_string(&path).unwrap();
            Some((module, relative.display().to_string(), code_of(&text)))
        })
        .collect();
    let known: BTreeSet<Module> = files.iter().map(|(module, ..)| module.clone()).collect();
    let mut edges = BTreeMap::new();
    for (module, file, code) in &files {
        for path in paths_in(code) {
            if let Some(edge) = resolve(&path, &known).and_then(|to| lifted(module, &to)) {
                edges.entry(edge).or_insert_with(|| file.clone());
            }
        }
    }
    edges
}

#[test]
fn no_source_file_is_longer_than_seven_hundred_lines() {
    let too_long: Vec<String> = rust_files(&src_dir())
        .into_iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} has {lines} lines", path.display()))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "split these files by responsibility (at most {MAX_LINES} lines each):\n{}",
        too_long.join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let edges = import_graph();
    let mut cycles = Vec::new();
    let mut exempt_seen = BTreeSet::new();
    for ((a, b), file) in &edges {
        let Some(back) = edges.get(&(b.clone(), a.clone())) else {
            continue;
        };
        if a > b {
            continue;
        }
        let exempt = OWNED_BY_ANOTHER_CHANGE.iter().find(|(x, y)| {
            (x, y) == (&a.as_str(), &b.as_str()) || (y, x) == (&a.as_str(), &b.as_str())
        });
        match exempt {
            Some(entry) => {
                exempt_seen.insert(*entry);
            }
            None => cycles.push(format!("{a} <-> {b} ({file} and {back})")),
        }
    }
    assert!(
        cycles.is_empty(),
        "these modules import each other; move what both need to one side or a third module:\n{}",
        cycles.join("\n")
    );
    let stale: Vec<_> = OWNED_BY_ANOTHER_CHANGE
        .iter()
        .filter(|entry| !exempt_seen.contains(*entry))
        .collect();
    assert!(
        stale.is_empty(),
        "these exempted cycles are gone; remove them from the list: {stale:?}"
    );
}

#[test]
fn the_import_reader_resolves_groups_and_lifts_to_siblings() {
    let known: BTreeSet<Module> = [
        vec![],
        vec!["a".to_owned()],
        vec!["a".to_owned(), "b".to_owned()],
        vec!["c".to_owned()],
    ]
    .into_iter()
    .collect();
    let from = vec!["a".to_owned(), "b".to_owned()];
    let paths = paths_in("use crate::c::{self, X};\nuse crate::a::b::Y;\nlet x = my_crate::c::Z;");
    let resolved: Vec<_> = paths.iter().filter_map(|p| resolve(p, &known)).collect();
    assert_eq!(
        resolved,
        [vec!["c".to_owned()], vec!["c".to_owned()], from.clone()]
    );
    assert_eq!(
        lifted(&from, &vec!["c".to_owned()]),
        Some(("a".to_owned(), "c".to_owned()))
    );
    assert_eq!(lifted(&from, &vec!["a".to_owned()]), None);
}
