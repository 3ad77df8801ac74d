//! Static files (CSS, icons, scripts), read into memory once at start-up.
//!
//! Each file is served under a content-hashed name (`css/site.3f2a9c1b7e.css`)
//! that can be cached forever, since new content means a new name; pages link
//! to those names. The plain name still works, with a short cache, for anything
//! outside the site that links to it. Requests are answered from a map of known
//! names, so no request path ever reaches the file system:
//! `/static/../Cargo.toml` simply is not in the map.

use std::borrow::Cow;
use std::collections::HashMap;

use actix_web::web::Bytes;

use super::cache::{CachedResponse, IMMUTABLE_CACHE_CONTROL, PAGE_CACHE_CONTROL};
use crate::content::files::{FileError, FileTree};

/// One static file, ready to send.
#[derive(Debug)]
pub struct StaticFile {
    /// The file, with its ETag and compressed forms.
    pub response: CachedResponse,
}

/// Every static file, by path relative to the static folder, under both its
/// plain and its content-hashed name.
#[derive(Debug, Default)]
pub struct StaticFiles {
    files: HashMap<String, StaticFile>,
    hashed_names: HashMap<String, String>,
}

/// The type to send a file as; text types name their charset, so browsers
/// never guess.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => mime_guess::from_path(path)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    }
}

/// `css/site.css` with hash `abc` → `css/site.abc.css`.
fn hashed_name(path: &str, hash: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{path}.{hash}"),
    }
}

impl StaticFiles {
    /// Reads every file of the tree.
    pub fn load(tree: &FileTree) -> Result<Self, FileError> {
        let mut statics = Self::default();
        for path in tree.list("")? {
            let body = match tree.read(&path)? {
                Cow::Borrowed(bundled) => Bytes::from_static(bundled),
                Cow::Owned(read) => Bytes::from(read),
            };
            let hash = blake3::hash(&body).to_hex()[..10].to_owned();
            let hashed = hashed_name(&path, &hash);
            let kind = content_type(&path);
            statics.files.insert(
                hashed.clone(),
                StaticFile {
                    response: CachedResponse::new(kind, IMMUTABLE_CACHE_CONTROL, body.clone()),
                },
            );
            statics.files.insert(
                path.clone(),
                StaticFile {
                    response: CachedResponse::new(kind, PAGE_CACHE_CONTROL, body),
                },
            );
            statics.hashed_names.insert(path, hashed);
        }
        Ok(statics)
    }

    /// The file at a relative path (plain or hashed name), if there is one.
    pub fn get(&self, path: &str) -> Option<&StaticFile> {
        self.files.get(path)
    }

    /// The URL pages should use for a file: its content-hashed name, or the
    /// plain one if the file is missing (so a page still renders, and the
    /// missing file shows up as a 404 in the browser's console and our tests).
    pub fn url(&self, path: &str) -> String {
        match self.hashed_names.get(path) {
            Some(hashed) => format!("/static/{hashed}"),
            None => format!("/static/{path}"),
        }
    }

    /// Every file under each of its names (plain and content-hashed), for export.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &StaticFile)> {
        self.files.iter().map(|(path, file)| (path.as_str(), file))
    }

    /// How many distinct files there are.
    pub fn len(&self) -> usize {
        self.hashed_names.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.hashed_names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_keep_the_extension_last() {
        assert_eq!(hashed_name("css/site.css", "abc"), "css/site.abc.css");
        assert_eq!(hashed_name("favicon.svg", "abc"), "favicon.abc.svg");
        assert_eq!(hashed_name("LICENSE", "abc"), "LICENSE.abc");
        assert_eq!(hashed_name("dir/.hidden", "abc"), "dir/.hidden.abc");
    }

    #[test]
    fn pages_link_to_hashed_names_that_are_served() {
        let statics = StaticFiles::load(&FileTree::BundledStatic).unwrap();
        let url = statics.url("css/site.css");
        assert!(url.starts_with("/static/css/site.") && url.ends_with(".css"));
        let hashed = url.trim_start_matches("/static/");
        assert!(statics.get(hashed).is_some());
        assert!(statics.get("css/site.css").is_some());
        assert_eq!(statics.url("nope.css"), "/static/nope.css");
    }
}
