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
    /// `[theme]`: colours, fonts and sizes.
    pub theme: crate::theme::Theme,
    /// `favicon`: the site's icon, a path below `public/`.
    pub favicon: Option<String>,
    /// What is allowed but unwise (theme colours below WCAG AA), located.
    pub warnings: Vec<fumi_content::Problem>,
    /// `[comments]` (the manifest carries them as markup: `site.sharing_html`), for
    /// the Content-Security-Policy of post pages.
    pub comments: fumi_content::sharing::Comments,
    /// `[analytics]`: a page counter, none unless configured.
    pub analytics: crate::analytics::Settings,
    /// `[authors.<id>]` as written (the manifest carries them as profiles:
    /// `site.authors`, made by [`load_all`]).
    pub authors: std::collections::BTreeMap<String, fumi_content::people::Author>,
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
    // After the base URL is settled: a profile's schema.org Person has absolute URLs.
    config.site.authors = crate::people::profiles(&config.authors, &config.site);
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
    let theme = table.get_mut().remove("theme");
    let [share, comments, analytics] = ["share", "comments", "analytics"].map(|key| table.get_mut().remove(key));
    let [logo, favicon, image] = ["logo", "favicon", "image"].map(|key| table.get_mut().remove(key));
    let line_of = |offset: usize| 1 + text[..offset].matches('\n').count();
    // Made from [share] and [comments], never by hand.
    for (made, from) in [("sharing_html", "[share] and [comments]"), ("footer_html", "footer")] {
        if let Some((key, _)) = table.get_ref().get_key_value(made) {
            let line = line_of(key.span().start);
            return Err(format!("{}:{line}: unknown field `{made}` (see {from})", path.display()));
        }
    }
    let people_lines = crate::people::key_lines(table.get_ref(), &line_of);
    // Read apart from the site settings: the manifest carries profiles made of them.
    let authors = match table.get_mut().remove("authors") {
        Some(value) => std::collections::BTreeMap::deserialize(ValueDeserializer::from(value)).map_err(at_line)?,
        None => std::collections::BTreeMap::new(),
    };
    let mut site = Site::deserialize(toml::de::Deserializer::from(table)).map_err(at_line)?;
    let share = sub_table(share, "share", &text, path, fumi_content::sharing::Share::check)?;
    let comments = sub_table(comments, "comments", &text, path, fumi_content::sharing::Comments::check)?;
    let labels = &fumi::ui_text::for_language(&site.language).sharing;
    site.sharing_html = fumi_content::sharing::template(&share, &comments, labels);
    if !site.footer.trim().is_empty() {
        site.footer_html = fumi_content::render(&site.footer).html;
    }
    let analytics = sub_table(analytics, "analytics", &text, path, crate::analytics::Settings::check)?;
    let root = path.parent().unwrap_or(Path::new("."));
    let located =
        |note: crate::theme::KeyNote| format!("{}:{}: {}: {}", path.display(), note.line, note.key, note.message);
    let theme = sub_table(theme, "theme", &text, path, |_: &crate::theme::ThemeTable| Ok(()))?;
    let mut theme = crate::theme::Theme::read(theme, line_of).map_err(located)?;
    let public = root.join("public");
    crate::people::check(&authors, &site.nav, &people_lines, &public).map_err(located)?;
    let file = |key: &'static str, value, kinds: ImageKinds| {
        public_file(key, value, &public, kinds, &line_of).map_err(located)
    };
    theme.logo = file("logo", logo, ImageKinds::Logo)?
        .map(|path| crate::theme::Logo { size: crate::hints::local_image_size(&public, &path), path });
    site.image = file("image", image, ImageKinds::Preview)?;
    let favicon = file("favicon", favicon, ImageKinds::Icon)?;
    let warnings = theme
        .contrast_warnings()
        .into_iter()
        .map(|note| fumi_content::Problem {
            file: CONFIG_FILE.into(),
            line: note.line,
            field: Some(note.key),
            message: note.message,
        })
        .collect();
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
    Ok(Config { site, offline, preview_font, theme, favicon, warnings, comments, analytics, authors })
}

/// A check of a table's values beyond their types: the key at fault and why.
type TableCheck<T> = fn(&T) -> Result<(), (&'static str, String)>;

/// `[name]` (absent: the defaults), read on its own so that a mistake in it names its
/// key and line: `fumi.toml:12: comments.provider: unknown variant …`.
fn sub_table<T: serde::de::DeserializeOwned + Default>(
    value: Option<toml::Spanned<toml::de::DeValue<'_>>>,
    name: &str,
    text: &str,
    path: &Path,
    check: TableCheck<T>,
) -> Result<T, String> {
    let Some(value) = value else { return Ok(T::default()) };
    let line_of = |offset: usize| 1 + text[..offset].matches('\n').count();
    let table_line = line_of(value.span().start);
    // Each key with the span of its value and its line.
    let keys: Vec<(String, std::ops::Range<usize>, usize)> = match value.get_ref() {
        toml::de::DeValue::Table(table) => table
            .iter()
            .map(|(key, value)| (key.get_ref().to_string(), value.span(), line_of(key.span().start)))
            .collect(),
        _ => Vec::new(),
    };
    let located = |key: Option<&str>, line: usize, message: &str| match key {
        Some(key) => format!("{}:{line}: {name}.{key}: {message}", path.display()),
        None => format!("{}:{line}: {name}: {message}", path.display()),
    };
    let settings = T::deserialize(ValueDeserializer::from(value)).map_err(|e| {
        let at = e.span().map(|span| span.start);
        match at.and_then(|at| keys.iter().find(|(_, span, _)| span.start <= at && at < span.end.max(span.start + 1))) {
            Some((key, _, line)) => located(Some(key), *line, e.message()),
            None => located(None, at.map_or(table_line, line_of), e.message()),
        }
    })?;
    check(&settings).map_err(|(key, message)| {
        let line = keys.iter().find(|(k, ..)| k == key).map_or(table_line, |(.., line)| *line);
        located(Some(key), line, &message)
    })?;
    Ok(settings)
}

/// What an image named in `fumi.toml` is for, which decides the formats it may be in.
#[derive(Clone, Copy)]
enum ImageKinds {
    Logo,
    /// A link-preview image (`image`): what link previews show, or an `https://` URL.
    Preview,
    Icon,
}

impl ImageKinds {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ImageKinds::Logo => &["svg", "png", "jpg", "jpeg", "webp", "gif", "avif"],
            ImageKinds::Preview => &["png", "jpg", "jpeg", "webp", "gif"],
            ImageKinds::Icon => &["svg", "png", "ico"],
        }
    }
}

/// The value of `key`, a file below `public/` (served at the site root): its path
/// there, as the site's URLs name it. A file that is not there, or a name a URL
/// cannot carry as it is, is an error at the key's line.
fn public_file(
    key: &'static str,
    value: Option<toml::Spanned<toml::de::DeValue<'_>>>,
    public: &Path,
    kinds: ImageKinds,
    line_of: &impl Fn(usize) -> usize,
) -> Result<Option<String>, crate::theme::KeyNote> {
    let Some(value) = value else { return Ok(None) };
    let line = line_of(value.span().start);
    let example = match kinds {
        ImageKinds::Logo => "\"images/logo.svg\"",
        ImageKinds::Preview => "\"images/card.png\"",
        ImageKinds::Icon => "\"images/icon.png\"",
    };
    let fail = |message: String| crate::theme::KeyNote { line, key: key.into(), message };
    let text = String::deserialize(ValueDeserializer::from(value))
        .map_err(|_| fail(format!("expected the path of a file in public/, e.g. {example}")))?;
    if matches!(kinds, ImageKinds::Preview) && text.starts_with("https://") {
        return Ok(Some(text));
    }
    let path = text.strip_prefix('/').unwrap_or(&text);
    if let Some(c) = path.chars().find(|c| c.is_whitespace() || c.is_control() || "?#%\\\"'<>:".contains(*c)) {
        return Err(fail(format!("{text:?} has {c:?} in it; name the file without it, e.g. {example}")));
    }
    if path.split('/').any(|segment| matches!(segment, "" | "." | "..")) {
        return Err(fail(format!("{text:?} is not a path in public/, e.g. {example}")));
    }
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !kinds.extensions().contains(&extension.as_str()) {
        return Err(fail(format!("{text:?} is not one of {}, e.g. {example}", kinds.extensions().join(", "))));
    }
    if !public.join(path).is_file() {
        return Err(fail(format!("public/{path} does not exist")));
    }
    Ok(Some(path.to_owned()))
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
    fn sharing_comments_and_analytics_are_tables_of_their_own() {
        let config = load_text(
            "title = \"x\"\n[share]\nnetworks = [\"hatena\", \"x\", \"mastodon\"]\nmastodon = \"fosstodon.org\"\n\
             [comments]\nprovider = \"giscus\"\nrepo = \"fumi-blog/fumi\"\nrepo_id = \"R_1\"\ncategory_id = \"DIC_1\"\n\
             [analytics]\nprovider = \"goatcounter\"\ncode = \"fumi\"\n",
        )
        .unwrap();
        let html = &config.site.sharing_html;
        let (hatena, x) = (html.find(">Hatena Bookmark<").unwrap(), html.find(">X<").unwrap());
        assert!(hatena < x && !html.contains("Bluesky"), "the networks asked for, in their order: {html}");
        assert!(html.contains("https://fosstodon.org/share?"), "{html}");
        assert!(html.contains("data-comments-script=\"https://giscus.app/client.js\""), "{html}");
        assert!(html.contains("data-repo-id=R_1"), "{html}");
        assert_eq!(config.comments.provider, Some(fumi_content::sharing::CommentProvider::Giscus));
        assert_eq!(config.analytics.provider, Some(crate::analytics::Provider::Goatcounter));
        let japanese = load_text("language = \"ja\"\n").unwrap();
        assert!(japanese.site.sharing_html.contains(">はてなブックマーク<"), "in the site's language");
        let defaults = load_text("title = \"x\"\n").unwrap();
        assert!(defaults.site.sharing_html.contains("class=\"share\""), "share links unless switched off");
        assert!(!defaults.site.sharing_html.contains("comments"), "no comments unless configured");
        assert_eq!(defaults.analytics, crate::analytics::Settings::default());
        assert_eq!(load_text("[share]\nenabled = false\n").unwrap().site.sharing_html, "");
        let err = load_text("title = \"x\"\nsharing_html = \"<p>\"\n").unwrap_err();
        assert!(err.contains("fumi.toml:2: unknown field `sharing_html`"), "{err}");
    }

    #[test]
    fn the_footer_reaches_the_manifest_rendered() {
        let config = load_text(
            "footer = \"© 2026 Aki · [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) の *もと*\"\n",
        )
        .unwrap();
        let html = &config.site.footer_html;
        assert!(html.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\""), "{html}");
        assert!(html.contains("<em>もと</em>"), "{html}");
        let manifest = serde_json::to_value(&config.site).unwrap();
        assert_eq!(manifest["footer_html"], serde_json::Value::String(html.clone()));
        assert!(manifest.get("footer").is_none(), "the Markdown stays in fumi.toml: {manifest}");
        assert_eq!(load_text("title = \"x\"\n").unwrap().site.footer_html, "", "no footer, no markup");
        let err = load_text("title = \"x\"\nfooter_html = \"<p>\"\n").unwrap_err();
        assert!(err.contains("fumi.toml:2: unknown field `footer_html` (see footer)"), "{err}");
    }

    #[test]
    fn a_mistake_in_the_sharing_tables_names_its_line_and_key() {
        for (text, expected) in [
            (
                "title = \"x\"\n\n[comments]\nprovider = \"disqus\"\n",
                "fumi.toml:4: comments.provider: unknown variant `disqus`",
            ),
            (
                "[comments]\nprovider = \"giscus\"\nrepo = \"a/b\"\ncategory_id = \"DIC_1\"\n",
                "fumi.toml:1: comments.repo_id: giscus needs repo_id",
            ),
            (
                "[comments]\nprovider = \"giscus\"\nrepo = \"a\"\nrepo_id = \"R\"\ncategory_id = \"D\"\n",
                "fumi.toml:3: comments.repo: expected \"owner/name\"",
            ),
            ("[comments]\nprovider = \"utterances\"\n", "fumi.toml:1: comments.repo: utterances needs repo"),
            ("[share]\nenabled = true\nnetwork = [\"x\"]\n", "fumi.toml:3: share: unknown field `network`"),
            ("[share]\nnetworks = [\"x\", \"facebook\"]\n", "fumi.toml:2: share.networks: unknown variant `facebook`"),
            ("[share]\nenabled = \"yes\"\n", "fumi.toml:2: share.enabled: "),
            (
                "[share]\nmastodon = \"https://mastodon.social\"\n",
                "fumi.toml:2: share.mastodon: expected the host name",
            ),
            ("[analytics]\nprovider = \"plausible\"\n", "fumi.toml:1: analytics.domain: plausible needs domain"),
            (
                "[analytics]\nprovider = \"goatcounter\"\ncode = \"a.b\"\n",
                "fumi.toml:3: analytics.code: goatcounter needs code",
            ),
            ("[analytics]\nprovider = \"matomo\"\n", "fumi.toml:2: analytics.provider: unknown variant `matomo`"),
        ] {
            let err = load_text(text).unwrap_err();
            assert!(err.contains(expected), "{text:?}\n  gave: {err}\n  expected: {expected}");
        }
    }

    fn load_site(text: &str, files: &[&str]) -> Result<Config, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        for file in files {
            let path = dir.path().join("public").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 32\"/>").unwrap();
        }
        load_all(dir.path())
    }

    #[test]
    fn the_theme_is_read_with_the_line_of_each_value() {
        let config =
            load_text("title = \"x\"\n\n[theme]\naccent = \"#8A2C1B\"\n[theme.dark]\naccent = \"#ffb59e\"\n").unwrap();
        let accent = config.theme.light.accent.unwrap();
        assert_eq!((accent.value.to_string(), accent.line), ("#8a2c1b".into(), 4));
        assert_eq!(config.theme.dark.accent.unwrap().line, 6);
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
        assert_eq!(config.site.title, "x");
    }

    #[test]
    fn theme_mistakes_are_errors_at_their_line_naming_the_key() {
        for (text, expected) in [
            ("title = \"x\"\n[theme]\naccent = \"#12345\"\n", "fumi.toml:3: theme.accent: "),
            ("[theme]\naccent = \"#123456\"\n\n[theme.dark]\nlink = \"navy\"\n", "fumi.toml:5: theme.dark.link: "),
            ("[theme]\naccnt = \"#123456\"\n", "fumi.toml:2"),
            ("[theme]\ncontent_width = \"44rem; color: red\"\n", "fumi.toml:2: theme.content_width: "),
            ("[theme]\naccent = 3\n", "fumi.toml:2: theme.accent: "),
        ] {
            let err = load_text(text).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        assert!(load_text("[theme]\naccnt = \"#123456\"\n").unwrap_err().contains("accnt"));
    }

    #[test]
    fn a_colour_pair_below_aa_is_a_warning_at_its_line() {
        let config = load_text("title = \"x\"\n[theme]\ntext = \"#777\"\nbackground = \"#ffffff\"\n").unwrap();
        let warnings: Vec<String> = config.warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("fumi.toml:3: theme.text: #777777 on #ffffff has a contrast of 4.48:1")),
            "{warnings:?}"
        );
    }

    #[test]
    fn logo_favicon_and_image_are_files_in_public() {
        let config = load_site(
            "logo = \"images/logo.svg\"\nfavicon = \"/images/icon.svg\"\nimage = \"https://cdn.example.com/card.png\"\n",
            &["images/logo.svg", "images/icon.svg"],
        )
        .unwrap();
        let logo = config.theme.logo.unwrap();
        assert_eq!((logo.path.as_str(), logo.size), ("images/logo.svg", Some([40, 32])), "measured for the header");
        assert_eq!(config.favicon.as_deref(), Some("images/icon.svg"));
        assert_eq!(config.site.image.as_deref(), Some("https://cdn.example.com/card.png"));
        for (text, expected) in [
            ("title = \"x\"\nlogo = \"images/gone.svg\"\n", "fumi.toml:2: logo: public/images/gone.svg does not exist"),
            ("\nfavicon = \"images/logo.svg.txt\"\n", "fumi.toml:2: favicon: "),
            ("image = \"images/logo.svg\"\n", "fumi.toml:1: image: "),
            ("image = \"../secret.png\"\n", "fumi.toml:1: image: "),
            ("logo = \"images/my logo.svg\"\n", "fumi.toml:1: logo: "),
        ] {
            let err = load_site(text, &["images/logo.svg"]).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_line() {
        let err = load_text("title = \"x\"\nposts_per_pag = 5\n").unwrap_err();
        assert!(err.contains("fumi.toml:2") && err.contains("posts_per_pag"), "{err}");
        let err = load_text("title = \"x\"\n[offline]\nkeep_post = 5\n").unwrap_err();
        assert!(err.contains("fumi.toml:3") && err.contains("keep_post"), "{err}");
    }

    #[test]
    fn the_browser_frame_takes_the_configured_backgrounds() {
        let config = load_text("[theme]\nbackground = \"#FFFDF8\"\n[theme.dark]\nbackground = \"#101\"\n").unwrap();
        assert_eq!(config.theme.backgrounds(), ["#fffdf8", "#110011"]);
        let config = load_text("[theme]\naccent = \"#a8361c\"\n").unwrap();
        assert_eq!(config.theme.backgrounds(), ["#fbfaf7", "#15181c"], "fumi's own, as main.css has them");
    }

    // `[authors]` and `[[nav]]`, checked in `crate::people`.

    #[test]
    fn a_missing_avatar_is_an_error_at_its_line() {
        let error =
            load_text("title = \"t\"\n\n[authors.aki]\nname = \"Aki\"\navatar = \"images/none.png\"\n").unwrap_err();
        assert!(error.contains("fumi.toml:5: authors.aki.avatar: public/images/none.png does not exist"), "{error}");
    }

    #[test]
    fn an_unknown_author_key_and_a_bad_profile_link_name_their_line() {
        let error = load_text("[authors.aki]\nname = \"Aki\"\nemail = \"a@b\"\n").unwrap_err();
        assert!(error.contains("fumi.toml:3:") && error.contains("email"), "{error}");
        let error =
            load_text("[authors.aki]\nname = \"Aki\"\n[authors.aki.links]\ngithub = \"https://github.com/aki\"\n")
                .unwrap_err();
        assert!(error.contains("fumi.toml:4: authors.aki.links.github:"), "{error}");
    }

    #[test]
    fn a_nameless_author_is_reported_at_its_table() {
        let error = load_text("title = \"t\"\n[authors.aki]\nbio = \"Hi\"\n").unwrap_err();
        assert!(error.contains("fumi.toml:2: authors.aki.name:"), "{error}");
    }

    #[test]
    fn a_nav_link_must_be_a_route_or_an_address() {
        let error = load_text(
            "[[nav]]\ntitle = \"About\"\nurl = \"/about\"\n\n[[nav]]\ntitle = \"Zenn\"\nurl = \"zenn.dev/aki\"\n",
        )
        .unwrap_err();
        assert!(error.contains("fumi.toml:7: nav.1.url:"), "{error}");
        let config = load_text("[[nav]]\ntitle = \"About\"\nurl = \"/about\"\n").unwrap();
        assert_eq!(config.site.nav[0].route(), "about");
    }
}
