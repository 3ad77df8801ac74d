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

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=src/build.rs");
    println!("cargo:rerun-if-changed=src/store/migrations");
}
