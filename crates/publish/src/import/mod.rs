//! `fumi-publish import <source> <path>`: brings a blog's posts into `posts/`, keeping
//! what they say about themselves — slug, title, dates, tags, drafts — and the
//! addresses they had, so old links keep working.
//!
//! - **Zenn**: a Zenn repository's `articles/*.md`; Zenn's `/images/…` are copied into
//!   `public/images/`. **Qiita**: qiita-cli's `public/*.md`. Both are Markdown and come
//!   over as written (their `:::message` / `:::note` syntax stays text until fumi
//!   renders it).
//! - **Hatena Blog**: its export file ([`movable_type`]); each body is HTML, Hatena
//!   notation or Markdown ([`hatena`]), converted to Markdown.
//! - **WordPress**: its export file ([`wordpress`]), HTML bodies converted.
//!
//! With `--fetch-images`, remote images are downloaded into the site ([`images`]).
//! Old addresses (Hatena's `/entry/<basename>`, WordPress's permalinks) go into the
//! project's redirect map ([`crate::redirects`]), which the build turns into host
//! redirects. Nothing is lost without being said: the report lists every post found,
//! imported or skipped (and why), with the visible characters of each body before and
//! after, and the command fails when any post was dropped. A post already imported is
//! written again only if nobody has edited it since (`posts/.imported.json` keeps a
//! hash of what was written), unless `--overwrite` says so.

mod hatena;
mod hatena_notation;
mod html;
mod images;
mod movable_type;
mod wordpress;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use fumi_content::date::Date;
use fumi_content::{front_matter, slugify};
use serde::Deserialize;

/// Where the posts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Zenn,
    Qiita,
    Hatena,
    WordPress,
}

impl Source {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "zenn" => Some(Source::Zenn),
            "qiita" => Some(Source::Qiita),
            "hatena" => Some(Source::Hatena),
            "wordpress" => Some(Source::WordPress),
            _ => None,
        }
    }

    /// The folder of posts inside what the author points at (a Zenn repository, a
    /// qiita-cli folder), or that folder itself when it holds the posts directly.
    fn posts_dir(self, from: &Path) -> PathBuf {
        let inner = from.join(match self {
            Source::Qiita => "public",
            _ => "articles",
        });
        if inner.is_dir() {
            inner
        } else {
            from.to_owned()
        }
    }
}

/// What to import, and where to.
#[derive(Clone, Debug)]
pub struct Options {
    pub source: Source,
    pub from: PathBuf,
    /// The project root: posts go to `root/posts`, images to `root/public/images`.
    pub root: PathBuf,
    /// Write over posts edited since their import.
    pub overwrite: bool,
    /// Download remote images into the site and link to those copies.
    pub fetch_images: bool,
}

/// What an import did.
#[derive(Debug)]
pub struct Summary {
    pub entries: Vec<Entry>,
    /// Things in the source that are not posts, and were left out (WordPress pages).
    pub left_out: Vec<String>,
    /// Old addresses now in the redirect map.
    pub redirects: usize,
}

/// One post of the source and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Where it came from: its file, or the export and the line it starts on.
    pub file: String,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Imported {
        post: String,
        chars_before: usize,
        chars_after: usize,
        notes: Vec<String>,
    },
    /// Already imported, and the source has not changed.
    Unchanged {
        post: String,
    },
    Skipped {
        why: String,
    },
}

/// The front matter of a Zenn article.
#[derive(Deserialize)]
struct ZennMeta {
    title: String,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    published: Option<bool>,
    /// `2023-01-04 09:00` or `2023-01-04`.
    #[serde(default)]
    published_at: Option<String>,
}

/// The front matter of a qiita-cli article.
#[derive(Deserialize)]
struct QiitaMeta {
    title: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    private: bool,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default, rename = "ignorePublish")]
    ignore_publish: bool,
}

/// A post as fumi will hold it.
struct Converted {
    title: String,
    date: Date,
    updated: Option<Date>,
    tags: Vec<String>,
    draft: bool,
    body: String,
    notes: Vec<String>,
    /// Images to copy: (from, to), both absolute.
    images: Vec<(PathBuf, PathBuf)>,
}

/// A post found in the source, converted, not yet written.
struct Found {
    /// The slug the source gave it (file name, basename, post name).
    slug: String,
    /// The path it had on the old site, for the redirect map.
    old_path: Option<String>,
    chars_before: usize,
    post: Converted,
}

/// File where the import records a hash of each post it wrote.
pub const RECORD_FILE: &str = ".imported.json";

/// Imports every post of `options.from`; see the module's documentation.
pub fn import(options: &Options) -> Result<Summary, String> {
    let mut left_out = Vec::new();
    let found = match options.source {
        Source::Zenn | Source::Qiita => markdown_files(options)?,
        Source::Hatena => hatena_export(options)?,
        Source::WordPress => wordpress_export(options, &mut left_out)?,
    };
    let posts_dir = options.root.join(fumi_content::layout::POSTS_DIR);
    std::fs::create_dir_all(&posts_dir).map_err(|e| format!("{}: {e}", posts_dir.display()))?;
    let record_path = posts_dir.join(RECORD_FILE);
    let mut record: BTreeMap<String, String> = std::fs::read_to_string(&record_path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();

    let mut entries = Vec::new();
    let mut redirects = Vec::new();
    let mut taken = HashSet::new();
    let mut fetcher = options.fetch_images.then(images::Fetcher::new);
    for (file, found) in found {
        let outcome = found.and_then(|mut found| {
            found.slug = unique(&found.slug, &mut taken);
            if let Some(fetcher) = &mut fetcher {
                let (body, notes) = fetcher.localize(&found.post.body, &options.root);
                found.post.body = body;
                found.post.notes.extend(notes);
            }
            let outcome = write_post(options, &found, &posts_dir, &mut record)?;
            if let Some(old) = &found.old_path {
                redirects.push((old.clone(), format!("/posts/{}", found.slug)));
            }
            Ok(outcome)
        });
        entries.push(Entry { file, outcome: outcome.unwrap_or_else(|why| Outcome::Skipped { why }) });
    }
    let text = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
    std::fs::write(&record_path, text + "\n").map_err(|e| format!("{}: {e}", record_path.display()))?;
    let redirect_count = redirects.len();
    if !redirects.is_empty() {
        crate::redirects::add(&options.root, &redirects)?;
    }
    Ok(Summary { entries, left_out, redirects: redirect_count })
}

/// `slug`, or `slug-2`, `slug-3` … when an earlier post of this import took it.
fn unique(slug: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = slug.to_owned();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    candidate
}

/// One post of the source, named for the report (its file, or the export and a line),
/// converted or with the reason it could not be.
type Labelled = (String, Result<Found, String>);

/// Zenn and Qiita: a folder of Markdown files with front matter.
fn markdown_files(options: &Options) -> Result<Vec<Labelled>, String> {
    let dir = options.source.posts_dir(&options.from);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    Ok(files.into_iter().map(|path| (path.display().to_string(), markdown_file(options, &path))).collect())
}

fn markdown_file(options: &Options, path: &Path) -> Result<Found, String> {
    let source = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let source =
        String::from_utf8(source).map_err(|_| "not UTF-8 text (Zenn and Qiita files are UTF-8)".to_string())?;
    let slug = path.file_stem().and_then(|s| s.to_str()).ok_or("the file name is not UTF-8")?.to_owned();
    let split = front_matter::split(&source).map_err(|e| format!("line {}: {}", e.line, e.message))?;
    let post = match options.source {
        Source::Qiita => from_qiita(split.raw, split.body, path)?,
        _ => from_zenn(split.raw, split.body, path, options)?,
    };
    // Zenn and Qiita live on their own domains: no old path on this site to redirect.
    Ok(Found { slug, old_path: None, chars_before: visible_chars(split.body), post })
}

/// Reads an export file whole, decoding older Japanese encodings.
fn read_export(path: &Path) -> Result<(String, Option<&'static str>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    crate::text_encoding::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Hatena Blog: one Movable Type export file.
fn hatena_export(options: &Options) -> Result<Vec<Labelled>, String> {
    let (text, encoding) = read_export(&options.from)?;
    let name = options.from.display().to_string();
    let entries = movable_type::parse(&text);
    if entries.is_empty() {
        return Err(format!("{name}: no entries (is this a Hatena Blog export, in Movable Type format?)"));
    }
    Ok(entries
        .iter()
        .map(|entry| {
            let label = format!("{name}:{}", entry.line);
            let mut found = hatena_entry(entry);
            if let (Ok(found), Some(encoding)) = (&mut found, encoding) {
                found.post.notes.push(format!("the export was read as {encoding}"));
            }
            (label, found)
        })
        .collect())
}

fn hatena_entry(entry: &movable_type::Entry) -> Result<Found, String> {
    let title = entry.field("TITLE").filter(|t| !t.is_empty()).ok_or("no TITLE")?.to_owned();
    let date = movable_type::date(entry.field("DATE").ok_or("no DATE")?).map_err(|e| format!("DATE: {e}"))?;
    let basename = entry.field("BASENAME").filter(|b| !b.is_empty());
    let slug = slugify(basename.unwrap_or(&title));
    if slug.is_empty() {
        return Err("neither BASENAME nor TITLE has letters or digits to make a URL from".into());
    }
    let body = hatena::body(entry);
    let mut notes = entry.problems.clone();
    notes.push(format!("written in {}", body.mode.name()));
    notes.extend(body.notes);
    if basename.is_none() {
        notes.push("no BASENAME: slug made from the title, no old address to redirect".into());
    }
    let post = Converted {
        title,
        date,
        updated: None,
        tags: dedup_tags(entry.all("CATEGORY").into_iter().map(str::to_owned)),
        draft: entry.field("STATUS").is_some_and(|s| !s.eq_ignore_ascii_case("publish")),
        body: body.markdown,
        notes,
        images: Vec::new(),
    };
    Ok(Found { slug, old_path: basename.map(|b| format!("/entry/{b}")), chars_before: body.chars_before, post })
}

/// WordPress: one WXR export file.
fn wordpress_export(options: &Options, left_out: &mut Vec<String>) -> Result<Vec<Labelled>, String> {
    let (text, _) = read_export(&options.from)?;
    let name = options.from.display().to_string();
    let export = wordpress::parse(&text).map_err(|e| format!("{name}: {e}"))?;
    for (kind, count) in export.others {
        left_out.push(format!("{count} {kind} item(s): not posts"));
    }
    Ok(export.posts.iter().map(|item| (format!("{name}:{}", item.line), wordpress_item(item))).collect())
}

fn wordpress_item(item: &wordpress::Item) -> Result<Found, String> {
    if item.status == "trash" {
        return Err("in the trash".into());
    }
    let mut notes = Vec::new();
    let title = if item.title.is_empty() {
        notes.push("no title: named \"(untitled)\"".into());
        "(untitled)".to_owned()
    } else {
        item.title.clone()
    };
    // Drafts that were never published have no date (`0000-00-00 00:00:00`).
    let day = |at: &str| Date::parse(at.get(..10).unwrap_or(at)).ok();
    let date = match day(&item.date).or_else(|| item.modified.as_deref().and_then(day)) {
        Some(date) => date,
        None => return Err(format!("wp:post_date: {:?} is not a date", item.date)),
    };
    let updated = item.modified.as_deref().and_then(day).filter(|m| *m > date);
    let slug = Some(slugify(&item.post_name)).filter(|s| !s.is_empty()).unwrap_or_else(|| slugify(&title));
    if slug.is_empty() {
        return Err("neither wp:post_name nor the title has letters or digits to make a URL from".into());
    }
    let mut tags = Vec::new();
    for term in &item.terms {
        if term.domain == "category" && term.nicename == "uncategorized" {
            notes.push(format!("the default category {:?} left out", term.name));
        } else {
            tags.push(term.name.clone());
        }
    }
    let (html, shortcode_notes) = wordpress::expand_shortcodes(&item.content);
    notes.extend(shortcode_notes);
    let converted = html::to_markdown(&html::wordpress_paragraphs(&html));
    notes.extend(converted.notes);
    let old_path = item.link.as_deref().and_then(site_path);
    let post = Converted {
        title,
        date,
        updated,
        tags: dedup_tags(tags.into_iter()),
        draft: matches!(item.status.as_str(), "draft" | "pending" | "private" | "auto-draft"),
        body: converted.markdown,
        notes,
        images: Vec::new(),
    };
    // Measured on the body with its shortcodes expanded: `[code]` is code, and a
    // shortcode's attributes were never visible.
    Ok(Found { slug, old_path, chars_before: html::visible_chars(&html), post })
}

/// The path of an old address (`https://blog.example.jp/2021/03/x/` → `/2021/03/x/`),
/// if it is one a static host can answer: not the home page, no query string.
fn site_path(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &rest[rest.find('/')?..];
    let path = path.split('#').next().unwrap_or(path);
    // Kept decoded, as hosts look files up: `/2018/02/監視/`, not `%e7%9b%a3…`.
    (path != "/" && !path.contains('?'))
        .then(|| path.split('/').map(fumi_content::url::decode_segment).collect::<Vec<_>>().join("/"))
}

/// Tags in order, each once (compared as fumi compares tags: case-insensitively).
fn dedup_tags(tags: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    tags.filter(|t| !t.trim().is_empty() && seen.insert(t.to_lowercase())).collect()
}

fn write_post(
    options: &Options,
    found: &Found,
    posts_dir: &Path,
    record: &mut BTreeMap<String, String>,
) -> Result<Outcome, String> {
    let slug = &found.slug;
    let converted = &found.post;
    let text = fumi_post(converted);
    // What fumi will read must be a valid post, with the same visible text.
    front_matter::parse(&text).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        format!("the converted post does not validate: {}", messages.join("; "))
    })?;
    let chars_after = visible_chars(&converted.body);

    let target = posts_dir.join(format!("{slug}.md"));
    let written_hash = format!("{:016x}", crate::content_hash::fnv1a(text.as_bytes()));
    if let Ok(existing) = std::fs::read_to_string(&target) {
        let existing_hash = format!("{:016x}", crate::content_hash::fnv1a(existing.as_bytes()));
        if existing_hash == written_hash {
            return Ok(Outcome::Unchanged { post: format!("posts/{slug}.md") });
        }
        let edited = record.get(slug) != Some(&existing_hash);
        if edited && !options.overwrite {
            return Err(format!(
                "posts/{slug}.md exists and was edited after its import (or not imported): kept as it is; --overwrite replaces it"
            ));
        }
    }
    for (from, to) in &converted.images {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(from, to).map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    std::fs::write(&target, &text).map_err(|e| format!("{}: {e}", target.display()))?;
    record.insert(slug.clone(), written_hash);
    Ok(Outcome::Imported {
        post: format!("posts/{slug}.md"),
        chars_before: found.chars_before,
        chars_after,
        notes: converted.notes.clone(),
    })
}

fn from_zenn(raw: &str, body: &str, path: &Path, options: &Options) -> Result<Converted, String> {
    let meta: ZennMeta = serde_saphyr::from_str(raw).map_err(|e| format!("front matter: {e}"))?;
    let mut notes = Vec::new();
    // `2023-04-05 09:00`: the day is what fumi keeps.
    let day = meta.published_at.as_deref().map(|at| at.get(..10).unwrap_or(at));
    let date = dated(day, "published_at", path, &mut notes)?;
    // Zenn serves the repository's images/ at /images/; fumi serves public/images/ at
    // images/, relative to the site root (so sub-paths work).
    let mut images = Vec::new();
    let repo = options.from.clone();
    // Read as fumi will publish it: `![a](/images/x.png =250x)` is an image there.
    for url in fumi_content::markdown::image_urls(&crate::zenn_images::rewrite(body)) {
        if let Some(rest) = url.strip_prefix("/images/") {
            let from = repo.join("images").join(rest);
            if from.is_file() {
                images.push((from, options.root.join("public/images").join(rest)));
            } else {
                notes.push(format!("image {url} is not in {}/images", repo.display()));
            }
        }
    }
    let body = body.replace("](/images/", "](images/");
    let zenn_blocks = body.lines().filter(|line| line.trim_start().starts_with(":::")).count() / 2;
    if zenn_blocks > 0 {
        notes.push(format!("{zenn_blocks} Zenn block(s) (:::message, :::details), which fumi renders"));
    }
    Ok(Converted {
        title: meta.title,
        date,
        updated: None,
        tags: meta.topics,
        draft: meta.published == Some(false),
        body,
        notes,
        images,
    })
}

fn from_qiita(raw: &str, body: &str, path: &Path) -> Result<Converted, String> {
    let meta: QiitaMeta = serde_saphyr::from_str(raw).map_err(|e| format!("front matter: {e}"))?;
    let mut notes = Vec::new();
    let date = dated(meta.updated_at.as_deref().filter(|at| !at.trim().is_empty()), "updated_at", path, &mut notes)?;
    let note_blocks = body.lines().filter(|line| line.trim_start().starts_with(":::note")).count();
    if note_blocks > 0 {
        notes.push(format!("{note_blocks} Qiita :::note block(s), which fumi renders"));
    }
    Ok(Converted {
        title: meta.title,
        date,
        updated: None,
        tags: meta.tags,
        draft: meta.private || meta.ignore_publish,
        body: body.to_owned(),
        notes,
        images: Vec::new(),
    })
}

/// The post's date from the source's `field`, else the day the file last changed
/// (said in `notes`); a date that cannot be read is an error naming the field.
fn dated(value: Option<&str>, field: &str, path: &Path, notes: &mut Vec<String>) -> Result<Date, String> {
    match value.map(Date::parse) {
        Some(Ok(date)) => Ok(date),
        Some(Err(e)) => Err(format!("{field}: {}", e.0)),
        None => {
            notes.push(format!("no {field}: dated by the file's last change"));
            modified_day(path)
        }
    }
}

/// The day a file was last changed (UTC).
fn modified_day(path: &Path) -> Result<Date, String> {
    let modified =
        std::fs::metadata(path).and_then(|m| m.modified()).map_err(|e| format!("cannot date the file: {e}"))?;
    let seconds = modified.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Ok(Date::from_days_since_epoch((seconds / 86_400) as i64))
}

/// The post file fumi reads.
fn fumi_post(post: &Converted) -> String {
    // JSON strings are valid YAML double-quoted scalars, so quoting is exact.
    let quote = |s: &str| serde_json::to_string(s).expect("text serialises");
    let tags: Vec<String> = post.tags.iter().map(|t| quote(t)).collect();
    let mut text = format!("---\ntitle: {}\ndate: {}\n", quote(&post.title), post.date);
    if let Some(updated) = post.updated {
        text.push_str(&format!("updated: {updated}\n"));
    }
    if !tags.is_empty() {
        text.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if post.draft {
        text.push_str("draft: true\n");
    }
    text.push_str("---\n");
    text.push_str(&post.body);
    text
}

/// The letters and digits a reader sees of a Markdown body's prose (not code, not
/// markup, not punctuation, which each format writes its own way): what the report
/// compares before and after a conversion.
pub fn visible_chars(markdown: &str) -> usize {
    count_visible(&fumi_content::search::build::post_text(markdown).text)
}

/// The letters and digits of a text (any script).
fn count_visible(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// What the import did, one line per post, then the totals.
pub fn report(summary: &Summary) -> String {
    let entries = &summary.entries;
    let mut out = String::new();
    let (mut imported, mut unchanged, mut skipped) = (0, 0, 0);
    for entry in entries {
        match &entry.outcome {
            Outcome::Imported { post, chars_before, chars_after, notes } => {
                imported += 1;
                // Markup counts differently in each format; a tenth less is text lost.
                let check = if chars_after * 10 < chars_before * 9 { "  (text may be lost: check)" } else { "" };
                out.push_str(&format!(
                    "imported  {} → {post}  {chars_before} → {chars_after} chars{check}\n",
                    entry.file
                ));
                for note in notes {
                    out.push_str(&format!("          note: {note}\n"));
                }
            }
            Outcome::Unchanged { post } => {
                unchanged += 1;
                out.push_str(&format!("unchanged {} → {post}\n", entry.file));
            }
            Outcome::Skipped { why } => {
                skipped += 1;
                out.push_str(&format!("skipped   {}: {why}\n", entry.file));
            }
        }
    }
    for what in &summary.left_out {
        out.push_str(&format!("left out  {what}\n"));
    }
    if summary.redirects > 0 {
        out.push_str(&format!(
            "{} old address(es) in {}: the build redirects them to the posts\n",
            summary.redirects,
            crate::redirects::FILE
        ));
    }
    let posts = if entries.len() == 1 { "post" } else { "posts" };
    out.push_str(&format!(
        "{} {posts}: {imported} imported, {unchanged} unchanged, {skipped} skipped\n",
        entries.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, path: &str, text: &str) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn options(source: Source, from: &Path, root: &Path) -> Options {
        Options { source, from: from.to_owned(), root: root.to_owned(), overwrite: false, fetch_images: false }
    }

    fn post(root: &Path, slug: &str) -> front_matter::FrontMatter {
        let text = std::fs::read_to_string(root.join("posts").join(format!("{slug}.md"))).unwrap();
        front_matter::parse(&text).unwrap().front_matter
    }

    const ZENN: &str = "---\ntitle: \"EKS への移行で学んだこと\"\nemoji: \"🚀\"\ntype: \"tech\"\ntopics: [\"aws\", \"kubernetes\"]\npublished: true\npublished_at: 2023-04-05 09:00\n---\n\n移行の記録です。\n\n![構成図](/images/eks/arch.png)\n\n:::message\n注意点があります。\n:::\n";

    #[test]
    fn a_zenn_repository_comes_over_with_slugs_dates_topics_drafts_and_images() {
        let zenn = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        write(zenn.path(), "articles/eks-migration-notes.md", ZENN);
        write(
            zenn.path(),
            "articles/half-written.md",
            "---\ntitle: \"下書き\"\ntopics: []\npublished: false\n---\n本文。\n",
        );
        write(zenn.path(), "articles/broken.md", "---\ntitle: [unclosed\n---\n");
        write(zenn.path(), "images/eks/arch.png", "png");
        let entries = import(&options(Source::Zenn, zenn.path(), site.path())).unwrap().entries;

        let fm = post(site.path(), "eks-migration-notes");
        assert_eq!(fm.title, "EKS への移行で学んだこと");
        assert_eq!(fm.date, Date::parse("2023-04-05").unwrap());
        assert_eq!(fm.tags, ["aws", "kubernetes"]);
        assert!(!fm.draft);
        assert!(post(site.path(), "half-written").draft, "published: false is a draft");
        let body = std::fs::read_to_string(site.path().join("posts/eks-migration-notes.md")).unwrap();
        assert!(body.contains("![構成図](images/eks/arch.png)") && body.contains(":::message"), "{body}");
        assert_eq!(std::fs::read_to_string(site.path().join("public/images/eks/arch.png")).unwrap(), "png");

        let imported = entries.iter().find(|e| e.file.ends_with("eks-migration-notes.md")).unwrap();
        match &imported.outcome {
            Outcome::Imported { chars_before, chars_after, notes, .. } => {
                assert_eq!(chars_before, chars_after, "no visible text lost");
                assert!(*chars_before > 10);
                assert!(notes.iter().any(|n| n.contains("Zenn block")), "{notes:?}");
            }
            other => panic!("{other:?}"),
        }
        let broken = entries.iter().find(|e| e.file.ends_with("broken.md")).unwrap();
        assert!(matches!(&broken.outcome, Outcome::Skipped { why } if why.contains("front matter")), "{broken:?}");
        let report = report(&Summary { entries, left_out: vec![], redirects: 0 });
        assert!(report.ends_with("3 posts: 2 imported, 0 unchanged, 1 skipped\n"), "{report}");
    }

    #[test]
    fn an_unreadable_date_or_encoding_is_skipped_with_why_and_a_missing_date_is_noted() {
        let zenn = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        write(zenn.path(), "articles/bad-date.md", "---\ntitle: x\npublished_at: someday\n---\nbody\n");
        write(zenn.path(), "articles/no-date.md", "---\ntitle: x\n---\nbody\n");
        std::fs::write(zenn.path().join("articles/sjis.md"), b"---\ntitle: \x93\xfa\x96\x7b\n---\n").unwrap();
        let entries = import(&options(Source::Zenn, zenn.path(), site.path())).unwrap().entries;
        let outcome = |name: &str| entries.iter().find(|e| e.file.ends_with(name)).unwrap().outcome.clone();
        assert!(matches!(outcome("bad-date.md"), Outcome::Skipped { why } if why.starts_with("published_at:")));
        assert!(matches!(outcome("sjis.md"), Outcome::Skipped { why } if why.contains("not UTF-8")));
        assert!(
            matches!(outcome("no-date.md"), Outcome::Imported { notes, .. } if notes.iter().any(|n| n.contains("no published_at")))
        );
    }

    #[test]
    fn qiita_cli_files_keep_their_tags_and_private_ones_are_drafts() {
        let qiita = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        write(
            qiita.path(),
            "public/terraform-state.md",
            "---\ntitle: Terraform の state を分ける\ntags:\n  - Terraform\n  - AWS\nprivate: false\nupdated_at: '2022-06-21T10:00:00+09:00'\nid: 0123abcd\norganization_url_name: null\nslide: false\nignorePublish: false\n---\n# はじめに\n\n:::note info\n補足です。\n:::\n",
        );
        write(
            qiita.path(),
            "public/secret.md",
            "---\ntitle: Limited\ntags: []\nprivate: true\nupdated_at: '2022-01-02T00:00:00+09:00'\n---\nBody.\n",
        );
        let entries = import(&options(Source::Qiita, qiita.path(), site.path())).unwrap().entries;
        assert!(entries.iter().all(|e| matches!(e.outcome, Outcome::Imported { .. })), "{entries:?}");
        let fm = post(site.path(), "terraform-state");
        assert_eq!(
            (fm.title.as_str(), fm.tags.clone()),
            ("Terraform の state を分ける", vec!["Terraform".to_owned(), "AWS".into()])
        );
        assert_eq!(fm.date, Date::parse("2022-06-21").unwrap());
        assert!(post(site.path(), "secret").draft, "a private article stays private");
    }

    #[test]
    fn importing_again_leaves_edited_posts_alone_unless_told() {
        let zenn = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        write(zenn.path(), "articles/eks-migration-notes.md", ZENN);
        write(zenn.path(), "images/eks/arch.png", "png");
        let opts = options(Source::Zenn, zenn.path(), site.path());
        import(&opts).unwrap();
        let again = import(&opts).unwrap().entries;
        assert!(matches!(again[0].outcome, Outcome::Unchanged { .. }), "{again:?}");

        // The source changes: the untouched import follows it.
        write(
            zenn.path(),
            "articles/eks-migration-notes.md",
            &ZENN.replace("移行の記録です。", "移行の記録です（改訂）。"),
        );
        assert!(matches!(import(&opts).unwrap().entries[0].outcome, Outcome::Imported { .. }));

        // The author edits the imported post: a new import keeps the edit.
        let target = site.path().join("posts/eks-migration-notes.md");
        let edited = std::fs::read_to_string(&target).unwrap() + "\n追記しました。\n";
        std::fs::write(&target, &edited).unwrap();
        write(zenn.path(), "articles/eks-migration-notes.md", ZENN);
        let kept = import(&opts).unwrap().entries;
        assert!(matches!(&kept[0].outcome, Outcome::Skipped { why } if why.contains("--overwrite")), "{kept:?}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), edited);
        let replaced = import(&Options { overwrite: true, ..opts }).unwrap().entries;
        assert!(matches!(replaced[0].outcome, Outcome::Imported { .. }));
        assert!(!std::fs::read_to_string(&target).unwrap().contains("追記しました"));
    }
}
