//! The README and `docs/` keep their promises: every link leads to a file and
//! heading that exist, every site address they name is one the real app
//! answers, and every `salary-guide` command, flag and environment variable
//! they show is one the real parser knows. Operators copy these commands into
//! deploy scripts, so a renamed flag must break this test, not a deploy.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use actix_web::http::StatusCode;
use clap::CommandFactory;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use salary_guide::cli::Cli;

use crate::common::*;

/// What one Markdown document links to, names in code, and offers as anchors.
struct Doc {
    path: PathBuf,
    /// Link and image targets, as written.
    links: Vec<String>,
    /// Inline code spans.
    spans: Vec<String>,
    /// Code blocks, whole.
    blocks: Vec<String>,
    /// The `#anchor` of every heading, as GitHub makes them.
    anchors: BTreeSet<String>,
}

/// README.md and every Markdown file under docs/.
fn documents() -> Vec<Doc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    paths.into_iter().map(|path| read(&path)).collect()
}

fn read(path: &Path) -> Doc {
    let text = std::fs::read_to_string(path).unwrap();
    let mut doc = Doc {
        path: path.to_owned(),
        links: Vec::new(),
        spans: Vec::new(),
        blocks: Vec::new(),
        anchors: BTreeSet::new(),
    };
    let mut heading: Option<String> = None;
    let mut block: Option<String> = None;
    let mut slugs = Vec::new();
    for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                slugs.push(github_slug(&heading.take().unwrap_or_default()));
            }
            Event::Start(Tag::CodeBlock(_)) => block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => doc.blocks.extend(block.take()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                doc.links.push(dest_url.into_string());
            }
            Event::Text(text) => {
                if let Some(block) = &mut block {
                    block.push_str(&text);
                } else if let Some(heading) = &mut heading {
                    heading.push_str(&text);
                }
            }
            Event::Code(code) => {
                if let Some(heading) = &mut heading {
                    heading.push_str(&code);
                }
                doc.spans.push(code.into_string());
            }
            _ => {}
        }
    }
    // GitHub numbers repeated headings: `#limits`, `#limits-1`, …
    for slug in slugs {
        let mut anchor = slug.clone();
        let mut n = 0;
        while doc.anchors.contains(&anchor) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
        doc.anchors.insert(anchor);
    }
    doc
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped, spaces
/// as hyphens.
fn github_slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn name(doc: &Doc) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    doc.path
        .strip_prefix(root)
        .unwrap_or(&doc.path)
        .display()
        .to_string()
}

#[test]
fn every_relative_link_in_the_docs_leads_to_a_file_and_heading_that_exist() {
    let docs = documents();
    let mut broken = Vec::new();
    for doc in &docs {
        for link in &doc.links {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with('/') {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                doc.path.clone()
            } else {
                doc.path.parent().unwrap().join(file)
            };
            if !target.exists() {
                broken.push(format!("{}: {link}: no such file", name(doc)));
                continue;
            }
            if anchor.is_empty() {
                continue;
            }
            let target = std::fs::canonicalize(&target).unwrap();
            let Some(linked) = docs
                .iter()
                .find(|d| std::fs::canonicalize(&d.path).unwrap() == target)
            else {
                broken.push(format!("{}: {link}: anchor into a non-doc", name(doc)));
                continue;
            };
            if !linked.anchors.contains(anchor) {
                broken.push(format!(
                    "{}: {link}: no heading #{anchor} (there are: {})",
                    name(doc),
                    linked
                        .anchors
                        .iter()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The files and folders of this repository a document names in code: spans
/// such as `src/web/front.rs`, and the first word of each line of a code block
/// (the layout in docs/architecture.md, scripts run from the root). Patterns
/// (`content/guides/*.md`, `{slug}`, `…`) stand for many files and are left out.
fn repository_paths(doc: &Doc) -> Vec<&str> {
    const ROOTS: [&str; 8] = [
        "src/",
        "tests/",
        "templates/",
        "content/",
        "static/",
        "docs/",
        ".ci/",
        ".cargo/",
    ];
    let block_lines = doc
        .blocks
        .iter()
        .flat_map(|block| block.lines())
        .filter_map(|line| line.split_whitespace().next())
        .map(|word| word.trim_end_matches([',', ':']));
    doc.spans
        .iter()
        .map(String::as_str)
        .chain(block_lines)
        .filter(|path| ROOTS.iter().any(|root| path.starts_with(root)))
        .filter(|path| !path.contains(|c: char| c.is_whitespace() || "*{…<".contains(c)))
        .collect()
}

#[test]
fn every_file_and_folder_the_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    let mut named = 0;
    for doc in documents() {
        for path in repository_paths(&doc) {
            named += 1;
            if !root.join(path).exists() {
                missing.push(format!("{}: {path}", name(&doc)));
            }
        }
    }
    assert!(named > 20, "the docs name the repository's files ({named})");
    assert!(
        missing.is_empty(),
        "files and folders the docs name that do not exist:\n{}",
        missing.join("\n")
    );
}

/// The site addresses a document names: links to `/…` and code spans that
/// are an address (`/calculator?years=4`, `GET /api/v1/options`), with `{slug}`
/// filled in from a real guide and a trailing `…` or `#fragment` cut off.
fn site_addresses(doc: &Doc, slug: &str) -> Vec<String> {
    let spans = doc.spans.iter().filter_map(|span| {
        let span = ["GET ", "HEAD ", "POST "]
            .iter()
            .find_map(|method| span.strip_prefix(method))
            .unwrap_or(span);
        (span.starts_with('/') && !span.contains(char::is_whitespace) && !system_file(span))
            .then_some(span)
    });
    let links = doc
        .links
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with('/'));
    spans
        .chain(links)
        .map(|address| {
            let address = address.split('#').next().unwrap_or_default();
            let address = address.split('…').next().unwrap_or_default();
            address.replace("{slug}", slug)
        })
        .collect()
}

/// A file of the machine (`/proc/PID/status`), not of the site: the site has
/// no address under the system's own top-level folders.
fn system_file(path: &str) -> bool {
    const SYSTEM: [&str; 7] = [
        "/dev/", "/etc/", "/proc/", "/sys/", "/tmp/", "/usr/", "/var/",
    ];
    SYSTEM.iter().any(|root| path.starts_with(root))
}

/// Whether the app has a route for `address`: anything but the not-found
/// answer counts (a 405 from a POST-only route, a 404 problem with its own
/// code such as `insufficient_reports`), and a server error never does.
fn answered(reply: &Reply) -> bool {
    if reply.status.is_server_error() {
        return false;
    }
    if reply.status != StatusCode::NOT_FOUND {
        return true;
    }
    reply.content_type.starts_with("application/problem+json")
        && reply.json()["code"] != "not_found"
}

#[actix_web::test]
async fn every_site_address_in_the_docs_is_one_the_app_answers() {
    let site = state().site();
    let slug = &site.guides.first().expect("a guide").slug;
    let docs = documents();
    let mut addresses: Vec<(String, String)> = docs
        .iter()
        .flat_map(|doc| {
            site_addresses(doc, slug)
                .into_iter()
                .map(move |address| (name(doc), address))
        })
        .collect();
    addresses.sort();
    addresses.dedup();
    assert!(
        addresses.len() > 20,
        "the docs name the site's addresses: {addresses:?}"
    );

    let mut found = BTreeSet::new();
    let mut missing = Vec::new();
    for (doc, address) in &addresses {
        if answered(&get(address).await) {
            found.insert(address.clone());
        } else {
            missing.push((doc, address));
        }
    }
    // A prefix such as `/api/` or `/static/` names the addresses under it.
    let unanswered: Vec<String> = missing
        .into_iter()
        .filter(|(_, address)| {
            !(address.ends_with('/') && found.iter().any(|f| f.starts_with(address.as_str())))
        })
        .map(|(doc, address)| format!("{doc}: {address}"))
        .collect();
    assert!(
        unanswered.is_empty(),
        "addresses the app does not answer:\n{}",
        unanswered.join("\n")
    );
}

/// Splits a shell line into words, keeping quoted strings whole.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The shell commands in a code block or span: continuation lines joined,
/// comments dropped, pipelines and lists split.
fn shell_commands(code: &str) -> Vec<Vec<String>> {
    code.replace("\\\n", " ")
        .lines()
        .map(|line| match line.find(" #") {
            Some(comment) => &line[..comment],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        })
        .flat_map(|line| line.split(['|', ';']).flat_map(|part| part.split("&&")))
        .map(shell_words)
        .filter(|words| !words.is_empty())
        .collect()
}

/// The arguments given to `salary-guide` in a command, if it runs it:
/// `salary-guide ARGS`, `target/release/salary-guide ARGS` or
/// `cargo run [--release] [-- ARGS]`.
fn salary_guide_args(words: &[String]) -> Option<&[String]> {
    if let Some(at) = words
        .iter()
        .position(|w| w == "salary-guide" || w.ends_with("/salary-guide"))
    {
        return Some(&words[at + 1..]);
    }
    let cargo = words.iter().position(|w| w == "cargo")?;
    if words.get(cargo + 1).map(String::as_str) != Some("run") {
        return None;
    }
    Some(match words.iter().position(|w| w == "--") {
        Some(separator) => &words[separator + 1..],
        None => &[],
    })
}

/// A word standing for something the reader fills in (`COMMAND`, `ID…`).
fn placeholder(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
        || word.contains(['…', '{'])
}

/// Every subcommand, depth first, with globals propagated (`build`).
fn all_commands(command: &clap::Command) -> Vec<&clap::Command> {
    let mut all = vec![command];
    for sub in command.get_subcommands() {
        all.extend(all_commands(sub));
    }
    all
}

fn find_flag<'a>(command: &'a clap::Command, flag: &str) -> Option<&'a clap::Arg> {
    command.get_arguments().find(|arg| {
        arg.get_long() == Some(flag) || arg.get_all_aliases().unwrap_or_default().contains(&flag)
    })
}

/// Walks `args` through the parser as clap would, naming every subcommand or
/// flag it does not know.
fn check_invocation(root: &clap::Command, args: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut command = Some(root);
    let mut words = args.iter();
    let mut subcommands_done = false;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(flag) = word.strip_prefix("--") {
            let (flag, inline_value) = match flag.split_once('=') {
                Some((flag, _)) => (flag, true),
                None => (flag, false),
            };
            let arg = match command {
                Some(command) => find_flag(command, flag),
                None => all_commands(root)
                    .into_iter()
                    .find_map(|c| find_flag(c, flag)),
            };
            match arg {
                Some(arg) if arg.get_action().takes_values() && !inline_value => {
                    words.next();
                }
                Some(_) => {}
                None => problems.push(format!(
                    "`--{flag}` is not a flag of `{}`",
                    command.map_or("any command", clap::Command::get_name)
                )),
            }
        } else if word.starts_with('-') || subcommands_done {
            continue;
        } else if let Some(current) = command.filter(|c| c.has_subcommands()) {
            if placeholder(word) {
                command = None;
            } else if let Some(sub) = current.find_subcommand(word) {
                command = Some(sub);
            } else {
                problems.push(format!(
                    "`{word}` is not a command of `{}`",
                    current.get_name()
                ));
                subcommands_done = true;
            }
        } else {
            // A positional value (`moderator add ana`): no more subcommands.
            subcommands_done = true;
        }
    }
    problems
}

#[test]
fn every_command_flag_and_variable_in_the_docs_exists_in_the_parser() {
    let mut root = Cli::command();
    root.build();
    let commands = all_commands(&root);
    let variables: BTreeSet<String> = commands
        .iter()
        .flat_map(|command| command.get_arguments())
        .filter_map(|arg| arg.get_env())
        .map(|env| env.to_string_lossy().into_owned())
        .collect();

    let mut problems = Vec::new();
    let mut invocations = 0;
    for doc in documents() {
        for code in doc.spans.iter().chain(&doc.blocks) {
            for words in shell_commands(code) {
                if let Some(args) = salary_guide_args(&words) {
                    invocations += 1;
                    for problem in check_invocation(&root, args) {
                        problems.push(format!("{}: `{code}`: {problem}", name(&doc)));
                    }
                } else if words[0].starts_with("--") {
                    // A flag on its own (`--workers N`) is one of ours.
                    for problem in check_invocation_any(&root, &words) {
                        problems.push(format!("{}: `{code}`: {problem}", name(&doc)));
                    }
                }
            }
            for variable in code
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|word| word.starts_with("SALARY_GUIDE_"))
            {
                if !variables.contains(variable) {
                    problems.push(format!(
                        "{}: `{variable}` is not an environment variable of any flag",
                        name(&doc)
                    ));
                }
            }
        }
    }
    assert!(
        invocations > 20,
        "the docs show the command line ({invocations} commands found)"
    );
    assert!(
        problems.is_empty(),
        "the docs name what the command line does not have:\n{}",
        problems.join("\n")
    );
}

/// Checks flags written on their own against every command's flags.
fn check_invocation_any(root: &clap::Command, words: &[String]) -> Vec<String> {
    let mut args = vec!["COMMAND".to_owned()];
    args.extend(words.iter().filter(|w| w.starts_with("--")).cloned());
    check_invocation(root, &args)
}

#[test]
fn the_checker_refuses_a_command_or_flag_the_parser_does_not_have() {
    let mut root = Cli::command();
    root.build();
    let args = |line: &str| shell_words(line);
    assert!(check_invocation(&root, &args("reports approve 12 13")).is_empty());
    assert!(check_invocation(&root, &args("serve --bind 0.0.0.0:8080 --workers 2")).is_empty());
    assert!(check_invocation(&root, &args("estimate --years 4 --json")).is_empty());
    assert_eq!(
        check_invocation(&root, &args("reports frobnicate")),
        ["`frobnicate` is not a command of `reports`"]
    );
    assert_eq!(
        check_invocation(&root, &args("estimate --years 4 --out dist")),
        ["`--out` is not a flag of `estimate`"]
    );
    assert_eq!(
        check_invocation_any(&root, &args("--no-such-flag N")),
        ["`--no-such-flag` is not a flag of `any command`"]
    );
    assert_eq!(
        salary_guide_args(&args("cargo run --release -- check --content content")),
        Some(&args("check --content content")[..])
    );
}
