//! Where content and static files come from: embedded in the binary, or a folder.
//!
//! The release binary carries `content/` and `static/` so it runs from any
//! directory; authors point `--content` / `--static` at their working copy to
//! see edits without rebuilding.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "content/"]
// What the build script deflates instead (its `DEFLATED`). A `*` here also
// matches `/`: `data/*.toml` is `data/oews/release.toml` too.
#[exclude = "data/oews/*.tsv"]
#[exclude = "data/bea/*.tsv"]
#[exclude = "data/*.toml"]
#[exclude = "guides/*.md"]
#[exclude = "checks/*.toml"]
struct EmbeddedContent;

/// The files start-up reads whole, embedded deflated by the build script
/// (src/build.rs): `(path under content/, deflated bytes, plain length)`.
/// Their plain text was a fifth of the binary, and once read at start-up
/// its pages stayed in the server's memory.
const DEFLATED_CONTENT: &[(&str, &[u8], usize)] =
    include!(concat!(env!("OUT_DIR"), "/deflated.rs"));

#[derive(RustEmbed)]
#[folder = "static/"]
struct EmbeddedStatic;

/// A tree of files: the bundled copy or a folder on disk.
#[derive(Debug, Clone)]
pub enum FileTree {
    /// The `content/` folder built into the binary.
    BundledContent,
    /// The `static/` folder built into the binary.
    BundledStatic,
    /// A folder on disk.
    Folder(PathBuf),
}

/// A file could not be listed or read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct FileError {
    /// The file or folder, as shown to the person running the site.
    pub path: String,
    /// What went wrong.
    pub source: std::io::Error,
}

impl FileTree {
    /// `dir` when given, the bundled tree otherwise.
    pub fn content(dir: Option<&Path>) -> Self {
        dir.map_or(FileTree::BundledContent, |d| FileTree::Folder(d.to_owned()))
    }

    /// `dir` when given, the bundled tree otherwise.
    pub fn statics(dir: Option<&Path>) -> Self {
        dir.map_or(FileTree::BundledStatic, |d| FileTree::Folder(d.to_owned()))
    }

    /// How to name a file of this tree in a message: `content/guides/x.md`.
    pub fn display(&self, relative: &str) -> String {
        match self {
            FileTree::BundledContent => format!("content/{relative}"),
            FileTree::BundledStatic => format!("static/{relative}"),
            FileTree::Folder(dir) => dir.join(relative).display().to_string(),
        }
    }

    /// Relative paths of every file under `prefix` (a folder, with trailing `/`),
    /// sorted, so loading order never depends on the file system.
    pub fn list(&self, prefix: &str) -> Result<Vec<String>, FileError> {
        let mut paths: Vec<String> = match self {
            FileTree::BundledContent => EmbeddedContent::iter()
                .map(|p| p.into_owned())
                .chain(DEFLATED_CONTENT.iter().map(|(path, ..)| (*path).to_owned()))
                .filter(|p| p.starts_with(prefix))
                .collect(),
            FileTree::BundledStatic => EmbeddedStatic::iter()
                .filter(|p| p.starts_with(prefix))
                .map(|p| p.into_owned())
                .collect(),
            FileTree::Folder(dir) => {
                let mut found = Vec::new();
                walk(dir, Path::new(prefix), &mut found).map_err(|source| FileError {
                    path: self.display(prefix),
                    source,
                })?;
                found
            }
        };
        paths.sort();
        Ok(paths)
    }

    /// The bytes of one file: borrowed from the binary when it is bundled
    /// as it is, so a static file served whole is not copied onto the heap.
    pub fn read(&self, relative: &str) -> Result<Cow<'static, [u8]>, FileError> {
        let not_found = || FileError {
            path: self.display(relative),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        };
        match self {
            FileTree::BundledContent => {
                match DEFLATED_CONTENT.iter().find(|(p, ..)| *p == relative) {
                    Some((_, deflated, length)) => {
                        // Exactly the text's length: a guess left 0.7 MB spare
                        // in the ZIP file's buffer, and a buffer that size, once
                        // freed, raises the size below which the allocator keeps
                        // freed memory rather than giving it back.
                        let mut text = Vec::with_capacity(*length);
                        flate2::read::DeflateDecoder::new(*deflated)
                            .read_to_end(&mut text)
                            .map_err(|source| FileError {
                                path: self.display(relative),
                                source,
                            })?;
                        Ok(Cow::Owned(text))
                    }
                    None => EmbeddedContent::get(relative)
                        .map(|f| f.data)
                        .ok_or_else(not_found),
                }
            }
            FileTree::BundledStatic => EmbeddedStatic::get(relative)
                .map(|f| f.data)
                .ok_or_else(not_found),
            FileTree::Folder(dir) => {
                std::fs::read(dir.join(relative))
                    .map(Cow::Owned)
                    .map_err(|source| FileError {
                        path: self.display(relative),
                        source,
                    })
            }
        }
    }

    /// One file as a stream, for a file too large to hold whole for a
    /// moment: a bundled deflated file is inflated as it is read.
    pub fn open(&self, relative: &str) -> Result<Box<dyn Read>, FileError> {
        let not_found = || FileError {
            path: self.display(relative),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        };
        Ok(match self {
            FileTree::BundledContent => {
                match DEFLATED_CONTENT.iter().find(|(p, ..)| *p == relative) {
                    Some((_, deflated, _)) => {
                        Box::new(flate2::read::DeflateDecoder::new(*deflated))
                    }
                    None => Box::new(std::io::Cursor::new(
                        EmbeddedContent::get(relative).ok_or_else(not_found)?.data,
                    )),
                }
            }
            FileTree::BundledStatic => Box::new(std::io::Cursor::new(
                EmbeddedStatic::get(relative).ok_or_else(not_found)?.data,
            )),
            FileTree::Folder(dir) => Box::new(std::fs::File::open(dir.join(relative)).map_err(
                |source| FileError {
                    path: self.display(relative),
                    source,
                },
            )?),
        })
    }

    /// The text of one file, which must be UTF-8.
    pub fn read_text(&self, relative: &str) -> Result<String, FileError> {
        String::from_utf8(self.read(relative)?.into_owned()).map_err(|error| FileError {
            path: self.display(relative),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
        })
    }
}

fn walk(root: &Path, relative: &Path, found: &mut Vec<String>) -> std::io::Result<()> {
    let dir = root.join(relative);
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        let name = relative.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            walk(root, &name, found)?;
        } else if let Some(text) = name.to_str() {
            found.push(text.replace('\\', "/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_tree_lists_and_reads_every_file_of_the_folder_byte_for_byte() {
        let folder = FileTree::Folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
        let bundled = FileTree::BundledContent;
        let paths = folder.list("").unwrap();
        assert_eq!(bundled.list("").unwrap(), paths);
        assert!(paths.iter().any(|p| p == "data/oews/zips.tsv"));
        for path in &paths {
            let read = folder.read(path).unwrap().into_owned();
            assert_eq!(bundled.read(path).unwrap().into_owned(), read, "{path}");
            let mut streamed = Vec::new();
            bundled
                .open(path)
                .unwrap()
                .read_to_end(&mut streamed)
                .unwrap();
            assert_eq!(streamed, read, "{path}");
        }
        let deflated = bundled.list("data/oews/").unwrap();
        assert!(deflated.contains(&"data/oews/wages.tsv".to_owned()));
        assert!(!deflated.iter().any(|p| p.starts_with("guides/")));
    }
}
