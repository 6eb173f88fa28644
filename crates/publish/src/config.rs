//! `fumi.toml`: site-wide settings.

use std::path::Path;

use fumi_content::Site;
use serde::Deserialize;
use toml::de::{DeTable, ValueDeserializer};

/// Name of the settings file at the project root.
pub const CONFIG_FILE: &str = "fumi.toml";

/// A base URL given for one build (a preview deploy), over `fumi.toml`'s `base_url`.
pub const BASE_URL_VAR: &str = "FUMI_BASE_URL";

/// Everything `fumi.toml` holds: the site settings, which the app reads too (in the
/// manifest), and the publishing tool's own tables.
#[derive(Debug, Default)]
pub struct Config {
    pub site: Site,
    /// `[offline]`.
    pub offline: crate::offline::Settings,
    /// `preview_font`: the font link-preview images are drawn with.
    pub preview_font: Option<PreviewFont>,
}

/// `preview_font = "fonts/NotoSansJP-Bold.otf"`, relative to the project root, with
/// the line it is on for warnings about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewFont {
    pub path: String,
    pub line: usize,
}

/// Reads the site settings; a missing file means the defaults.
pub fn load(root: &Path) -> Result<Site, String> {
    load_all(root).map(|config| config.site)
}

/// Reads every setting; a missing file means the defaults. A mistake (an unknown key,
/// a value of the wrong type) is an error naming the file and line. `FUMI_BASE_URL`,
/// when set, is the base URL of this build whatever the file says.
pub fn load_all(root: &Path) -> Result<Config, String> {
    let mut config = read(&root.join(CONFIG_FILE))?;
    if let Some(url) = std::env::var(BASE_URL_VAR).ok().filter(|url| !url.trim().is_empty()) {
        config.site.base_url = url.trim().to_owned();
    }
    Ok(config)
}

fn read(path: &Path) -> Result<Config, String> {
    let text = match std::fs::read_to_string(path) {
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
    let preview_font = table.get_mut().remove("preview_font");
    let site = Site::deserialize(toml::de::Deserializer::from(table)).map_err(at_line)?;
    let offline = match offline {
        Some(value) => crate::offline::Settings::deserialize(ValueDeserializer::from(value)).map_err(at_line)?,
        None => crate::offline::Settings::default(),
    };
    let preview_font = match preview_font {
        Some(value) => {
            let line = 1 + text[..value.span().start].matches('\n').count();
            let path = String::deserialize(ValueDeserializer::from(value)).map_err(|_| {
                format!(
                    "{}:{line}: preview_font: expected the path of a font file, e.g. \"fonts/NotoSansJP-Bold.otf\"",
                    path.display()
                )
            })?;
            Some(PreviewFont { path, line })
        }
        None => None,
    };
    Ok(Config { site, offline, preview_font })
}

/// Whether `base_url` may go into a release: not the dev server's address nor any
/// other local one, which the feeds, sitemap, canonical links and previews would
/// carry to readers. `Ok(Some(warning))` for an `http://` address on a public host.
pub fn check_release_base_url(base_url: &str) -> Result<Option<String>, String> {
    let (scheme, rest) = base_url.split_once("://").unwrap_or(("", base_url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.rsplit_once('@').map_or(authority, |(_, host)| host) {
        bracketed if bracketed.starts_with('[') => bracketed.split(']').next().unwrap_or("").trim_start_matches('['),
        plain => plain.split(':').next().unwrap_or(""),
    }
    .to_ascii_lowercase();
    let local = host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host == "::1";
    if !matches!(scheme, "http" | "https") || local {
        return Err(format!(
            "{CONFIG_FILE}: base_url is {base_url:?}, {}: the feeds, sitemap, canonical links and \
             link previews of this release would point there. Set base_url = \"https://your.site/\" in \
             {CONFIG_FILE}, or give one for this build: {BASE_URL_VAR}=https://preview.example.com/ ./scripts/build",
            if local { "a local address (the dev server's)" } else { "not an http(s) address" }
        ));
    }
    Ok((scheme == "http")
        .then(|| format!("{CONFIG_FILE}: base_url {base_url:?} is http://; readers and feed readers expect https://")))
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
    fn a_release_refuses_local_base_urls_and_warns_on_http() {
        for local in [
            "http://127.0.0.1:8080/",
            "http://localhost:8080/blog/",
            "https://LOCALHOST/",
            "http://[::1]:8080/",
            "http://0.0.0.0/",
            "http://blog.localhost/",
            "",
            "/blog/",
            "ftp://example.com/",
        ] {
            let err = check_release_base_url(local).unwrap_err();
            assert!(err.contains("FUMI_BASE_URL=") && err.contains("fumi.toml"), "{local}: {err}");
        }
        assert_eq!(check_release_base_url("https://blog.example.com/"), Ok(None));
        assert_eq!(check_release_base_url("https://user@example.com:8443/日記/"), Ok(None));
        assert!(check_release_base_url("http://blog.example.com/").unwrap().unwrap().contains("https://"));
    }

    #[test]
    fn the_preview_font_is_a_path_with_its_line() {
        let config = load_text("title = \"x\"\npreview_font = \"fonts/a.ttf\"\n").unwrap();
        assert_eq!(config.preview_font, Some(PreviewFont { path: "fonts/a.ttf".into(), line: 2 }));
        assert_eq!(config.site.title, "x", "not a site setting");
        assert_eq!(load_text("").unwrap().preview_font, None);
        let err = load_text("\npreview_font = 3\n").unwrap_err();
        assert!(err.contains("fumi.toml:2: preview_font: "), "{err}");
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_line() {
        let err = load_text("title = \"x\"\nposts_per_pag = 5\n").unwrap_err();
        assert!(err.contains("fumi.toml:2") && err.contains("posts_per_pag"), "{err}");
        let err = load_text("title = \"x\"\n[offline]\nkeep_post = 5\n").unwrap_err();
        assert!(err.contains("fumi.toml:3") && err.contains("keep_post"), "{err}");
    }
}
