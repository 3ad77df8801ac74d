//! `serve --watch`: reload guides and data when a file under `--content` changes.
//!
//! A background thread waits for file events and, once the files have been
//! quiet for a moment, reloads: a burst of events, as an editor's save makes,
//! becomes one reload. [`reload`] loads the whole content tree with
//! [`Site::load`], the same validation as start-up, which also rebuilds the
//! search index, and swaps the result in atomically: requests in flight finish
//! on the version they started with. A bad edit is logged, every problem of it,
//! and the last good version stays up. Static files are not watched: they are
//! served as loaded at start-up.
//!
//! The debounce is ours rather than `notify-debouncer-mini`'s because that one
//! cannot tell a write from a read: reloading opens every file, the opens come
//! back as events, and the site would reload forever. [`is_change`] drops them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use actix_web::web;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::AppState;
use crate::content::files::FileTree;
use crate::content::{ContentErrors, Site};

/// How long the files must be quiet before a reload: long enough to catch an
/// editor's write-rename-delete as one change, short enough to feel immediate.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Keeps the watch going; dropping it stops watching and ends the thread.
pub struct ContentWatcher {
    _watcher: RecommendedWatcher,
}

impl std::fmt::Debug for ContentWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContentWatcher")
    }
}

/// Starts watching `dir` (the `--content` folder) and reloading `state` from it.
pub fn watch(state: web::Data<AppState>, dir: PathBuf) -> Result<ContentWatcher, notify::Error> {
    let (events, received) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(events)?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    let tree = FileTree::Folder(dir.clone());
    std::thread::Builder::new()
        .name("content-watch".to_owned())
        .spawn(move || {
            // Ends when the watcher, and with it the sending side, is dropped.
            while let Ok(event) = received.recv() {
                let Some(path) = is_change(&event) else {
                    continue;
                };
                tracing::info!(path = %path.display(), "content changed");
                loop {
                    match received.recv_timeout(DEBOUNCE) {
                        Ok(_) => {}
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                // The outcome is logged inside; the site stays up either way.
                let _ = reload(&state, &tree);
            }
        })?;
    tracing::info!(dir = %dir.display(), "watching content for changes");
    Ok(ContentWatcher { _watcher: watcher })
}

/// The changed path, if an event can change the site: a file created, written,
/// renamed or removed, but not merely opened or read (as reloading does), and
/// not an editor's scratch file. A watch error is logged and ignored.
pub fn is_change(event: &notify::Result<Event>) -> Option<&Path> {
    let event = match event {
        Ok(event) => event,
        Err(error) => {
            tracing::warn!(%error, "watching the content folder failed");
            return None;
        }
    };
    let writes = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Other => true,
    };
    if !writes {
        return None;
    }
    event
        .paths
        .iter()
        .map(PathBuf::as_path)
        .find(|path| worth_reloading(path))
}

/// Loads content from `tree` and, if it is good, serves it from now on.
///
/// On failure every problem is logged and the current version is kept.
/// Returns the number of guides now served.
pub fn reload(state: &AppState, tree: &FileTree) -> Result<usize, ContentErrors> {
    match Site::load(tree) {
        Ok(site) => {
            let guides = site.guides.len();
            let data_version = site.model.version.clone();
            state.replace_site(site);
            tracing::info!(guides, data_version, "reloaded");
            Ok(guides)
        }
        Err(errors) => {
            for error in &errors.0 {
                tracing::error!("{error}");
            }
            tracing::warn!(
                problems = errors.0.len(),
                "content not reloaded; still serving the last good version"
            );
            Err(errors)
        }
    }
}

/// Whether a changed path can affect the site: editors' swap, backup and
/// temporary files cannot, and skipping them saves a reload per keystroke save.
pub fn worth_reloading(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !(name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        // Vim checks that it may write a folder by creating a file named 4913.
        || name == "4913")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::{SiteConfig, StaticFiles};

    fn copy_tree(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn reload_swaps_in_good_content_and_keeps_the_last_good_version_on_a_bad_edit() {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            dir.path(),
        );
        let tree = FileTree::Folder(dir.path().to_owned());
        let state = AppState::new(
            Site::load(&tree).unwrap(),
            StaticFiles::default(),
            SiteConfig::for_local(),
        );
        let guide = dir.path().join("guides/outlook.md");
        let original = std::fs::read_to_string(&guide).unwrap();
        // What readers see of the current content: the guide's title and how
        // many guides a search for the new word finds.
        let title = || state.site().guide("outlook").unwrap().meta.title.clone();
        let found = || state.site().search().search("zeppelinology", 0, 10).total;
        assert_eq!(found(), 0);

        // A good edit: new title, new word; served, and searchable, at once.
        let edited = original
            .replacen("title = \"", "title = \"Revised: ", 1)
            .replacen("\n## ", "\nZeppelinology matters.\n\n## ", 1);
        std::fs::write(&guide, &edited).unwrap();
        let guides = reload(&state, &tree).unwrap();
        assert_eq!(guides, state.site().guides.len());
        assert!(title().starts_with("Revised: "));
        let hits = state.site().search().search("zeppelinology", 0, 10).hits;
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].slug, "outlook");
        // The pages rendered at load are replaced with the content, not left stale.
        let served = |path: &str| {
            let loaded = state.loaded();
            let page = loaded.pages.get(path).unwrap();
            String::from_utf8(page.body().to_vec()).unwrap()
        };
        assert!(served("/guides/outlook").contains("Revised: "));
        assert!(served("/guides/").contains("Revised: "));

        // A bad edit: the error names the file; the revised version stays up.
        std::fs::write(&guide, edited.replacen("order = ", "order = \"six\" # ", 1)).unwrap();
        let errors = reload(&state, &tree).unwrap_err();
        assert!(errors.to_string().contains("outlook.md"), "{errors}");
        assert!(title().starts_with("Revised: "));
        assert_eq!(found(), 1);

        assert!(served("/guides/outlook").contains("Revised: "));

        // Fixing it reloads again.
        std::fs::write(&guide, &original).unwrap();
        reload(&state, &tree).unwrap();
        assert!(!served("/guides/outlook").contains("Revised: "));
        assert!(!title().starts_with("Revised"));
        assert_eq!(found(), 0);
    }

    #[test]
    fn reading_the_files_is_not_a_change_but_writing_them_is() {
        use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};
        let guide = || PathBuf::from("/c/guides/pay.md");
        let event = |kind| Ok(Event::new(kind).add_path(guide()));
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Read),
        ] {
            assert_eq!(is_change(&event(kind)), None, "{kind:?}");
        }
        for kind in [
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ] {
            assert_eq!(is_change(&event(kind)), Some(guide().as_path()), "{kind:?}");
        }
        let swap = Ok(Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(PathBuf::from("/c/guides/.pay.md.swp")));
        assert_eq!(is_change(&swap), None);
        assert_eq!(is_change(&Err(notify::Error::generic("gone"))), None);
    }

    #[test]
    fn editor_scratch_files_do_not_trigger_a_reload() {
        for path in [
            "guides/pay.md",
            "data/salary-model.toml",
            "guides/new guide.md",
        ] {
            assert!(worth_reloading(Path::new(path)), "{path}");
        }
        for path in [
            "guides/.pay.md.swp",
            "guides/pay.md~",
            "guides/#pay.md#",
            "guides/4913",
            "data/salary-model.toml.tmp",
            "guides/.DS_Store",
        ] {
            assert!(!worth_reloading(Path::new(path)), "{path}");
        }
    }
}
