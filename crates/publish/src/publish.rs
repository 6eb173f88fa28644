//! Turning `posts/` into the manifest and post bodies.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fumi_content::date::{format_date, Date};
use fumi_content::excerpt::EXCERPT_WIDTH;
use fumi_content::front_matter::{self, FieldError};
use fumi_content::layout::{SiteFile, PREVIEWS_DIR};
use fumi_content::manifest::MANIFEST_VERSION;
use fumi_content::search::{self, build::Document};
use fumi_content::tags::unify_tag_spellings;
use fumi_content::url::encode_segment;
use fumi_content::{excerpt, reading_time, slugify, Manifest, PostSummary, Problem};

use crate::config;
use crate::hints::{self, Highlighter};
use crate::preview_images;
use fumi_content::markdown::Drawn;

/// Folder of post sources under the project root.
pub const POSTS_DIR: &str = "posts";

/// Folder of the site's pages (`pages/about.md` is published at `/about`).
pub const PAGES_DIR: &str = "pages";

/// First segments of the site's own routes and files, which no page may take.
const RESERVED_PAGE_SLUGS: &[&str] = &[
    "posts", "pages", "tags", "archive", "search", "authors", "page", "index", "404", "feed", "sitemap", "images",
    "styles", "previews", "_img", "embed", "offline", "feeds",
];

/// Environment variable that pins "today" (`YYYY-MM-DD`) for scheduled posts, so
/// tests and reproducible builds do not depend on the clock.
pub const TODAY_VAR: &str = "FUMI_TODAY";

/// The day a build publishes for: `$FUMI_TODAY` if set, else today's UTC date.
/// Posts dated after it are scheduled.
pub fn today() -> Result<Date, String> {
    today_from(std::env::var(TODAY_VAR).ok())
}

/// [`today`] given the value of `$FUMI_TODAY`, if set.
fn today_from(pinned: Option<String>) -> Result<Date, String> {
    match pinned {
        Some(text) => Date::parse(&text).map_err(|e| format!("{TODAY_VAR}: {e}")),
        None => {
            let since_epoch = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| "the system clock is set before 1970".to_owned())?;
            Ok(Date::from_days_since_epoch((since_epoch.as_secs() / 86_400) as i64))
        }
    }
}

/// What to publish.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mode {
    /// Include posts marked `draft: true` and posts dated after today (the dev
    /// server shows both, marked).
    pub drafts: bool,
    /// Publish the valid posts even when others have problems.
    pub keep_going: bool,
    /// Whether link cards and other embeds may be fetched (else the cache only).
    pub embeds: crate::embeds::Network,
}

/// The result of reading every post: what can be published, and what is wrong.
#[derive(Debug)]
pub struct Outcome {
    /// Problems are also listed in `manifest.problems` so the app can show them.
    pub manifest: Manifest,
    /// What the app fetches of each post, in the order of `manifest.posts`.
    pub bodies: Vec<PostFiles>,
    /// The same of each page, in the order of `manifest.pages`.
    pub page_bodies: Vec<PostFiles>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The cached images the posts' embeds show, copied into the site by [`write`].
    pub embed_images: Vec<PathBuf>,
    /// The copies of the posts' images for other screens: their path in the site, and
    /// the cached file [`write`] copies there.
    pub image_copies: Vec<(String, PathBuf)>,
    /// The link-preview images to draw (file name and what it shows) and the font to
    /// draw them with; none without a usable font.
    pub previews: Vec<(String, preview_images::Card)>,
    pub typeface: Option<preview_images::Typeface>,
}

/// What is published of one post besides its manifest entry: the files
/// [`SiteFile::PostBody`] and [`SiteFile::PostHints`].
#[derive(Clone, Debug)]
pub struct PostFiles {
    pub slug: String,
    /// The Markdown body, front matter removed.
    pub markdown: String,
    pub hints: fumi_content::RenderHints,
}

/// Reads `fumi.toml` and every `posts/**/*.md` under `root`, for [`today`].
///
/// Fails only when the site itself cannot be read (no posts folder, unreadable
/// settings); problems with single posts are collected in the outcome.
pub fn publish(root: &Path, mode: Mode) -> Result<Outcome, String> {
    publish_on(root, mode, today()?)
}

/// [`publish`] as of `today`: posts dated later are scheduled, left out unless
/// `mode.drafts`.
pub fn publish_on(root: &Path, mode: Mode, today: Date) -> Result<Outcome, String> {
    let config = config::load_all(root)?;
    let site = config.site;
    let config_warnings = config.warnings;
    let posts_dir = root.join(POSTS_DIR);
    let mut files = Vec::new();
    find_markdown(&posts_dir, &mut files).map_err(|e| format!("{}: {e}", posts_dir.display()))?;
    let pages_dir = root.join(PAGES_DIR);
    if pages_dir.is_dir() {
        find_markdown(&pages_dir, &mut files).map_err(|e| format!("{}: {e}", pages_dir.display()))?;
    }
    files.sort();

    let highlighter = Highlighter::new();
    let mut embeds = crate::embeds::Resolver::new(&posts_dir, mode.embeds, today.to_string());
    let public_dir = root.join("public");
    let image_cache = crate::image_variants::cache_dir(root);
    let mut image_copies = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = config_warnings;
    let typeface = preview_images::Typeface::load(root, config.preview_font.as_ref())
        .map_err(|warning| warnings.push(warning))
        .ok();
    let mut published: Vec<(PostSummary, String, String)> = Vec::new(); // summary, body, file
    let mut all_slugs = std::collections::HashSet::new();
    let mut translation_lines = HashMap::new();
    // Each published post's file as written, by its display path: notes on its body
    // name the line of the file.
    let mut sources: HashMap<String, String> = HashMap::new();
    // The display paths of the files under `pages/` being published.
    let mut page_files = std::collections::HashSet::new();
    for path in &files {
        let file = display_path(root, path);
        let source = match std::fs::read_to_string(path) {
            Ok(source) => source,
            Err(e) => {
                problems.push(Problem { file, line: 1, field: None, message: format!("cannot read: {e}") });
                continue;
            }
        };
        let located = |e: FieldError| Problem { file: file.clone(), line: e.line, field: e.field, message: e.message };
        let is_page = path.starts_with(&pages_dir);
        let parsed = if is_page { front_matter::parse_page(&source) } else { front_matter::parse(&source) };
        let post = match parsed {
            Ok(post) => post,
            Err(errors) => {
                problems.extend(errors.into_iter().map(located));
                continue;
            }
        };
        let schedule_warning = post.schedule_warning(today);
        let scheduled = schedule_warning.is_some();
        warnings.extend(post.warnings.into_iter().chain(schedule_warning).map(located));
        let fm = post.front_matter;
        let slug = match slug_of(path, fm.slug) {
            Some(slug) => slug,
            None => {
                problems.push(Problem {
                    file,
                    line: 1,
                    field: Some("slug".into()),
                    message:
                        "the file name has no letters or digits to make a URL from; rename the file or set `slug:`"
                            .into(),
                });
                continue;
            }
        };
        if is_page && RESERVED_PAGE_SLUGS.contains(&slug.as_str()) {
            problems.push(Problem {
                file,
                line: post.slug_line,
                field: Some("slug".into()),
                message: format!(
                    "a page at /{slug} would hide the site's own /{slug}; rename the file or set another `slug:` \
                     (taken: {})",
                    RESERVED_PAGE_SLUGS.join(", ")
                ),
            });
            continue;
        }
        if let Some(unknown) = fm.authors.iter().find(|id| !site.authors.contains_key(id.as_str())) {
            let field = if fm.authors.len() == 1 { "author" } else { "authors" };
            let known: Vec<&str> = site.authors.keys().map(String::as_str).collect();
            problems.push(Problem {
                file,
                line: post.authors_line,
                field: Some(field.into()),
                message: if known.is_empty() {
                    format!("`{unknown}` is not an author: fumi.toml has no [authors.{unknown}] table")
                } else {
                    format!("`{unknown}` is not an author in fumi.toml (its [authors] are: {})", known.join(", "))
                },
            });
            continue;
        }
        if !is_page {
            // Every post's slug, published or not: a translation of a draft is no mistake.
            all_slugs.insert(slug.clone());
        }
        if (fm.draft || scheduled) && !mode.drafts {
            continue;
        }
        if is_page {
            page_files.insert(file.clone());
        }
        translation_lines.insert(slug.clone(), post.translation_line);
        if let Some(image) = fm.image.as_deref().filter(|image| !image.starts_with("https://")) {
            if !public_dir.join(image).is_file() {
                warnings.push(Problem {
                    file: file.clone(),
                    line: post.image_line,
                    field: Some("image".into()),
                    message: format!("public/{image} does not exist: shared links to the post would show no image"),
                });
            }
        }
        // Zenn's and Qiita's `:::` blocks, embed directives and image forms, as the Markdown
        // fumi renders: what every reader of the published body (excerpt, search, the app,
        // feeds) sees.
        let directives = crate::embeds::directives::expand(post.body);
        let mut body = match fumi_content::markdown::containers::expand(&directives) {
            std::borrow::Cow::Owned(expanded) => std::borrow::Cow::Owned(expanded),
            std::borrow::Cow::Borrowed(_) => directives,
        };
        let images = match crate::zenn_images::rewrite(&body) {
            std::borrow::Cow::Owned(rewritten) => Some(rewritten),
            std::borrow::Cow::Borrowed(_) => None,
        };
        if let Some(rewritten) = images {
            body = std::borrow::Cow::Owned(rewritten);
        }
        let lang = fm
            .lang
            .or_else(|| fumi_content::prose::detect_language(&body).map(str::to_owned))
            .unwrap_or_else(|| site.language.clone());
        let title_breaks: Vec<u16> =
            crate::line_breaks::offsets(&fm.title).into_iter().filter_map(|at| u16::try_from(at).ok()).collect();
        let summary = PostSummary {
            slug,
            title: fm.title,
            date: if post.dated { fm.date.to_string() } else { String::new() },
            updated: fm.updated.map(|d| d.to_string()),
            // A page is in no tag's list.
            tags: if is_page { Vec::new() } else { fm.tags },
            excerpt: fm.summary.unwrap_or_else(|| excerpt(&body, EXCERPT_WIDTH)),
            reading_minutes: reading_time(&body).minutes,
            lang,
            draft: fm.draft,
            scheduled,
            series: fm.series,
            translation_of: fm.translation_of,
            image: fm.image,
            title_breaks,
            authors: fm.authors,
            toc: !fumi_content::markdown::toc_entries(fumi_content::render(&body).headings).is_empty(),
        };
        sources.insert(file.clone(), source.clone());
        // After the excerpt and reading time: a `<wbr>` is markup, not text.
        let body = match crate::line_breaks::mark_headings(&body) {
            std::borrow::Cow::Owned(marked) => marked,
            std::borrow::Cow::Borrowed(_) => body.into_owned(),
        };
        published.push((summary, body, file));
    }

    reject_duplicate_slugs(&mut published, &mut problems);
    check_translations(&mut published, &all_slugs, &translation_lines, &mut problems);

    // Newest first; the same day falls back to the title so the order is stable.
    published.sort_by(|(a, ..), (b, ..)| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    // Every embed shown by a published post: their images are copied into the site.
    let mut shown = Vec::new();
    let (mut page_entries, published): (Vec<_>, Vec<_>) =
        published.into_iter().partition(|(_, _, file)| page_files.contains(file));
    page_entries.sort_by(|(a, ..), (b, ..)| a.slug.cmp(&b.slug));
    let mut finish = |(summary, body, file): (PostSummary, String, String)| {
        let hints::Computed { mut hints, mut notes, image_files } =
            hints::compute(&body, &public_dir, &highlighter, Some(&image_cache));
        image_copies.extend(image_files);
        let (found, embed_notes) = embeds.resolve_post(&body);
        let labels = fumi_content::Labels::for_language(&summary.lang);
        for (url, embed) in &found {
            hints.draw(Drawn::Card(url), crate::embeds::card::html(url, embed, labels, &highlighter));
        }
        shown.extend(found.into_values());
        notes.extend(embed_notes);
        let source = sources.get(&file).map_or("", String::as_str);
        for note in notes {
            let located = Problem {
                line: line_in_file(source, &body, note.offset),
                file: file.clone(),
                field: None,
                message: note.message,
            };
            if note.error { &mut problems } else { &mut warnings }.push(located);
        }
        let slug = summary.slug.clone();
        (summary, PostFiles { slug, markdown: body, hints })
    };
    let (mut posts, bodies): (Vec<_>, Vec<_>) = published.into_iter().map(&mut finish).unzip();
    let (pages, page_bodies): (Vec<_>, Vec<_>) = page_entries.into_iter().map(&mut finish).unzip();
    unify_tag_spellings(&mut posts);
    let previews = typeface.as_ref().map_or_else(Vec::new, |typeface| preview_cards(&mut posts, &site, typeface));
    let embed_images = embeds.image_paths(&shown);
    if let Err(message) = embeds.save() {
        warnings.push(Problem { file: POSTS_DIR.into(), line: 1, field: None, message });
    }

    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let manifest = Manifest { version: MANIFEST_VERSION, site, posts, pages, problems: problems.clone() };
    image_copies.sort();
    image_copies.dedup();
    Ok(Outcome { manifest, bodies, page_bodies, problems, warnings, embed_images, image_copies, previews, typeface })
}

/// The preview image of each post without one of its own: drawn from what its
/// page's header shows, under a name that changes with it.
fn preview_cards(
    posts: &mut [PostSummary],
    site: &fumi_content::Site,
    typeface: &preview_images::Typeface,
) -> Vec<(String, preview_images::Card)> {
    let mut cards = Vec::new();
    for post in posts.iter_mut().filter(|post| post.image.is_none()) {
        let card = preview_images::Card {
            site: site.title.clone(),
            title: post.title.clone(),
            date: Date::parse(&post.date).map_or_else(|_| post.date.clone(), |d| format_date(d, &post.lang)),
            tags: post.tags.clone(),
        };
        let name = card.file_name(&post.slug, typeface);
        post.image = Some(format!("{PREVIEWS_DIR}/{}", encode_segment(&name)));
        cards.push((name, card));
    }
    cards
}

/// The line of a post file that holds what is at `offset` of its published body. The
/// body was rewritten (Zenn's blocks, images and directives) after leaving the file, so
/// the line is found by the text there; failing that, counted in the body.
fn line_in_file(source: &str, body: &str, offset: usize) -> usize {
    let text = body.get(offset..).unwrap_or("").lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let body_lines = body[..offset.min(body.len())].matches('\n').count();
    // Where the body's own count puts it: the body is the end of the file.
    let body_start = source.lines().count().saturating_sub(body.lines().count()) + 1;
    let counted = body_start + body_lines;
    if text.is_empty() {
        return counted;
    }
    // Of the lines holding that text, the one nearest the count.
    source
        .match_indices(text)
        .map(|(at, _)| source[..at].matches('\n').count() + 1)
        .min_by_key(|line| line.abs_diff(counted))
        .unwrap_or(counted)
}

/// A post's slug: its `slug:` field, else its file name made a slug (`None` when
/// the name has no letters or digits).
pub fn slug_of(path: &Path, slug_field: Option<String>) -> Option<String> {
    slug_field.or_else(|| {
        let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
        Some(slugify(&stem)).filter(|slug| !slug.is_empty())
    })
}

/// A translation must name an original that exists, is no translation itself and is
/// in another language than every post of its group. A mistake is a problem at the
/// `translation_of:` line, and the link is dropped (the post itself is fine). A
/// translation of a post this build leaves out (a draft) simply stands alone.
fn check_translations(
    published: &mut [(PostSummary, String, String)],
    all_slugs: &std::collections::HashSet<String>,
    lines: &HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) {
    let originals: HashMap<String, (Option<String>, String)> =
        published.iter().map(|(p, ..)| (p.slug.clone(), (p.translation_of.clone(), p.lang.clone()))).collect();
    let mut seen_languages: HashMap<(String, String), String> = HashMap::new();
    for (summary, _, _) in published.iter() {
        if summary.translation_of.is_none() {
            seen_languages.insert((summary.slug.clone(), primary_language(&summary.lang)), summary.slug.clone());
        }
    }
    for (summary, _, file) in published.iter_mut() {
        let Some(target) = summary.translation_of.clone() else { continue };
        let problem = if target == summary.slug {
            Some("names the post itself; name the post this one translates".to_owned())
        } else if let Some((target_of, _)) = originals.get(&target) {
            if let Some(original) = target_of {
                Some(format!("`{target}` is itself a translation of `{original}`; name `{original}`"))
            } else {
                let key = (target.clone(), primary_language(&summary.lang));
                match seen_languages.get(&key) {
                    Some(other) => Some(format!(
                        "`{other}` is already the {} post of this group; a translation is in another language (set `lang:`)",
                        summary.lang
                    )),
                    None => {
                        seen_languages.insert(key, summary.slug.clone());
                        None
                    }
                }
            }
        } else if all_slugs.contains(&target) {
            // A draft or scheduled original: not in this build, no link to it.
            summary.translation_of = None;
            None
        } else {
            Some(format!("no post has the slug `{target}`"))
        };
        if let Some(message) = problem {
            summary.translation_of = None;
            problems.push(Problem {
                file: file.clone(),
                line: lines.get(&summary.slug).copied().unwrap_or(1),
                field: Some("translation_of".into()),
                message,
            });
        }
    }
}

fn primary_language(lang: &str) -> String {
    lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase()
}

/// Two files with one slug would fight over one URL: report both, publish neither.
fn reject_duplicate_slugs(published: &mut Vec<(PostSummary, String, String)>, problems: &mut Vec<Problem>) {
    let mut files_by_slug: HashMap<&str, Vec<&str>> = HashMap::new();
    for (summary, _, file) in published.iter() {
        files_by_slug.entry(&summary.slug).or_default().push(file);
    }
    let clashes: HashMap<String, Vec<String>> = files_by_slug
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(slug, files)| (slug.to_owned(), files.into_iter().map(str::to_owned).collect()))
        .collect();
    published.retain(|(summary, _, file)| {
        let Some(files) = clashes.get(&summary.slug) else {
            return true;
        };
        let others: Vec<&str> = files.iter().map(String::as_str).filter(|f| f != file).collect();
        problems.push(Problem {
            file: file.clone(),
            line: 1,
            field: Some("slug".into()),
            message: format!(
                "slug `{}` is also used by {}; give one of them a different file name or `slug:`",
                summary.slug,
                others.join(", ")
            ),
        });
        false
    });
}

/// Writes the manifest, every post's body and hints, and the search index into
/// `out`, the build's posts folder ([`SiteFile`] names each file).
pub fn write(outcome: &Outcome, out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let json = serde_json::to_string(&outcome.manifest).expect("the manifest serialises");
    std::fs::write(out.join(SiteFile::Manifest.in_posts_dir()), json)?;
    for post in outcome.bodies.iter().chain(&outcome.page_bodies) {
        std::fs::write(out.join(SiteFile::PostBody(&post.slug).in_posts_dir()), &post.markdown)?;
        let hints = serde_json::to_string(&post.hints).expect("hints serialise");
        std::fs::write(out.join(SiteFile::PostHints(&post.slug).in_posts_dir()), hints)?;
    }
    // Beside the posts folder, at the site root, where the embeds' paths point.
    let site_root = out.parent().unwrap_or(out);
    crate::embeds::copy_images(&outcome.embed_images, site_root)?;
    if let Some(typeface) = &outcome.typeface {
        preview_images::write(site_root, typeface, &outcome.previews)?;
    }
    for (path, cached) in &outcome.image_copies {
        let target = site_root.join(path);
        // Named by their content: one already there is the same file.
        if !target.is_file() {
            std::fs::create_dir_all(target.parent().unwrap_or(site_root))?;
            std::fs::copy(cached, target)?;
        }
    }
    write_search_index(outcome, out)
}

/// Writes the search metadata, the term shards and the text shards into `out`.
fn write_search_index(outcome: &Outcome, out: &Path) -> std::io::Result<()> {
    let docs: Vec<Document> = outcome
        .manifest
        .posts
        .iter()
        .zip(&outcome.bodies)
        .map(|(post, files)| Document {
            title: &post.title,
            tags: &post.tags,
            summary: &post.excerpt,
            body: &files.markdown,
        })
        .collect();
    let files = search::build::build(&docs);
    let file = |name: SiteFile| out.join(name.in_posts_dir());
    std::fs::create_dir_all(file(SiteFile::SearchMeta).parent().unwrap_or(out))?;
    write_json(&file(SiteFile::SearchMeta), &files.meta)?;
    for (n, shard) in (0..).zip(&files.terms) {
        write_json(&file(SiteFile::TermShard(n)), shard)?;
    }
    for (n, shard) in (0..).zip(&files.texts) {
        write_json(&file(SiteFile::TextShard(n)), shard)?;
    }
    Ok(())
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> std::io::Result<()> {
    std::fs::write(path, serde_json::to_string(value).expect("plain data serialises"))
}

fn find_markdown(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            find_markdown(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    Ok(())
}

/// `posts/a.md` rather than `./posts/a.md`, with `/` on every platform.
fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut shown = String::new();
    for (i, part) in relative.components().enumerate() {
        if i > 0 {
            shown.push('/');
        }
        let _ = write!(shown, "{}", part.as_os_str().to_string_lossy());
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("posts")).unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn post(title: &str, date: &str, extra: &str, body: &str) -> String {
        format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\n{body}")
    }

    #[test]
    fn posts_are_listed_newest_first_with_derived_fields() {
        let dir = site(&[
            ("posts/old.md", &post("Old", "2020-01-01", "", "Old body. More.")),
            ("posts/new-post.md", &post("新しい記事", "2022-05-05", "tags: [kubernetes]\n", "日本語の\n本文です。")),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        let slugs: Vec<_> = outcome.manifest.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["new-post", "old"]);
        let newest = &outcome.manifest.posts[0];
        assert_eq!(newest.excerpt, "日本語の本文です。");
        assert_eq!(newest.lang, "ja");
        assert_eq!(newest.reading_minutes, 1);
        assert_eq!(outcome.manifest.posts[1].lang, "en");
    }

    #[test]
    fn the_manifest_says_which_posts_have_a_table_of_contents() {
        let long = "## なぜ\n\n本文。\n\n## どうやって\n\n本文。\n\n### 学んだこと\n\n本文。\n";
        let dir = site(&[
            ("posts/long.md", &post("長い記事", "2020-01-02", "", long)),
            ("posts/short.md", &post("Short", "2020-01-01", "", "## One\n\nBody.\n\n## Two\n")),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        let toc: Vec<_> = outcome.manifest.posts.iter().map(|p| (p.slug.as_str(), p.toc)).collect();
        assert_eq!(toc, [("long", true), ("short", false)]);
    }

    #[test]
    fn summary_wins_over_the_excerpt() {
        let dir = site(&[("posts/a.md", &post("A", "2020-01-01", "summary: Hand-written.\n", "Body."))]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert_eq!(outcome.manifest.posts[0].excerpt, "Hand-written.");
    }

    #[test]
    fn broken_front_matter_names_file_line_and_field() {
        let dir = site(&[
            ("posts/good.md", &post("Good", "2020-01-01", "", "ok")),
            ("posts/nested/bad.md", "---\ntitle: Bad\ndate: 2020-13-01\n---\nbody"),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert_eq!(outcome.problems.len(), 1);
        let p = &outcome.problems[0];
        assert_eq!(p.to_string().split(": ").take(2).collect::<Vec<_>>(), ["posts/nested/bad.md:3", "date"]);
        assert_eq!(outcome.manifest.posts.len(), 1, "the good post is still published");
        assert_eq!(outcome.manifest.problems, outcome.problems, "the app can show them");
    }

    #[test]
    fn duplicate_slugs_name_both_files() {
        let dir = site(&[
            ("posts/2020/hello.md", &post("One", "2020-01-01", "", "")),
            ("posts/2021/hello.md", &post("Two", "2021-01-01", "", "")),
            ("posts/other.md", &post("Three", "2021-01-01", "slug: hello\n", "")),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert_eq!(outcome.problems.len(), 3);
        let first = outcome.problems[0].to_string();
        assert!(first.contains("posts/2020/hello.md:1: slug:"), "{first}");
        assert!(first.contains("posts/2021/hello.md") && first.contains("posts/other.md"), "{first}");
        assert!(outcome.manifest.posts.is_empty());
    }

    #[test]
    fn pages_are_published_beside_the_posts_but_never_listed() {
        let dir = site(&[
            ("posts/hello.md", &post("Hello", "2021-01-01", "tags: [aws]\n", "Hi")),
            (
                "pages/about.md",
                "---\ntitle: このブログについて\ntags: [aws]\n---\n二人で書いています。\n\n## 書いている人\n",
            ),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        let slugs = |list: &[PostSummary]| list.iter().map(|p| p.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&outcome.manifest.posts), ["hello"]);
        assert_eq!(slugs(&outcome.manifest.pages), ["about"]);
        let about = &outcome.manifest.pages[0];
        assert_eq!((about.lang.as_str(), about.date.as_str()), ("ja", ""), "undated, in its own language");
        assert!(about.tags.is_empty(), "a page is in no tag's list");
        assert_eq!(outcome.page_bodies[0].markdown.trim_start().lines().next(), Some("二人で書いています。"));
        assert_eq!(outcome.bodies.len(), 1, "the search index and feeds see posts alone");
    }

    #[test]
    fn a_page_cannot_take_a_route_of_the_site() {
        let dir = site(&[
            ("pages/tags.md", "---\ntitle: Tags\n---\nx\n"),
            ("pages/x.md", "---\ntitle: X\nslug: archive\n---\n"),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        let found: Vec<String> = outcome.problems.iter().map(located).collect();
        assert_eq!(found, ["pages/tags.md:1: slug", "pages/x.md:3: slug"], "{:?}", outcome.problems);
        assert!(outcome.problems[0].message.contains("/tags"), "{}", outcome.problems[0]);
        assert!(outcome.manifest.pages.is_empty());
    }

    #[test]
    fn a_post_by_an_unknown_author_is_a_problem_at_its_line() {
        let config = "author = \"aki\"\n[authors.aki]\nname = \"Aki\"\n[authors.mei]\nname = \"Mei\"\n";
        let dir = site(&[
            ("fumi.toml", config),
            ("posts/both.md", &post("Both", "2021-01-02", "authors: [mei, aki]\n", "")),
            ("posts/mine.md", &post("Mine", "2021-01-01", "", "")),
            ("posts/typo.md", &post("Typo", "2021-01-03", "tags: [a]\nauthor: meii\n", "")),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        let found: Vec<String> = outcome.problems.iter().map(located).collect();
        assert_eq!(found, ["posts/typo.md:5: author"], "{:?}", outcome.problems);
        assert!(outcome.problems[0].message.contains("aki, mei"), "names the known ones: {}", outcome.problems[0]);
        let m = &outcome.manifest;
        assert_eq!(m.posts[0].authors, ["mei", "aki"]);
        let by = |id: &str| m.posts_by(id).map(|p| p.slug.clone()).collect::<Vec<_>>();
        assert_eq!(by("aki"), ["both", "mine"], "a post naming nobody is the site author's");
        assert_eq!(by("mei"), ["both"]);
    }

    #[test]
    fn drafts_are_published_only_when_asked() {
        let dir = site(&[("posts/d.md", &post("Draft", "2020-01-01", "draft: true\n", "wip"))]);
        assert!(publish(dir.path(), Mode::default()).unwrap().manifest.posts.is_empty());
        let dev = publish(dir.path(), Mode { drafts: true, keep_going: true, ..Mode::default() }).unwrap();
        assert!(dev.manifest.posts[0].draft);
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn future_posts_wait_for_their_date_in_release_builds() {
        let dir = site(&[
            ("posts/now.md", &post("Now", "2030-01-01", "", "")),
            ("posts/later.md", &post("Later", "2030-01-02", "", "")),
        ]);
        let release = publish_on(dir.path(), Mode::default(), day("2030-01-01")).unwrap();
        let slugs: Vec<_> = release.manifest.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["now"], "a post dated today is published, tomorrow's is not");
        assert_eq!(release.bodies.len(), 1, "nor its body, hints or search entry");
        assert!(release.problems.is_empty(), "scheduling is not a problem: {:?}", release.problems);
        let warning = release.warnings.iter().map(|w| w.to_string()).find(|w| w.starts_with("posts/later.md:3: date:"));
        assert!(warning.is_some_and(|w| w.contains("from 2030-01-02 on")), "{:?}", release.warnings);

        let on_the_day = publish_on(dir.path(), Mode::default(), day("2030-01-02")).unwrap();
        assert_eq!(on_the_day.manifest.posts.len(), 2);
        assert!(on_the_day.warnings.is_empty(), "{:?}", on_the_day.warnings);
        assert!(!on_the_day.manifest.posts[0].scheduled);

        let dev = publish_on(dir.path(), Mode { drafts: true, keep_going: true, ..Mode::default() }, day("2030-01-01"))
            .unwrap();
        let later = dev.manifest.post("later").expect("the dev server shows scheduled posts");
        assert!(later.scheduled && !later.draft);
        assert!(!dev.manifest.post("now").unwrap().scheduled);
    }

    #[test]
    fn today_can_be_pinned_by_fumi_today() {
        assert_eq!(today_from(Some("2031-02-03".into())), Ok(day("2031-02-03")));
        assert!(today_from(Some("2031-02-30".into())).unwrap_err().starts_with("FUMI_TODAY: "));
        let clock = today_from(None).unwrap();
        assert!(clock > day("2025-01-01") && clock < day("2200-01-01"), "from the clock: {clock}");
    }

    #[test]
    fn every_warning_of_every_post_is_reported_at_once() {
        let dir = site(&[
            ("posts/a.md", &post("A", "2030-06-01", "summary: \"\"\ncategory: x\n", "")),
            ("posts/b.md", &post("B", "2020-01-01", "updated: 2019-01-01\nwriter: me\n", "")),
            ("posts/c.md", &post("C", "2020-01-01", "", "")),
        ]);
        let outcome = publish_on(dir.path(), Mode::default(), day("2030-01-01")).unwrap();
        let found: Vec<String> = outcome
            .warnings
            .iter()
            .map(|w| format!("{}:{}: {}", w.file, w.line, w.field.as_deref().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "posts/a.md:3: date",
                "posts/a.md:4: summary",
                "posts/a.md:5: category",
                "posts/b.md:4: updated",
                "posts/b.md:5: writer"
            ]
        );
        assert!(outcome.problems.is_empty());
        assert_eq!(outcome.manifest.posts.len(), 2, "warnings never stop publishing");
    }

    #[test]
    fn tag_spellings_are_unified_across_posts() {
        let dir = site(&[
            ("posts/a.md", &post("A", "2021-01-01", "tags: [Kubernetes]\n", "")),
            ("posts/b.md", &post("B", "2020-01-01", "tags: [ｋｕｂｅｒｎｅｔｅｓ, kubernetes]\n", "")),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert_eq!(outcome.manifest.posts[1].tags, ["Kubernetes"]);
    }

    #[test]
    fn settings_come_from_fumi_toml_and_errors_name_the_line() {
        let dir = site(&[("fumi.toml", "title = \"My blog\"\nlanguage = \"ja\"\nposts_per_page = 5\n")]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert_eq!(outcome.manifest.site.title, "My blog");
        assert_eq!(outcome.manifest.site.posts_per_page, 5);

        let dir = site(&[("fumi.toml", "title = \"x\"\nposts_per_pag = 5\n")]);
        let err = publish(dir.path(), Mode::default()).unwrap_err();
        assert!(err.contains("fumi.toml:2"), "{err}");
    }

    #[test]
    fn write_produces_manifest_and_bodies_without_front_matter() {
        let dir = site(&[("posts/hello.md", &post("Hello", "2020-01-01", "", "Body text.\n"))]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        let out = dir.path().join("out");
        write(&outcome, &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("hello.md")).unwrap(), "Body text.\n");
        let meta: search::SearchMeta =
            serde_json::from_str(&std::fs::read_to_string(out.join("search/meta.json")).unwrap()).unwrap();
        assert_eq!(meta.posts, 1);
        let terms = std::fs::read_to_string(out.join("search/terms-0.json")).unwrap();
        assert!(terms.contains("\"body\":[0]"), "{terms}");
        assert!(std::fs::read_to_string(out.join("search/text-0.json")).unwrap().contains("Body text."));
        let manifest: Manifest =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest.posts[0].title, "Hello");
    }

    #[test]
    fn every_post_gets_a_drawn_preview_image_unless_it_names_its_own() {
        let dir = site(&[
            ("posts/drawn.md", &post("描かれる記事", "2021-01-04", "tags: [aws]\n", "")),
            ("posts/own.md", &post("Own", "2021-01-03", "image: images/cover.png\n", "")),
            ("posts/far.md", &post("Far", "2021-01-02", "image: https://cdn.example.com/c.png\n", "")),
            ("public/images/cover.png", "png"),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
        let image = |slug: &str| outcome.manifest.post(slug).unwrap().image.clone().unwrap();
        assert_eq!(image("own"), "images/cover.png");
        assert_eq!(image("far"), "https://cdn.example.com/c.png");
        let drawn = image("drawn");
        assert!(fumi_content::layout::is_drawn_preview(&drawn) && drawn.ends_with(".png"), "{drawn}");
        write(&outcome, &dir.path().join("out/posts")).unwrap();
        let png = std::fs::read(dir.path().join("out").join(&drawn)).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG at the manifest's path");
        let names = std::fs::read_dir(dir.path().join("out/previews")).unwrap().count();
        assert_eq!(names, 1, "only the post without an image of its own");
    }

    #[test]
    fn without_a_usable_font_the_build_warns_and_draws_nothing() {
        let dir = site(&[
            ("fumi.toml", "title = \"x\"\npreview_font = \"fonts/none.ttf\"\n"),
            ("posts/a.md", &post("A", "2021-01-04", "", "")),
        ]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        let warnings: Vec<String> = outcome.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("fumi.toml:2: preview_font: cannot read `fonts/none.ttf`"), "{warnings:?}");
        assert!(outcome.problems.is_empty(), "a warning, never a failure");
        assert_eq!(outcome.manifest.posts[0].image, None);
        write(&outcome, &dir.path().join("out/posts")).unwrap();
        assert!(!dir.path().join("out/previews").exists());
    }

    #[test]
    fn an_own_image_missing_from_public_is_a_warning_at_its_line() {
        let dir = site(&[("posts/a.md", &post("A", "2021-01-04", "image: images/gone.png\n", ""))]);
        let outcome = publish(dir.path(), Mode::default()).unwrap();
        let warnings: Vec<String> = outcome.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("posts/a.md:4: image: public/images/gone.png does not exist"), "{warnings:?}");
    }

    /// A Japanese original `tsuki` and `others`, published for release in 2030.
    fn translated(others: &[(&str, &str)]) -> Outcome {
        let mut files = vec![("posts/tsuki.md", post("月", "2022-01-01", "lang: ja\n", "月の話。"))];
        files.extend(others.iter().map(|(name, text)| (*name, text.to_string())));
        let files: Vec<(&str, &str)> = files.iter().map(|(name, text)| (*name, text.as_str())).collect();
        let dir = site(&files);
        publish_on(dir.path(), Mode::default(), day("2030-01-01")).unwrap()
    }

    /// `lang:` then `translation_of:`, on lines 4 and 5 of a [`post`].
    fn translation(lang: &str, of: &str) -> String {
        post("T", "2022-02-01", &format!("lang: {lang}\ntranslation_of: {of}\n"), "Text.")
    }

    #[test]
    fn a_broken_image_is_an_error_at_its_line_and_the_other_posts_are_published() {
        let source = post("A", "2024-01-01", "", "Intro.\n\n![cut](images/cut.png)\n");
        let dir = site(&[("posts/a.md", &source), ("posts/b.md", &post("B", "2024-01-02", "", "Fine.\n"))]);
        let noise = image::RgbImage::from_fn(300, 200, |x, y| {
            image::Rgb([(x * 7 % 251) as u8, (y * 13 % 241) as u8, ((x ^ y) % 255) as u8])
        });
        let mut png = Vec::new();
        noise.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        std::fs::create_dir_all(dir.path().join("public/images")).unwrap();
        std::fs::write(dir.path().join("public/images/cut.png"), &png[..png.len() / 2]).unwrap();
        let outcome = publish(dir.path(), Mode { keep_going: true, ..Mode::default() }).unwrap();
        let line = source.lines().position(|l| l.starts_with("![cut]")).unwrap() + 1;
        assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
        let problem = &outcome.problems[0];
        assert_eq!((problem.file.as_str(), problem.line), ("posts/a.md", line));
        assert!(problem.message.contains("images/cut.png") && problem.message.contains("does not decode"), "{problem}");
        assert_eq!(outcome.manifest.posts.len(), 2, "both posts are published");
        assert!(outcome.image_copies.is_empty());
    }

    fn located(problem: &Problem) -> String {
        format!("{}:{}: {}", problem.file, problem.line, problem.field.as_deref().unwrap_or(""))
    }

    #[test]
    fn a_translation_is_linked_to_its_original_in_the_manifest() {
        let outcome = translated(&[("posts/moon.md", &translation("en", "tsuki"))]);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        assert_eq!(outcome.manifest.post("moon").unwrap().translation_of.as_deref(), Some("tsuki"));
        assert_eq!(outcome.manifest.post("tsuki").unwrap().translation_of, None);
    }

    #[test]
    fn a_translation_of_an_unknown_slug_is_a_problem_at_its_line() {
        let outcome = translated(&[("posts/moon.md", &translation("en", "tsuk"))]);
        assert_eq!(outcome.problems.iter().map(located).collect::<Vec<_>>(), ["posts/moon.md:5: translation_of"]);
        assert!(outcome.problems[0].message.contains("`tsuk`"), "{}", outcome.problems[0].message);
        assert_eq!(outcome.manifest.post("moon").unwrap().translation_of, None, "the post stands alone");
    }

    #[test]
    fn a_post_naming_itself_as_its_original_is_a_problem() {
        let outcome = translated(&[("posts/moon.md", &translation("en", "moon"))]);
        assert_eq!(outcome.problems.iter().map(located).collect::<Vec<_>>(), ["posts/moon.md:5: translation_of"]);
    }

    #[test]
    fn a_translation_of_a_translation_is_a_problem_naming_the_original() {
        let outcome = translated(&[
            ("posts/moon.md", &translation("en", "tsuki")),
            ("posts/luna.md", &translation("es", "moon")),
        ]);
        assert_eq!(outcome.problems.iter().map(located).collect::<Vec<_>>(), ["posts/luna.md:5: translation_of"]);
        assert!(outcome.problems[0].message.contains("name `tsuki`"), "{}", outcome.problems[0].message);
        assert_eq!(outcome.manifest.post("moon").unwrap().translation_of.as_deref(), Some("tsuki"));
        assert_eq!(outcome.manifest.post("luna").unwrap().translation_of, None);
    }

    #[test]
    fn a_group_holds_each_language_once() {
        let outcome = translated(&[
            ("posts/moon.md", &translation("en", "tsuki")),
            ("posts/moon-2.md", &translation("en-GB", "tsuki")),
        ]);
        let found: Vec<String> = outcome.problems.iter().map(located).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with(":5: translation_of"), "{found:?}");
        let linked = ["moon", "moon-2"].iter().filter(|s| outcome.manifest.post(s).unwrap().translation_of.is_some());
        assert_eq!(linked.count(), 1, "one of the two stays the English version");

        let same_as_original = translated(&[("posts/tsuki-2.md", &translation("ja", "tsuki"))]);
        let found: Vec<String> = same_as_original.problems.iter().map(located).collect();
        assert_eq!(found, ["posts/tsuki-2.md:5: translation_of"]);
    }

    #[test]
    fn a_translation_of_a_draft_stands_alone_without_a_problem() {
        let draft = post("月", "2022-01-01", "lang: ja\ndraft: true\n", "月の話。");
        let files = [("posts/tsuki.md", draft.as_str()), ("posts/moon.md", &translation("en", "tsuki"))];
        let dir = site(&files);
        let release = publish_on(dir.path(), Mode::default(), day("2030-01-01")).unwrap();
        assert!(release.problems.is_empty(), "{:?}", release.problems);
        let slugs: Vec<&str> = release.manifest.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["moon"]);
        assert_eq!(release.manifest.post("moon").unwrap().translation_of, None);

        let dev =
            publish_on(dir.path(), Mode { drafts: true, keep_going: false, ..Mode::default() }, day("2030-01-01"))
                .unwrap();
        assert_eq!(dev.manifest.post("moon").unwrap().translation_of.as_deref(), Some("tsuki"), "shown with drafts");
    }
}
