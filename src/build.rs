//! Build script: links the server's binary with compact relative relocations.
//!
//! A position-independent executable carries one relocation entry per pointer
//! in its read-only data (about 30,000 here, 0.7 MB), and the loader reads
//! every one at start-up, so they all stay in memory. `-z pack-relative-relocs`
//! (RELR) stores the same relocations in about 10 KB: the binary stays
//! position-independent (address-space randomisation unchanged) and idle
//! memory drops by about 0.7 MB (docs/benchmarks.md). It needs GNU ld 2.38
//! or later and glibc 2.36 or later, as on Debian 12; other targets link as
//! usual.
//!
//! It also asks for a rebuild when a migration changes: `sqlx::migrate!`
//! embeds the migration files at compile time (src/store/mod.rs).
//!
//! And it deflates the content files that start-up reads whole (the
//! generated data under `content/data/oews/` and `content/data/bea/`, 1.4 MB
//! of tab-separated text, a seventh of the binary; the data files, the
//! guides and their fact-check records, 0.4 MB) for `src/content/files.rs`
//! to embed: read once at start-up, the plain text's pages stayed in the
//! server's memory for its life, while the deflated text is a quarter of it.

use std::io::Write;
use std::path::Path;

/// The folders of `content/`, and the kind of file in each, embedded
/// deflated. `src/content/files.rs` leaves the same files out of its plain
/// embedding (its `exclude` patterns).
const DEFLATED: [(&str, &str); 6] = [
    ("data/oews", ".tsv"),
    ("data/oews", ".toml"),
    ("data/bea", ".tsv"),
    ("data", ".toml"),
    ("guides", ".md"),
    ("checks", ".toml"),
];

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-changed=src/store/migrations");
    if let Err(error) = deflate_data_files() {
        // A build script reports a failure by panicking; cargo prints it.
        panic!("could not deflate content's data files: {error}");
    }
}

/// Writes each data file deflated into `OUT_DIR`, and `deflated.rs`, the
/// list `src/content/files.rs` includes: `(path under content/, bytes,
/// length of the plain text)`.
fn deflate_data_files() -> std::io::Result<()> {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").map_err(std::io::Error::other)?);
    let mut list = String::from("&[\n");
    for (folder, extension) in DEFLATED {
        let dir = Path::new("content").join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<String> = std::fs::read_dir(&dir)?
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| name.ends_with(extension))
            .collect();
        names.sort();
        for name in names {
            let path = dir.join(&name);
            println!("cargo:rerun-if-changed={}", path.display());
            let text = std::fs::read(&path)?;
            let mut encoder =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&text)?;
            let deflated = encoder.finish()?;
            let file = format!("{}-{name}.deflate", folder.replace('/', "-"));
            std::fs::write(out.join(&file), deflated)?;
            list.push_str(&format!(
                "    (\"{folder}/{name}\", include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")), {}),\n",
                text.len()
            ));
        }
    }
    list.push(']');
    std::fs::write(out.join("deflated.rs"), list)
}
