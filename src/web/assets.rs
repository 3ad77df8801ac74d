//! Static files (CSS, icons, scripts), read into memory once at start-up.
//!
//! Requests are answered from a map of known names, so no request path ever
//! reaches the file system: `/static/../Cargo.toml` simply is not in the map.

use std::collections::HashMap;

use actix_web::web::Bytes;

use crate::content::files::{FileError, FileTree};

/// One static file, ready to send.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// The file's bytes.
    pub body: Bytes,
    /// Its MIME type, from the file name.
    pub content_type: String,
}

/// Every static file, by path relative to the static folder.
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    files: HashMap<String, StaticFile>,
}

impl StaticFiles {
    /// Reads every file of the tree.
    pub fn load(tree: &FileTree) -> Result<Self, FileError> {
        let mut files = HashMap::new();
        for path in tree.list("")? {
            let body = Bytes::from(tree.read(&path)?);
            let content_type = mime_guess::from_path(&path)
                .first_or_octet_stream()
                .essence_str()
                .to_owned();
            let content_type = if content_type.starts_with("text/")
                || content_type == "application/javascript"
                || content_type == "image/svg+xml"
            {
                format!("{content_type}; charset=utf-8")
            } else {
                content_type
            };
            files.insert(path, StaticFile { body, content_type });
        }
        Ok(Self { files })
    }

    /// The file at a relative path, if there is one.
    pub fn get(&self, path: &str) -> Option<&StaticFile> {
        self.files.get(path)
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
