//! The export behind `salary-guide export`: the site's content pages and static files as plain
//! files, for a CDN or any static file host.
//!
//! Nothing is rendered here: the pages are the very responses the server
//! keeps ready ([`crate::web::Loaded::pages`]), rendered once with the
//! configured server origin in the forms that need the server (the
//! calculator and the header's search), and the static files are the same
//! bytes under both their plain and content-hashed names.
//!
//! File names follow the URL: a path ending in `/` gets `index.html`
//! (`/guides/` → `guides/index.html`), a path with an extension keeps it
//! (`/feed.xml`), and any other page gets `.html` (`/guides/negotiation` →
//! `guides/negotiation.html`). A host serves them at the site's URLs with the
//! rule "try `$uri`, then `$uri.html`, then `$uri/index.html`" (nginx:
//! `try_files $uri $uri.html $uri/index.html =404;`), and `404.html` for any
//! other address; docs/operations.md has the rest.

use std::path::{Path, PathBuf};

use actix_web::web::Bytes;

use crate::web::AppState;

/// The file, relative to the export folder, that holds the page at a URL path.
pub fn file_for(url_path: &str) -> PathBuf {
    let relative = url_path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        return PathBuf::from(format!("{relative}index.html"));
    }
    let last = relative.rsplit('/').next().unwrap_or(relative);
    if last.contains('.') {
        PathBuf::from(relative)
    } else {
        PathBuf::from(format!("{relative}.html"))
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages (HTML, feed, sitemap, robots rules).
    pub pages: usize,
    /// Static files, counting each file's plain and hashed names.
    pub static_files: usize,
}

/// Writes every pre-rendered page and every static file under `out`.
pub fn write(state: &AppState, out: &Path) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    let loaded = state.loaded();
    // The API stays with the server (the forms point at it); the export is the
    // pages a reader browses.
    for (path, page) in loaded
        .pages
        .iter()
        .filter(|(path, _)| !path.starts_with("/api/"))
    {
        write_file(&out.join(file_for(path)), page.body())?;
        summary.pages += 1;
    }
    // The server renders area pages on their first request; the export renders
    // each once, so the links of `/pay/` resolve on a static host too.
    let site = state.site();
    for id in crate::web::pay::area_ids(&site.model.bls) {
        let page = crate::web::pay::render_area(&site, &state.config, id)
            .map_err(|error| std::io::Error::other(error.to_string()))?;
        write_file(
            &out.join(file_for(&format!("/pay/{id}"))),
            &Bytes::from(page),
        )?;
        summary.pages += 1;
    }
    // What a static host answers for an address it has no file for.
    write_file(
        &out.join("404.html"),
        &Bytes::from(crate::web::error::not_found_page(&state.config)),
    )?;
    summary.pages += 1;
    for (name, file) in state.statics.iter() {
        write_file(&out.join("static").join(name), file.response.body())?;
        summary.static_files += 1;
    }
    Ok(summary)
}

fn write_file(path: &Path, body: &Bytes) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_map_to_files_a_static_host_finds() {
        for (url, file) in [
            ("/", "index.html"),
            ("/guides/", "guides/index.html"),
            ("/guides/negotiation", "guides/negotiation.html"),
            ("/sources", "sources.html"),
            ("/calculator", "calculator.html"),
            ("/feed.xml", "feed.xml"),
            ("/robots.txt", "robots.txt"),
        ] {
            assert_eq!(file_for(url), PathBuf::from(file), "{url}");
        }
    }
}
