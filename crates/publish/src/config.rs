//! `fumi.toml`: site-wide settings.

use std::path::Path;

use fumi_content::Site;
use serde::Deserialize;
use toml::de::{DeTable, ValueDeserializer};

/// Name of the settings file at the project root.
pub const CONFIG_FILE: &str = "fumi.toml";

/// Everything `fumi.toml` holds: the site settings, which the app reads too (in the
/// manifest), and the publishing tool's own tables.
#[derive(Debug, Default)]
pub struct Config {
    pub site: Site,
    /// `[offline]`.
    pub offline: crate::offline::Settings,
}

/// Reads the site settings; a missing file means the defaults.
pub fn load(root: &Path) -> Result<Site, String> {
    load_all(root).map(|config| config.site)
}

/// Reads every setting; a missing file means the defaults. A mistake (an unknown key,
/// a value of the wrong type) is an error naming the file and line.
pub fn load_all(root: &Path) -> Result<Config, String> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let at_line = |e: toml::de::Error| {
        let line = e.span().map_or(1, |s| 1 + text[..s.start].matches('\n').count());
        format!("{}:{line}: {}", path.display(), e.message())
    };
    // The site settings are the top-level keys; tables of the tool's own are taken
    // out first (each keeps the place of its keys in the file, for errors).
    let mut table = DeTable::parse(&text).map_err(at_line)?;
    let offline = table.get_mut().remove("offline");
    let site = Site::deserialize(toml::de::Deserializer::from(table)).map_err(at_line)?;
    let offline = match offline {
        Some(value) => crate::offline::Settings::deserialize(ValueDeserializer::from(value)).map_err(at_line)?,
        None => crate::offline::Settings::default(),
    };
    Ok(Config { site, offline })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        load_all(dir.path())
    }

    #[test]
    fn the_offline_table_is_read_beside_the_site_settings() {
        let config = load_text("title = \"ブログ\"\n\n[offline]\nenabled = false\nkeep_posts = 5\n").unwrap();
        assert_eq!(config.site.title, "ブログ");
        assert!(!config.offline.enabled);
        assert_eq!(config.offline.keep_posts, 5);
        assert_eq!(config.offline.keep_megabytes, crate::offline::Settings::default().keep_megabytes);
        assert!(load_text("").unwrap().offline.enabled, "on unless switched off");
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_line() {
        let err = load_text("title = \"x\"\nposts_per_pag = 5\n").unwrap_err();
        assert!(err.contains("fumi.toml:2") && err.contains("posts_per_pag"), "{err}");
        let err = load_text("title = \"x\"\n[offline]\nkeep_post = 5\n").unwrap_err();
        assert!(err.contains("fumi.toml:3") && err.contains("keep_post"), "{err}");
    }
}
