//! Offline reading and installing, written into a release build after its pages:
//!
//! - `sw.js`, the service worker (`offline/worker.js`): hashed files from the cache,
//!   everything else from the network first, the posts a reader opened kept within
//!   limits. Switched off (`[offline] enabled = false`), `sw.js` is a worker that
//!   removes itself and what it kept from readers' browsers (`offline/removed.js`).
//! - `offline.json`: the files a reader may keep on purpose, per post and for the whole
//!   site, with their download size, shown before anything is downloaded.
//! - `manifest.webmanifest`: the blog as an installable app.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use fumi_content::layout::{SiteFile, POSTS_DIR};
use fumi_content::url::encode_segment;
use fumi_content::Manifest;
use serde::{Deserialize, Serialize};

/// `[offline]` in `fumi.toml`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Whether release builds have the service worker.
    pub enabled: bool,
    /// How many of the posts a reader opened stay readable offline.
    pub keep_posts: u32,
    /// How many megabytes those posts (and the lists read) may take (`0.5` is 512 KiB).
    pub keep_megabytes: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { enabled: true, keep_posts: 50, keep_megabytes: 25.0 }
    }
}

const WORKER: &str = include_str!("offline/worker.js");
const REMOVED_WORKER: &str = include_str!("offline/removed.js");
const PAGE_SCRIPT: &str = include_str!("offline/page.js");

/// The whole site is offered for keeping up to this download size.
const SITE_KEEP_LIMIT_BYTES: u64 = 50 * 1024 * 1024;

/// Marks the elements [`add_to_template`] writes, so that running it again replaces them.
const MARK: &str = "data-offline-reading";
/// The page script's file name up to its hash.
const SCRIPT_STEM: &str = "fumi-offline-";

/// The service worker's file, beside `index.html`.
pub const WORKER_FILE: &str = "sw.js";
/// The files a reader may keep, beside `index.html`.
pub const KEEP_LIST_FILE: &str = "offline.json";
pub const APP_MANIFEST_FILE: &str = "manifest.webmanifest";

/// What a reader can keep: each post's files and the whole site's, relative to the
/// site root, with the bytes a download of them costs.
#[derive(Debug, Default, Serialize)]
struct KeepList {
    posts: BTreeMap<String, Files>,
    site: Files,
    /// The search index alone: fetched ahead when small, so that search works offline.
    search: Files,
}

#[derive(Debug, Default, Serialize)]
struct Files {
    /// URLs relative to the site root, as the reader's browser requests them.
    files: Vec<String>,
    bytes: u64,
    /// Where each URL's file is in the build.
    #[serde(skip)]
    on_disk: Vec<String>,
}

impl Files {
    fn add(&mut self, dist: &Path, url: String, on_disk: &str) {
        if self.files.contains(&url) {
            return;
        }
        self.bytes += download_size(&dist.join(on_disk));
        self.files.push(url);
        self.on_disk.push(on_disk.to_owned());
    }
}

/// What a file costs to download: its brotli copy's size when the build has one
/// (hosts serve that), else its own.
fn download_size(path: &Path) -> u64 {
    let compressed = path.with_file_name(format!("{}.br", path.file_name().unwrap_or_default().to_string_lossy()));
    std::fs::metadata(compressed).or_else(|_| std::fs::metadata(path)).map_or(0, |m| m.len())
}

/// Puts what offline reading and installing need into the head of `dist/index.html`
/// (the template of every page), or takes it out when switched off: the web app
/// manifest, the colours of the browser's frame (`backgrounds`: the light and dark
/// themes' page backgrounds, [`crate::theme::Theme::backgrounds`]), and the page
/// script that registers the worker and offers to keep posts
/// (`fumi-offline-<hash>.js`, written beside it, loaded by the first-paint script:
/// [`crate::module_scripts`]). Run before the pages are rendered;
/// running it again replaces its elements, so a build can be published again with
/// other settings.
pub fn add_to_template(dist: &Path, settings: &Settings, backgrounds: &[String; 2]) -> io::Result<()> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let mut page: String = html.split_inclusive('\n').filter(|line| !line.contains(MARK)).collect();
    if !settings.enabled {
        page = crate::module_scripts::with_listed(&page, SCRIPT_STEM, None).unwrap_or(page);
    } else {
        let script = PAGE_SCRIPT.replace("__FUMI_SITE_LIMIT__", &SITE_KEEP_LIMIT_BYTES.to_string());
        let name = format!("{SCRIPT_STEM}{:016x}.js", crate::content_hash::fnv1a(script.as_bytes()));
        std::fs::write(dist.join(&name), script)?;
        // Relative URLs: the page's `<base href>` is the site root.
        let [light, dark] = backgrounds;
        let mut head = format!(
            "    <link rel=\"manifest\" href=\"{APP_MANIFEST_FILE}\" {MARK} />\n\
             \x20   <meta name=\"theme-color\" media=\"(prefers-color-scheme: light)\" content=\"{light}\" {MARK} />\n\
             \x20   <meta name=\"theme-color\" media=\"(prefers-color-scheme: dark)\" content=\"{dark}\" {MARK} />\n"
        );
        match crate::module_scripts::with_listed(&page, SCRIPT_STEM, Some(&name)) {
            Some(listed) => page = listed,
            None => head.push_str(&format!("    <script type=\"module\" src=\"{name}\" {MARK}></script>\n")),
        }
        let at = page.find("</head>").ok_or_else(|| io::Error::other("index.html has no </head>"))?;
        let line_start = page[..at].rfind('\n').map_or(0, |i| i + 1);
        page.insert_str(line_start, &head);
    }
    std::fs::write(index, page)
}

/// Writes `sw.js`, `offline.json` and `manifest.webmanifest` into `dist`. `routes`
/// are the rendered pages' routes (`/`, `/posts/a`, percent-encoded) with the file
/// each is written to. Run after the pages and their compressed copies (whose sizes
/// the list gives); switched off, writes the worker that removes itself. Returns the
/// files written. The installed app's colours are `backgrounds[0]`, the light theme's.
pub fn write(
    dist: &Path,
    settings: &Settings,
    routes: &[(String, String)],
    backgrounds: &[String; 2],
) -> io::Result<Vec<PathBuf>> {
    let written: Vec<PathBuf> =
        [WORKER_FILE, KEEP_LIST_FILE, APP_MANIFEST_FILE].iter().map(|file| dist.join(file)).collect();
    for file in &written {
        for copy in ["br", "gz"] {
            let _ = std::fs::remove_file(file.with_extension(format!("{}.{copy}", extension(file))));
        }
    }
    if !settings.enabled {
        for file in &written[1..] {
            let _ = std::fs::remove_file(file);
        }
        std::fs::write(&written[0], REMOVED_WORKER)?;
        return Ok(written[..1].to_vec());
    }
    let manifest_text = std::fs::read_to_string(dist.join(POSTS_DIR).join(SiteFile::Manifest.in_posts_dir()))?;
    let manifest: Manifest = serde_json::from_str(&manifest_text).map_err(io::Error::other)?;
    let mut assets: Vec<String> = std::fs::read_dir(dist)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| crate::hosting::is_hashed(name) && !name.ends_with(".br") && !name.ends_with(".gz"))
        .collect();
    assets.sort();
    let keep = keep_list(dist, &manifest, routes);
    let assets = &assets;
    std::fs::write(dist.join(KEEP_LIST_FILE), serde_json::to_string(&keep).map_err(io::Error::other)?)?;
    std::fs::write(dist.join(APP_MANIFEST_FILE), app_manifest(dist, &manifest, assets, &backgrounds[0]))?;
    std::fs::write(dist.join(WORKER_FILE), worker(settings, assets))?;
    Ok(written)
}

fn extension(path: &Path) -> String {
    path.extension().map_or(String::new(), |e| e.to_string_lossy().into_owned())
}

/// The worker with this build's facts in it. Its version changes with any asset (a
/// new wasm, new styles) and so does the file: that is how browsers see a new deploy.
fn worker(settings: &Settings, assets: &[String]) -> String {
    let list = serde_json::to_string(assets).unwrap_or_else(|_| "[]".into());
    let version = format!("{:016x}", crate::content_hash::fnv1a(list.as_bytes()));
    WORKER
        .replace("__FUMI_VERSION__", &version)
        .replace("__FUMI_ASSETS__", &list)
        .replace("__FUMI_SHELL__", "404.html")
        .replace("__FUMI_KEEP_POSTS__", &settings.keep_posts.to_string())
        .replace("__FUMI_KEEP_BYTES__", &((settings.keep_megabytes.max(0.0) * 1024.0 * 1024.0) as u64).to_string())
}

fn keep_list(dist: &Path, manifest: &Manifest, routes: &[(String, String)]) -> KeepList {
    let mut keep = KeepList::default();
    let posts_dir = format!("{POSTS_DIR}/");
    for (route, file) in routes {
        // Routes are kept under the URL readers open (`posts/a`, the root as `./`).
        let url = match route.trim_start_matches('/') {
            "" => "./".to_owned(),
            path => path.to_owned(),
        };
        keep.site.add(dist, url, file);
    }
    let manifest_file = format!("{posts_dir}{}", SiteFile::Manifest.in_posts_dir());
    keep.site.add(dist, SiteFile::Manifest.url(), &manifest_file);
    for post in &manifest.posts {
        let mut files = Files::default();
        let page = format!("posts/{}", encode_segment(&post.slug));
        files.add(dist, page.clone(), &format!("posts/{}.html", post.slug));
        for file in [SiteFile::PostBody(&post.slug), SiteFile::PostHints(&post.slug)] {
            files.add(dist, file.url(), &format!("{posts_dir}{}", file.in_posts_dir()));
        }
        let markdown =
            std::fs::read_to_string(dist.join(format!("{posts_dir}{}", SiteFile::PostBody(&post.slug).in_posts_dir())))
                .unwrap_or_default();
        // The images of its cards (previews, icons), in the site's embeds folder.
        let hints = std::fs::read_to_string(
            dist.join(format!("{posts_dir}{}", SiteFile::PostHints(&post.slug).in_posts_dir())),
        )
        .ok()
        .and_then(|text| serde_json::from_str::<fumi_content::RenderHints>(&text).ok())
        .unwrap_or_default();
        let card_images = hints.all_drawings().filter(|drawing| drawing.starts_with("<figure")).flat_map(|card| {
            card.match_indices(" src=\"").filter_map(|(at, _)| {
                let src = &card[at + 6..];
                Some(src[..src.find('"')?].to_owned())
            })
        });
        let images = fumi_content::markdown::image_urls(&markdown);
        // Their dark twins, which the reader's theme may show.
        let dark_twins: Vec<String> = images
            .iter()
            .filter_map(|url| hints.drawing(fumi_content::markdown::Drawn::DarkImage(url)).map(str::to_owned))
            .collect();
        for image in images.into_iter().chain(dark_twins).chain(card_images.collect::<Vec<_>>()) {
            // Only the site's own images: relative paths to a file that exists.
            let path = image.trim_start_matches("./");
            if path.contains("://") || path.starts_with('/') || path.starts_with("data:") {
                continue;
            }
            let on_disk = fumi_content::url::decode_segment(path.split(['?', '#']).next().unwrap_or(path));
            if dist.join(&on_disk).is_file() {
                files.add(dist, path.to_owned(), &on_disk);
            }
        }
        for (url, file) in files.files.iter().zip(&files.on_disk) {
            keep.site.add(dist, url.clone(), file);
        }
        keep.posts.insert(post.slug.clone(), files);
    }
    // The search index, so that search works over a site kept whole.
    if let Ok(entries) = std::fs::read_dir(dist.join(POSTS_DIR).join("search")) {
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".json"))
            .collect();
        names.sort();
        for name in names {
            let path = format!("{posts_dir}search/{name}");
            keep.site.add(dist, path.clone(), &path);
            keep.search.add(dist, path.clone(), &path);
        }
    }
    keep
}

/// The web app manifest: the site's name and language, the favicon as its icon, the
/// stylesheet's page colours.
fn app_manifest(dist: &Path, manifest: &Manifest, assets: &[String], background: &str) -> String {
    let site = &manifest.site;
    // fumi's favicon or the site's own (`favicon` in fumi.toml, an SVG or a PNG).
    let icon =
        assets.iter().find(|name| name.starts_with("favicon-") && (name.ends_with(".svg") || name.ends_with(".png")));
    let icons: Vec<serde_json::Value> = icon
        .map(|src| {
            let sizes = match imagesize::size(dist.join(src)) {
                Ok(size) if src.ends_with(".png") => format!("{}x{}", size.width, size.height),
                _ => "any".to_owned(),
            };
            let kind = crate::theme::favicon_type(src);
            serde_json::json!({ "src": src, "sizes": sizes, "type": kind, "purpose": "any" })
        })
        .into_iter()
        .collect();
    let value = serde_json::json!({
        "name": site.title,
        "short_name": site.title,
        "description": site.description,
        "lang": site.language,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": background,
        "theme_color": background,
        "icons": icons,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str =
        "<!doctype html>\n<html>\n  <head>\n    <title>fumi</title>\n  </head>\n  <body></body>\n</html>\n";

    fn dist_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    /// The page backgrounds of fumi's own themes, with no `[theme]`.
    fn fumis_backgrounds() -> [String; 2] {
        crate::theme::Theme::default().backgrounds()
    }

    fn read(dir: &tempfile::TempDir, path: &str) -> String {
        std::fs::read_to_string(dir.path().join(path)).unwrap()
    }

    #[test]
    fn the_template_gets_the_offline_head_once_and_loses_it_when_switched_off() {
        let dir = dist_with(&[("index.html", TEMPLATE)]);
        add_to_template(dir.path(), &Settings::default(), &fumis_backgrounds()).unwrap();
        add_to_template(dir.path(), &Settings::default(), &fumis_backgrounds()).unwrap();
        let page = read(&dir, "index.html");
        assert_eq!(page.matches("rel=\"manifest\"").count(), 1, "{page}");
        assert_eq!(page.matches("theme-color").count(), 2, "light and dark: {page}");
        assert!(
            page.contains("media=\"(prefers-color-scheme: dark)\" content=\"#15181c\""),
            "fumi's dark background: {page}"
        );
        let script = page.split("src=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(script.starts_with("fumi-offline-") && crate::hosting::is_hashed(script), "{script}");
        assert!(!read(&dir, script).contains("__FUMI_"), "every placeholder is filled");
        assert!(page.find(script).unwrap() < page.find("</head>").unwrap());

        add_to_template(dir.path(), &Settings { enabled: false, ..Settings::default() }, &fumis_backgrounds()).unwrap();
        assert_eq!(read(&dir, "index.html"), TEMPLATE, "switched off, the template is as Trunk wrote it");
    }

    #[test]
    fn the_first_paint_script_loads_the_page_script_once() {
        let template =
            TEMPLATE.replace("</title>", "</title>\n    <script src=\"/theme-0123456789abcdef.js\"></script>");
        let dir = dist_with(&[("index.html", &template)]);
        add_to_template(dir.path(), &Settings::default(), &fumis_backgrounds()).unwrap();
        add_to_template(dir.path(), &Settings::default(), &fumis_backgrounds()).unwrap();
        let page = read(&dir, "index.html");
        let listed = page.split("data-after-first-paint=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(listed.starts_with("fumi-offline-") && crate::hosting::is_hashed(listed), "one entry: {page}");
        assert!(!page.contains("type=\"module\""), "no module script element: {page}");
        add_to_template(dir.path(), &Settings { enabled: false, ..Settings::default() }, &fumis_backgrounds()).unwrap();
        assert_eq!(read(&dir, "index.html"), template, "switched off, the template is as Trunk wrote it");
    }

    fn site(posts: &[&str]) -> tempfile::TempDir {
        let manifest = Manifest {
            version: fumi_content::manifest::MANIFEST_VERSION,
            site: fumi_content::Site { title: "文の森".into(), language: "ja".into(), ..Default::default() },
            posts: posts
                .iter()
                .map(|slug| fumi_content::PostSummary { slug: (*slug).into(), ..Default::default() })
                .collect(),
            pages: Vec::new(),
            problems: Vec::new(),
        };
        let mut files = vec![
            ("index.html".to_owned(), TEMPLATE.to_owned()),
            ("posts/manifest.json".into(), serde_json::to_string(&manifest).unwrap()),
            ("fumi-0123456789abcdef_bg.wasm".into(), "wasm".into()),
            ("favicon-0123456789abcdef.svg".into(), "<svg/>".into()),
            ("images/a.svg".into(), "<svg/>".repeat(100)),
            ("posts/search/meta.json".into(), "{}".into()),
        ];
        for slug in posts {
            files.push((format!("posts/{slug}.md"), "本文\n\n![図](images/a.svg)\n".into()));
            files.push((format!("posts/{slug}.hints.json"), "{}".into()));
            files.push((format!("posts/{slug}.html"), "<p>page</p>".into()));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        dist_with(&files)
    }

    #[test]
    fn the_keep_list_names_each_post_s_page_body_hints_and_images_as_readers_request_them() {
        let dir = site(&["eks-移籍", "b"]);
        let routes = vec![("/".to_owned(), "index.html".to_owned()), ("/posts/b".into(), "posts/b.html".into())];
        write(dir.path(), &Settings::default(), &routes, &fumis_backgrounds()).unwrap();
        let keep: serde_json::Value = serde_json::from_str(&read(&dir, KEEP_LIST_FILE)).unwrap();
        let post = &keep["posts"]["eks-移籍"];
        assert_eq!(
            post["files"],
            serde_json::json!([
                "posts/eks-%E7%A7%BB%E7%B1%8D",
                "posts/eks-%E7%A7%BB%E7%B1%8D.md",
                "posts/eks-%E7%A7%BB%E7%B1%8D.hints.json",
                "images/a.svg"
            ])
        );
        let bytes = ["<p>page</p>".len(), "本文\n\n![図](images/a.svg)\n".len(), 2, 600];
        assert_eq!(post["bytes"], bytes.iter().sum::<usize>() as u64);
        let site_files: Vec<&str> =
            keep["site"]["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        for file in
            ["./", "posts/b", "posts/manifest.json", "posts/eks-%E7%A7%BB%E7%B1%8D.md", "posts/search/meta.json"]
        {
            assert!(site_files.contains(&file), "{file} in {site_files:?}");
        }
        assert_eq!(site_files.iter().filter(|f| **f == "images/a.svg").count(), 1, "a shared image once");

        let worker = read(&dir, WORKER_FILE);
        assert!(!worker.contains("__FUMI_"), "every placeholder is filled");
        assert!(worker.contains("\"fumi-0123456789abcdef_bg.wasm\""), "the assets are precached");
        assert!(worker.contains("posts: 50, bytes: 26214400"));
        let app: serde_json::Value = serde_json::from_str(&read(&dir, APP_MANIFEST_FILE)).unwrap();
        assert_eq!((app["name"].as_str(), app["lang"].as_str()), (Some("文の森"), Some("ja")));
        assert_eq!(app["icons"][0]["src"], "favicon-0123456789abcdef.svg");
    }

    #[test]
    fn a_post_keeps_the_images_of_its_cards() {
        let dir = site(&["cards"]);
        let card = "<figure class=\\\"embed\\\"><img class=\\\"embed__image\\\" src=\\\"embeds/00000000000000ab.jpg\\\" alt=\\\"\\\"/></figure>";
        std::fs::write(
            dir.path().join("posts/cards.hints.json"),
            format!("{{\"drawings\":[\"https://e.example/\",\"{card}\"]}}"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("embeds")).unwrap();
        std::fs::write(dir.path().join("embeds/00000000000000ab.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
        write(dir.path(), &Settings::default(), &[], &fumis_backgrounds()).unwrap();
        let keep: serde_json::Value = serde_json::from_str(&read(&dir, KEEP_LIST_FILE)).unwrap();
        let files = keep["posts"]["cards"]["files"].as_array().unwrap();
        assert!(files.contains(&serde_json::json!("embeds/00000000000000ab.jpg")), "{files:?}");
    }

    #[test]
    fn switched_off_the_worker_removes_itself_and_the_lists_are_gone() {
        let dir = site(&["a"]);
        write(dir.path(), &Settings::default(), &[], &fumis_backgrounds()).unwrap();
        let written =
            write(dir.path(), &Settings { enabled: false, ..Settings::default() }, &[], &fumis_backgrounds()).unwrap();
        assert_eq!(written, vec![dir.path().join(WORKER_FILE)]);
        assert!(read(&dir, WORKER_FILE).contains("registration.unregister()"));
        assert!(!dir.path().join(KEEP_LIST_FILE).exists() && !dir.path().join(APP_MANIFEST_FILE).exists());
    }
}
