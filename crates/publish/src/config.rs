//! `fumi.toml`: site-wide settings.

use std::path::Path;

use fumi_content::Site;

/// Name of the settings file at the project root.
pub const CONFIG_FILE: &str = "fumi.toml";

/// Reads the site settings; a missing file means the defaults.
pub fn load(root: &Path) -> Result<Site, String> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Site::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    toml::from_str::<Site>(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| 1 + text[..s.start].matches('\n').count());
        format!("{}:{line}: {}", path.display(), e.message())
    })
}
