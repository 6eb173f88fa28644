//! What was learned about each URL, kept in `posts/.embeds/` and committed with the
//! posts: a build of the same posts needs no network, and a change in what a page
//! says shows up as a diff. `embeds.json` maps each URL to its embed and the day it
//! was fetched (sorted, pretty-printed, so diffs stay small); the images the embeds
//! show sit beside it as `<hash>.<ext>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::card::Embed;
use serde::{Deserialize, Serialize};

/// The cache's folder, under the posts folder.
pub const FOLDER: &str = ".embeds";
/// The cache's index, in [`FOLDER`].
pub const INDEX: &str = "embeds.json";

/// One URL's entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The day it was fetched (`YYYY-MM-DD`); an entry written by hand says so
    /// instead.
    pub fetched: String,
    pub embed: Embed,
}

/// The cache of one project.
#[derive(Debug)]
pub struct Cache {
    folder: PathBuf,
    entries: BTreeMap<String, Entry>,
    changed: bool,
}

impl Cache {
    /// Reads the cache in `folder`; a missing one is empty, an unreadable one is an
    /// error (it would be overwritten otherwise).
    pub fn open(folder: &Path) -> Result<Self, String> {
        let index = folder.join(INDEX);
        let entries = match std::fs::read_to_string(&index) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", index.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(format!("{}: {e}", index.display())),
        };
        Ok(Cache { folder: folder.to_owned(), entries, changed: false })
    }

    /// Where the cache's files are.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    pub fn get(&self, url: &str) -> Option<&Entry> {
        self.entries.get(url)
    }

    pub fn insert(&mut self, url: &str, entry: Entry) {
        if self.entries.get(url) != Some(&entry) {
            self.entries.insert(url.to_owned(), entry);
            self.changed = true;
        }
    }

    /// Writes the index when anything changed (an unchanged cache is not touched, so
    /// `watch`, which sees every file under `posts/`, does not publish again), and
    /// removes images no entry shows any more.
    pub fn save(&mut self) -> Result<(), String> {
        if !self.changed {
            return Ok(());
        }
        std::fs::create_dir_all(&self.folder).map_err(|e| format!("{}: {e}", self.folder.display()))?;
        let mut text = serde_json::to_string_pretty(&self.entries).expect("plain data serialises");
        text.push('\n');
        let index = self.folder.join(INDEX);
        std::fs::write(&index, text).map_err(|e| format!("{}: {e}", index.display()))?;
        self.changed = false;
        let shown: std::collections::HashSet<String> =
            self.entries.values().flat_map(|entry| super::image_files(&entry.embed)).collect();
        for file in std::fs::read_dir(&self.folder).map_err(|e| format!("{}: {e}", self.folder.display()))?.flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name != INDEX && super::is_image_file_name(&name) && !shown.contains(&name) {
                let _ = std::fs::remove_file(file.path());
            }
        }
        Ok(())
    }
}
