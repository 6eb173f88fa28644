//! `fumi-publish watch`: the writer's half of the dev server (`./scripts/serve`).
//!
//! Trunk rebuilds the app when the code changes; it ignores `posts/`. This loop looks
//! at the posts and pages folders (and `fumi.toml`) a few times a second, and when anything in it
//! changed (a save, a new file, a deletion, a rename) publishes the posts again into
//! the dev server's folder and bumps `posts/dev.json`. The open page polls that file
//! (`fumi-dev.js`, in dev builds only) and refreshes its list and post in place,
//! keeping the reader's scroll position: no wasm is rebuilt and nothing reloads.
//!
//! It compares snapshots of the folder rather than listening for file events, so a
//! lost event (editors that save by renaming, deletions some watchers miss) cannot
//! leave the page stale: the next look sees the folder as it is.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fumi_content::layout::POSTS_DIR;

/// How often the folder is looked at.
pub const INTERVAL: Duration = Duration::from_millis(120);

/// The file the open page polls; its `version` changes with every publish.
pub const VERSION_FILE: &str = "dev.json";

/// Every file under `root/posts` and `root/pages` with its size and modification
/// time, and `root/fumi.toml`, in path order: two snapshots differ when anything changed.
pub fn snapshot(root: &Path) -> Vec<(PathBuf, u64, u128)> {
    let mut files = Vec::new();
    collect(&root.join(POSTS_DIR), &mut files);
    collect(&root.join(crate::publish::PAGES_DIR), &mut files);
    let config = root.join(crate::config::CONFIG_FILE);
    if let Some(entry) = stamp(&config) {
        files.push(entry);
    }
    files.sort();
    files
}

fn collect(dir: &Path, files: &mut Vec<(PathBuf, u64, u128)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(&path, files),
            Ok(_) => files.extend(stamp(&path)),
            Err(_) => {}
        }
    }
}

fn stamp(path: &Path) -> Option<(PathBuf, u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    Some((path.to_owned(), meta.len(), modified))
}

const LIVE_PREVIEW_SCRIPT: &str = include_str!("dev.js");
/// Marks the script element [`add_live_preview`] writes.
const MARK: &str = "data-live-preview";

/// Puts the live preview script (`fumi-dev-<hash>.js`, written beside it) into the
/// head of a dev build's `dist/index.html`; running it again replaces the element.
pub fn add_live_preview(dist: &Path) -> std::io::Result<()> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let mut page: String = html.split_inclusive('\n').filter(|line| !line.contains(MARK)).collect();
    let name = format!("fumi-dev-{:016x}.js", crate::content_hash::fnv1a(LIVE_PREVIEW_SCRIPT.as_bytes()));
    std::fs::write(dist.join(&name), LIVE_PREVIEW_SCRIPT)?;
    let at = page.find("</head>").ok_or_else(|| std::io::Error::other("index.html has no </head>"))?;
    let line_start = page[..at].rfind('\n').map_or(0, |i| i + 1);
    page.insert_str(line_start, &format!("    <script type=\"module\" src=\"{name}\" {MARK}></script>\n"));
    std::fs::write(index, page)
}

/// Writes `posts/dev.json` in `dist` with a new version.
pub fn bump_version(dist: &Path) -> std::io::Result<()> {
    let version = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let path = dist.join(POSTS_DIR).join(VERSION_FILE);
    // Written whole, then renamed: the page never reads half a file.
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, format!("{{\"version\":{version}}}\n"))?;
    std::fs::rename(partial, path)
}

/// Runs until killed: publishes through `publish` whenever the project at `root`
/// changes, or when the dev server's build replaced `dist` (its `posts/dev.json` is
/// gone), then bumps the version the page polls. Nothing is published into a `dist`
/// whose first build is still under way (no `index.html` yet): Trunk would replace it
/// when the build ends, and a `posts/dev.json` there would say the site is up when
/// its page is not. A publish that fails (a post with a
/// problem is not a failure: the dev server shows it in the page) is reported and
/// tried again at the next change.
pub fn run(root: &Path, dist: &Path, mut publish: impl FnMut() -> Result<(), String>) -> ! {
    let mut seen = snapshot(root);
    loop {
        std::thread::sleep(INTERVAL);
        let now = snapshot(root);
        let built = dist.join("index.html").exists();
        let replaced = built && !dist.join(POSTS_DIR).join(VERSION_FILE).exists();
        if !built || (now == seen && !replaced) {
            continue;
        }
        seen = now;
        match publish() {
            Ok(()) => {
                if let Err(e) = bump_version(dist) {
                    eprintln!("fumi-publish watch: writing {}: {e}", dist.display());
                }
            }
            Err(e) => eprintln!("fumi-publish watch: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_changes_with_an_edit_a_new_post_and_a_deletion() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts");
        std::fs::create_dir_all(posts.join("2024")).unwrap();
        std::fs::write(posts.join("a.md"), "a").unwrap();
        let first = snapshot(dir.path());
        assert_eq!(first.len(), 1);
        assert_eq!(snapshot(dir.path()), first, "nothing changed");

        std::fs::write(posts.join("a.md"), "ab").unwrap();
        let edited = snapshot(dir.path());
        assert_ne!(edited, first, "an edit");
        std::fs::write(posts.join("2024").join("b.md"), "b").unwrap();
        let added = snapshot(dir.path());
        assert_eq!(added.len(), 2, "a new post in a sub-folder");
        std::fs::remove_file(posts.join("a.md")).unwrap();
        assert_eq!(snapshot(dir.path()).len(), 1, "a deletion");
        std::fs::write(dir.path().join("fumi.toml"), "title = \"x\"\n").unwrap();
        assert_eq!(snapshot(dir.path()).len(), 2, "the settings count too");
    }

    #[test]
    fn the_version_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("posts")).unwrap();
        bump_version(dir.path()).unwrap();
        let first = std::fs::read_to_string(dir.path().join("posts/dev.json")).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        bump_version(dir.path()).unwrap();
        let second = std::fs::read_to_string(dir.path().join("posts/dev.json")).unwrap();
        assert!(first.starts_with("{\"version\":") && first != second, "{first} then {second}");
        assert!(!dir.path().join("posts/dev.json.partial").exists());
    }
}
