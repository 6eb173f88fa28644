//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a post.
//!
//! Parsing reports every problem it finds at once, each with the line and field, so
//! an author fixes a post in one pass. Only the publishing tool parses front matter;
//! the browser receives the result as JSON.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::date::Date;
use crate::slug::{is_slug, slugify};

/// A problem with a post's front matter: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// 1-based line in the post file.
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

/// The fields of a post's front matter, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub lang: Option<String>,
    pub slug: Option<String>,
    /// Posts sharing a series name are shown together, oldest first.
    pub series: Option<String>,
    /// The slug of the post this one translates (see [`crate::translations`]).
    pub translation_of: Option<String>,
    /// The post's own link-preview image instead of a drawn one: a path below the
    /// site root (`images/cover.png`, no leading slash) or an `https://` URL.
    pub image: Option<String>,
    /// Ids of the site's `[authors]`, from `author:` (one) or `authors:` (a list).
    pub authors: Vec<String>,
}

/// A parsed post: its front matter and its Markdown body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedPost<'a> {
    pub front_matter: FrontMatter,
    pub body: &'a str,
    /// Problems that do not stop publishing (an unknown field, say).
    pub warnings: Vec<FieldError>,
    /// Line of the post file holding `date:`, for messages about the date.
    pub date_line: usize,
    /// Line holding `translation_of:` (1 when absent), for messages about it.
    pub translation_line: usize,
    /// Line holding `image:` (1 when absent), for messages about the file it names.
    pub image_line: usize,
    /// Line holding `author:` or `authors:` (1 when absent), for an unknown author.
    pub authors_line: usize,
    /// Line holding `slug:` (1 when absent).
    pub slug_line: usize,
    /// Whether the front matter gave a date: only a page may go without one.
    pub dated: bool,
}

impl ParsedPost<'_> {
    /// A warning when the post is dated after `today`: it is scheduled, and a release
    /// build leaves it out until then. Drafts are never published, so they get none.
    pub fn schedule_warning(&self, today: Date) -> Option<FieldError> {
        let fm = &self.front_matter;
        (fm.date > today && !fm.draft).then(|| {
            error(
                self.date_line,
                Some("date"),
                format!(
                    "{} is in the future (today is {today}): scheduled, the post appears in release builds made from {} on",
                    fm.date, fm.date
                ),
            )
        })
    }
}

/// Fields fumi reads; anything else earns a warning (likely a typo).
pub const KNOWN_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "tags",
    "summary",
    "draft",
    "lang",
    "slug",
    "series",
    "translation_of",
    "image",
    "author",
    "authors",
];

/// How a post's front matter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

/// The raw front matter and the body, with line numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    pub raw: &'a str,
    /// Line of the post file on which `raw` starts.
    pub raw_line: usize,
    pub body: &'a str,
}

fn error(line: usize, field: Option<&str>, message: impl Into<String>) -> FieldError {
    FieldError { line, field: field.map(one_line), message: one_line(&message.into()) }
}

/// Problems are shown one per line (`file:line: field: message`), so control
/// characters quoted from the post — the newline of a multi-line string — are written
/// as escapes (found by tests/properties.rs).
fn one_line(text: &str) -> String {
    if !text.contains(char::is_control) {
        return text.to_owned();
    }
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

pub fn split(source: &str) -> Result<Split<'_>, FieldError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let first_line_end = source.find('\n').map_or(source.len(), |i| i + 1);
    let format = match source[..first_line_end].trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Err(error(
                1,
                None,
                "missing front matter: a post must start with a `---` line, then `title:` and `date:`, then `---`",
            ))
        }
    };
    let fence = if format == Format::Yaml { "---" } else { "+++" };
    let mut offset = first_line_end;
    for line in source[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Ok(Split {
                format,
                raw: &source[first_line_end..offset],
                raw_line: 2,
                body: &source[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(error(1, None, format!("front matter opened on line 1 is never closed: add a `{fence}` line after it")))
}

/// Parses the front matter of a post file and returns it with the body.
///
/// On failure returns every problem found, in line order.
pub fn parse(source: &str) -> Result<ParsedPost<'_>, Vec<FieldError>> {
    parse_as(source, true)
}

/// Parses a page (`pages/about.md`): a post's front matter, where the date may be left
/// out (the page is then dated 1970-01-01, and `dated` is false).
pub fn parse_page(source: &str) -> Result<ParsedPost<'_>, Vec<FieldError>> {
    parse_as(source, false)
}

fn parse_as(source: &str, date_required: bool) -> Result<ParsedPost<'_>, Vec<FieldError>> {
    let split = split(source).map_err(|e| vec![e])?;
    let map = match split.format {
        Format::Yaml => parse_yaml(split.raw, split.raw_line),
        Format::Toml => parse_toml(split.raw, split.raw_line),
    }
    .map_err(|e| vec![e])?;
    let lines = FieldLines::new(split.raw, split.raw_line, split.format);
    let line_of = |field: &str| lines.line_of(field);

    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let title = match map.get("title") {
        None => {
            errors.push(error(1, Some("title"), "missing: every post needs a title, e.g. `title: \"My first post\"`"));
            None
        }
        Some(v) => match scalar_text(v) {
            Some(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
            Some(_) => {
                errors.push(error(line_of("title"), Some("title"), "is empty"));
                None
            }
            None => {
                errors.push(error(line_of("title"), Some("title"), format!("expected text, found {}", kind(v))));
                None
            }
        },
    };

    let date_field = |field: &str, required: bool, errors: &mut Vec<FieldError>| -> Option<Date> {
        match map.get(field) {
            None if required => {
                errors.push(error(1, Some(field), "missing: every post needs a date, e.g. `date: 2021-01-04`"));
                None
            }
            None => None,
            Some(Value::String(s)) => {
                Date::parse(s).map_err(|e| errors.push(error(line_of(field), Some(field), e.0))).ok()
            }
            Some(v) => {
                errors.push(error(
                    line_of(field),
                    Some(field),
                    format!("expected a date like 2021-01-04, found {}", kind(v)),
                ));
                None
            }
        }
    };
    let date = date_field("date", date_required, &mut errors);
    let dated = date.is_some();
    let updated = date_field("updated", false, &mut errors);
    if let (Some(date), Some(updated)) = (date, updated) {
        if updated < date {
            warnings.push(error(
                line_of("updated"),
                Some("updated"),
                format!("{updated} is before the post's date {date}"),
            ));
        }
    }

    let tags = match map.get("tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let mut tags = Vec::new();
            for item in items {
                match scalar_text(item) {
                    Some(t) if !t.trim().is_empty() => tags.push(t.trim().to_owned()),
                    _ => errors.push(error(
                        line_of("tags"),
                        Some("tags"),
                        format!("each tag must be text, found {}", kind(item)),
                    )),
                }
            }
            tags
        }
        Some(v) => {
            errors.push(error(
                line_of("tags"),
                Some("tags"),
                format!("expected a list like [kubernetes, aws], found {}", kind(v)),
            ));
            Vec::new()
        }
    };

    let optional_text = |field: &str, errors: &mut Vec<FieldError>| -> Option<String> {
        match map.get(field) {
            None | Some(Value::Null) => None,
            Some(v) => match scalar_text(v) {
                Some(t) => Some(t.trim().to_owned()),
                None => {
                    errors.push(error(line_of(field), Some(field), format!("expected text, found {}", kind(v))));
                    None
                }
            },
        }
    };
    let summary = optional_text("summary", &mut errors);
    if summary.as_deref() == Some("") {
        warnings.push(error(line_of("summary"), Some("summary"), "is empty; an excerpt of the body is used instead"));
    }
    let summary = summary.filter(|s| !s.is_empty());

    let lang = optional_text("lang", &mut errors);
    if let Some(l) = &lang {
        if !is_language_tag(l) {
            errors.push(error(
                line_of("lang"),
                Some("lang"),
                format!("`{l}` is not a language tag; expected e.g. `ja` or `en-US`"),
            ));
        }
    }

    let series = optional_text("series", &mut errors).filter(|s| !s.is_empty());
    let translation_of = optional_text("translation_of", &mut errors).filter(|s| !s.is_empty());
    if let Some(s) = &translation_of {
        if !is_slug(s) {
            errors.push(error(
                line_of("translation_of"),
                Some("translation_of"),
                format!("`{s}` is not a post's slug; name the post this one translates, e.g. `moving-to-eks-team`"),
            ));
        }
    }
    let slug = optional_text("slug", &mut errors);
    if let Some(s) = &slug {
        if !is_slug(s) {
            let hint = slugify(s);
            let message = if hint.is_empty() {
                format!("`{s}` has no letters or digits to make a URL from")
            } else {
                format!("`{s}` is not URL-safe; try `{hint}`")
            };
            errors.push(error(line_of("slug"), Some("slug"), message));
        }
    }

    let authors = match (map.get("author"), map.get("authors")) {
        (None | Some(Value::Null), None | Some(Value::Null)) => Vec::new(),
        (Some(_), Some(_)) => {
            errors.push(error(line_of("authors"), Some("authors"), "give `author:` or `authors:`, not both"));
            Vec::new()
        }
        (Some(v), _) | (_, Some(v)) => {
            let field = if map.contains_key("author") { "author" } else { "authors" };
            let items = match v {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            let mut ids = Vec::new();
            for item in items {
                match scalar_text(item) {
                    Some(id) if !id.trim().is_empty() => ids.push(id.trim().to_owned()),
                    _ => errors.push(error(
                        line_of(field),
                        Some(field),
                        format!("expected the id of an author in fumi.toml's [authors], found {}", kind(item)),
                    )),
                }
            }
            ids
        }
    };

    let image = optional_text("image", &mut errors).filter(|s| !s.is_empty()).and_then(|value| {
        preview_image(&value).map_err(|message| errors.push(error(line_of("image"), Some("image"), message))).ok()
    });

    let draft = match map.get("draft") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(v) => {
            errors.push(error(line_of("draft"), Some("draft"), format!("expected true or false, found {}", kind(v))));
            false
        }
    };

    for key in map.keys() {
        if !KNOWN_FIELDS.contains(&key.as_str()) {
            warnings.push(error(
                line_of(key),
                Some(key),
                format!("unknown field, ignored (fumi reads: {})", KNOWN_FIELDS.join(", ")),
            ));
        }
    }

    let date = if date_required { date } else { date.or(Some(Date { year: 1970, month: 1, day: 1 })) };
    match (title, date) {
        (Some(title), Some(date)) if errors.is_empty() => Ok(ParsedPost {
            front_matter: FrontMatter {
                title,
                date,
                updated,
                tags,
                summary,
                draft,
                lang,
                slug,
                series,
                translation_of,
                image,
                authors,
            },
            body: split.body,
            warnings,
            date_line: line_of("date"),
            translation_line: line_of("translation_of"),
            image_line: line_of("image"),
            authors_line: if map.contains_key("author") { line_of("author") } else { line_of("authors") },
            slug_line: line_of("slug"),
            dated,
        }),
        _ => {
            errors.sort_by_key(|e| e.line);
            Err(errors)
        }
    }
}

fn parse_yaml(raw: &str, raw_line: usize) -> Result<Map<String, Value>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_saphyr::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => {
            Err(error(raw_line, None, format!("front matter must be `key: value` lines, found {}", kind(&other))))
        }
        Err(e) => {
            let message = first_line(&e.to_string());
            let reason = without_yaml_location(&message);
            // Counted again from the byte where the parser stopped: YAML also breaks
            // lines at a lone `\r`, so its own line numbers can run past the file's
            // (found by tests/properties.rs).
            let location = e.location();
            let offset = location.and_then(|l| match l.span().byte_offset() {
                Some(byte) => usize::try_from(byte).ok(),
                // A count of characters, which may point just past the last one.
                None => {
                    raw.char_indices().map(|(i, _)| i).chain([raw.len()]).nth(usize::try_from(l.span().offset()).ok()?)
                }
            });
            let at = offset.and_then(|offset| position(raw, raw_line, offset)).or_else(|| {
                // No offset: the parser's own line, kept within the front matter.
                let l = location.filter(|l| l.line() > 0)?;
                let line = usize::try_from(l.line() - 1).ok()?.min(raw.lines().count());
                Some((raw_line + line, usize::try_from(l.column()).ok()?.max(1)))
            });
            match at {
                Some((line, column)) => Err(error(line, None, format!("invalid YAML at column {column}: {reason}"))),
                None => Err(error(raw_line, None, format!("invalid YAML: {reason}"))),
            }
        }
    }
}

/// The line of the post file and the column (in characters, from 1) of byte `offset`
/// of the front matter, if it is a position in it.
fn position(raw: &str, raw_line: usize, offset: usize) -> Option<(usize, usize)> {
    let before = raw.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((raw_line + before.matches('\n').count(), before[line_start..].chars().count() + 1))
}

fn parse_toml(raw: &str, raw_line: usize) -> Result<Map<String, Value>, FieldError> {
    match raw.parse::<toml::Table>() {
        Ok(table) => match toml_to_json(toml::Value::Table(table)) {
            Value::Object(map) => Ok(map),
            _ => unreachable!("a table converts to an object"),
        },
        Err(e) => {
            let reason = first_line(e.message());
            match e.span().and_then(|s| position(raw, raw_line, s.start)) {
                Some((line, column)) => Err(error(line, None, format!("invalid TOML at column {column}: {reason}"))),
                None => Err(error(raw_line, None, format!("invalid TOML: {reason}"))),
            }
        }
    }
}

/// TOML dates become their text, which [`Date::parse`] then reads like YAML's.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// serde-saphyr's message without its positions (`error: line 1 column 8: …`,
/// `… at line 6, column 6`): they count from the start of the front matter, not of
/// the file, and the message says the file's line and column already.
fn without_yaml_location(message: &str) -> &str {
    let numbers = |text: &str, separator: &str| {
        text.split_once(separator)
            .is_some_and(|(l, c)| [l, c].iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
    };
    let mut message = message.strip_prefix("error: ").unwrap_or(message);
    if let Some((position, reason)) = message.split_once(": ") {
        if position.strip_prefix("line ").is_some_and(|p| numbers(p, " column ")) {
            message = reason;
        }
    }
    if let Some((reason, position)) = message.rsplit_once(" at line ") {
        if numbers(position, ", column ") {
            message = reason;
        }
    }
    message
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}

/// Text of a scalar; numbers count (a title may be `2024`), lists and maps do not.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a nested map",
    }
}

/// Where each top-level field is set, found in one reading of the front matter: a
/// post with thousands of fields (each an "unknown field" warning) or of bad tags
/// would otherwise be read once per message, quadratic in its length.
struct FieldLines<'a> {
    raw: &'a str,
    raw_line: usize,
    format: Format,
    /// Per line, its text before the first `:` (YAML) or `=` (TOML), spaces trimmed:
    /// the first line holding each.
    first: HashMap<&'a str, usize>,
}

impl<'a> FieldLines<'a> {
    fn new(raw: &'a str, raw_line: usize, format: Format) -> Self {
        let mut first = HashMap::new();
        for (i, line) in raw.lines().enumerate() {
            if let Some(at) = line.find(separator(format)) {
                first.entry(line[..at].trim_end_matches([' ', '\t'])).or_insert(raw_line + i);
            }
        }
        FieldLines { raw, raw_line, format, first }
    }

    /// Line of the post file where top-level `field` is set, or line 1 if it is not.
    fn line_of(&self, field: &str) -> usize {
        // The index answers exactly as [`field_line`] would, except for names with a
        // separator in them or spaces at their end (quoted keys), read for line by line.
        if field.contains(separator(self.format)) || field.ends_with([' ', '\t']) {
            return field_line(self.raw, self.raw_line, self.format, field);
        }
        self.first.get(field).copied().unwrap_or(1)
    }
}

fn separator(format: Format) -> char {
    match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    }
}

/// Line of the post file where top-level `field` is set, or line 1 if it is not.
fn field_line(raw: &str, raw_line: usize, format: Format, field: &str) -> usize {
    raw.lines()
        .position(|line| {
            let Some(rest) = line.strip_prefix(field) else {
                return false;
            };
            let rest = rest.trim_start_matches([' ', '\t']);
            match format {
                Format::Yaml => rest.starts_with(':'),
                Format::Toml => rest.starts_with('='),
            }
        })
        .map_or(1, |i| raw_line + i)
}

/// An `image:` value as the manifest carries it: an `https://` URL as written, or a
/// path below the site root (a leading `/` dropped) that needs no escaping in a URL
/// and names a format link previews show.
fn preview_image(value: &str) -> Result<String, String> {
    const EXAMPLE: &str = "e.g. `images/cover.png` (in public/) or `https://example.com/cover.png`";
    if let Some(rest) = value.strip_prefix("https://") {
        if rest.is_empty() || rest.starts_with('/') || value.contains(|c: char| c.is_whitespace() || c.is_control()) {
            return Err(format!("`{value}` is not a usable address; {EXAMPLE}"));
        }
        return Ok(value.to_owned());
    }
    if value.starts_with("//") || value.split('/').next().is_some_and(|first| first.contains(':')) {
        return Err(format!("`{value}`: link previews are fetched over https; {EXAMPLE}"));
    }
    let path = value.strip_prefix('/').unwrap_or(value);
    if let Some(c) = path.chars().find(|c| c.is_whitespace() || c.is_control() || "?#%\\\"<>".contains(*c)) {
        return Err(format!("`{value}` has {c:?} in it; name the file without it, {EXAMPLE}"));
    }
    if path.split('/').any(|segment| matches!(segment, "" | "." | "..")) {
        return Err(format!("`{value}` is not a path below the site root; {EXAMPLE}"));
    }
    if crate::layout::is_drawn_preview(path) {
        return Err(format!(
            "`{}/` holds the preview images fumi draws; keep your own elsewhere",
            crate::layout::PREVIEWS_DIR
        ));
    }
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !matches!(extension.as_str(), "png" | "jpg" | "jpeg" | "webp" | "gif") {
        return Err(format!("`{value}`: link previews show PNG, JPEG, WebP or GIF images; {EXAMPLE}"));
    }
    Ok(path.to_owned())
}

/// A loose BCP 47 check: a 2–3 letter language, then alphanumeric subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(source: &str) -> Vec<FieldError> {
        parse(source).expect_err("should fail")
    }

    #[test]
    fn parses_a_complete_yaml_front_matter() {
        let post = parse(
            "---\ntitle: \"Amazon EKS の開発チームに移ります\"\ndate: 2021-01-04\ntags: [career, aws, kubernetes]\nsummary: 要約\nupdated: 2021-02-01\ndraft: true\nlang: ja\nslug: moving-to-eks\nseries: 基盤チーム日誌\n---\n本文です。\n",
        )
        .unwrap();
        let fm = post.front_matter;
        assert_eq!(fm.title, "Amazon EKS の開発チームに移ります");
        assert_eq!(fm.date.to_string(), "2021-01-04");
        assert_eq!(fm.updated.unwrap().to_string(), "2021-02-01");
        assert_eq!(fm.tags, ["career", "aws", "kubernetes"]);
        assert_eq!(fm.summary.as_deref(), Some("要約"));
        assert!(fm.draft);
        assert_eq!(fm.lang.as_deref(), Some("ja"));
        assert_eq!(fm.slug.as_deref(), Some("moving-to-eks"));
        assert_eq!(fm.series.as_deref(), Some("基盤チーム日誌"));
        assert_eq!(post.body, "本文です。\n");
        assert!(post.warnings.is_empty());
    }

    #[test]
    fn parses_toml_front_matter_with_native_dates() {
        let post = parse("+++\ntitle = \"TOML post\"\ndate = 2021-01-04\ntags = [\"a\", \"b\"]\n+++\nBody\n").unwrap();
        assert_eq!(post.front_matter.date.to_string(), "2021-01-04");
        assert_eq!(post.front_matter.tags, ["a", "b"]);
        assert_eq!(post.body, "Body\n");
    }

    #[test]
    fn accepts_rfc3339_dates_and_japanese_tags() {
        let post =
            parse("---\ntitle: t\ndate: 2021-01-04T09:00:00+09:00\ntags:\n  - コンテナ\n  - 機械学習\n---\n").unwrap();
        assert_eq!(post.front_matter.date.to_string(), "2021-01-04");
        assert_eq!(post.front_matter.tags, ["コンテナ", "機械学習"]);
    }

    #[test]
    fn missing_front_matter_is_reported_on_line_1() {
        let errs = errors("# Just markdown\n");
        assert_eq!(errs[0].line, 1);
        assert!(errs[0].message.contains("missing front matter"), "{errs:?}");
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let errs = errors("---\ntitle: t\ndate: 2021-01-01\nbody text\n");
        assert!(errs[0].message.contains("never closed"), "{errs:?}");
    }

    #[test]
    fn missing_required_fields_are_all_reported() {
        let errs = errors("---\ntags: [a]\n---\n");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_deref().unwrap()).collect();
        assert_eq!(fields, ["title", "date"]);
    }

    #[test]
    fn bad_date_names_its_line_and_field() {
        let errs = errors("---\ntitle: ok\ndate: 2021-02-30\n---\n");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
        assert_eq!(errs[0].field.as_deref(), Some("date"));
        assert!(errs[0].message.contains("28 days"), "{errs:?}");
    }

    #[test]
    fn every_problem_is_reported_at_once_in_line_order() {
        let errs = errors("---\ntitle: [not, text]\ndate: yesterday\ntags: kubernetes\ndraft: maybe\nlang: 日本語\nslug: Not A Slug\n---\n");
        let found: Vec<_> = errs.iter().map(|e| (e.line, e.field.as_deref().unwrap())).collect();
        assert_eq!(found, [(2, "title"), (3, "date"), (4, "tags"), (5, "draft"), (6, "lang"), (7, "slug")]);
        assert!(errs[5].message.contains("try `not-a-slug`"), "{errs:?}");
    }

    #[test]
    fn yaml_syntax_errors_carry_the_file_line() {
        let errs = errors("---\ntitle: ok\ndate: 2021-01-01\ntags: [a, b\n---\n");
        assert!(errs[0].message.starts_with("invalid YAML"), "{errs:?}");
        assert!((4..=5).contains(&errs[0].line), "{errs:?}");
    }

    #[test]
    fn toml_syntax_errors_carry_the_file_line() {
        let errs = errors("+++\ntitle = \"ok\"\ndate = = 2021\n+++\n");
        assert!(errs[0].message.starts_with("invalid TOML"), "{errs:?}");
        assert_eq!(errs[0].line, 3, "{errs:?}");
    }

    #[test]
    fn unknown_fields_and_odd_dates_are_warnings_not_errors() {
        let post =
            parse("---\ntitle: t\ndate: 2021-02-01\nupdated: 2021-01-01\ncategory: x\nsummary: \"\"\n---\n").unwrap();
        let fields: Vec<_> = post.warnings.iter().map(|w| (w.line, w.field.as_deref().unwrap())).collect();
        assert!(fields.contains(&(4, "updated")), "{fields:?}");
        assert!(fields.contains(&(5, "category")), "{fields:?}");
        assert!(fields.contains(&(6, "summary")), "{fields:?}");
        assert_eq!(post.front_matter.summary, None);
    }

    #[test]
    fn a_future_date_is_a_schedule_warning_naming_the_day_it_appears() {
        let post = parse("---\ntitle: t\nsummary: s\ndate: 2031-05-06\n---\n").unwrap();
        let today = Date::parse("2030-01-01").unwrap();
        let warning = post.schedule_warning(today).expect("scheduled");
        assert_eq!((warning.line, warning.field.as_deref()), (4, Some("date")));
        assert!(warning.message.contains("2031-05-06 on"), "{warning:?}");
        assert!(warning.message.contains("today is 2030-01-01"), "{warning:?}");
        assert_eq!(post.schedule_warning(Date::parse("2031-05-06").unwrap()), None, "due today");
        let draft = parse("---\ntitle: t\ndate: 2031-05-06\ndraft: true\n---\n").unwrap();
        assert_eq!(draft.schedule_warning(today), None, "drafts are not scheduled");
    }

    #[test]
    fn a_post_may_name_its_own_preview_image() {
        let image = |value: &str| {
            parse(&format!("---\ntitle: t\ndate: 2021-01-01\nimage: {value}\n---\n")).map(|p| p.front_matter.image)
        };
        assert_eq!(image("images/cover.png"), Ok(Some("images/cover.png".into())));
        assert_eq!(image("/images/表紙.JPG"), Ok(Some("images/表紙.JPG".into())), "below the site root");
        assert_eq!(image("https://cdn.example.com/og?id=3"), Ok(Some("https://cdn.example.com/og?id=3".into())));
        assert_eq!(image("\"\""), Ok(None));
        let post = parse("---\ntitle: t\ndate: 2021-01-01\nimage: a.webp\n---\n").unwrap();
        assert_eq!(post.image_line, 4);
        assert!(post.warnings.is_empty(), "a known field: {:?}", post.warnings);
    }

    #[test]
    fn a_preview_image_that_cannot_serve_is_an_error_at_its_line() {
        for (value, says) in [
            ("http://example.com/a.png", "https"),
            ("//example.com/a.png", "https"),
            ("images/diagram.svg", "PNG, JPEG"),
            ("images/../../secret.png", "below the site root"),
            ("\"images/my cover.png\"", "' '"),
            ("previews/a-0123456789abcdef.png", "fumi draws"),
            ("[a.png]", "expected text"),
        ] {
            let errs = errors(&format!("---\ntitle: t\ndate: 2021-01-01\nimage: {value}\n---\n"));
            assert_eq!(errs.len(), 1, "{value}: {errs:?}");
            assert_eq!((errs[0].line, errs[0].field.as_deref()), (4, Some("image")), "{value}");
            assert!(errs[0].message.contains(says), "{value}: {}", errs[0].message);
        }
    }

    #[test]
    fn numeric_titles_are_text() {
        let post = parse("---\ntitle: 2024\ndate: 2024-01-01\n---\n").unwrap();
        assert_eq!(post.front_matter.title, "2024");
    }

    #[test]
    fn byte_order_mark_and_crlf_are_tolerated() {
        let post = parse("\u{feff}---\r\ntitle: t\r\ndate: 2021-01-01\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(post.front_matter.title, "t");
        assert_eq!(post.body, "Body\r\n");
    }

    // Pathological front matter: the parser ends, soon, with messages that say where.

    /// The single error of `source`, checked to name a line of the file.
    fn only_error(source: &str) -> FieldError {
        let errs = errors(source);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!((1..=source.lines().count()).contains(&errs[0].line), "{errs:?}");
        errs[0].clone()
    }

    #[test]
    fn lone_surrogate_escapes_are_errors_at_their_column() {
        for (source, column) in [
            ("---\ntitle: \"a\\ud800b\"\ndate: 2021-01-01\n---\n", 8),
            ("---\ntitle: \"\\udc00\"\ndate: 2021-01-01\n---\n", 8),
            ("---\n\"\\ud800\": x\ntitle: t\ndate: 2021-01-01\n---\n", 1),
            ("+++\ntitle = \"a\\ud800b\"\ndate = 2021-01-01\n+++\n", 13),
            ("+++\ntitle = \"\\U0000DFFF\"\ndate = 2021-01-01\n+++\n", 12),
        ] {
            let e = only_error(source);
            assert_eq!(e.line, 2, "{source:?}: {e:?}");
            assert!(e.message.contains(&format!(" at column {column}: ")), "{source:?}: {e:?}");
            assert!(!e.message.contains("line 1"), "the front matter's own line numbers leak: {e:?}");
        }
        // A proper pair is one character.
        let post = parse("---\ntitle: \"\\ud83d\\ude00\"\ndate: 2021-01-01\n---\n").unwrap();
        assert_eq!(post.front_matter.title, "😀");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = 100_000;
        for source in [
            format!("---\ntitle: t\ndate: 2021-01-01\nx: {}{}\n---\n", "[".repeat(deep), "]".repeat(deep)),
            format!("---\ntitle: t\ndate: 2021-01-01\nx: {}1{}\n---\n", "{a: ".repeat(deep), "}".repeat(deep)),
            format!("+++\ntitle = \"t\"\ndate = 2021-01-01\nx = {}{}\n+++\n", "[".repeat(deep), "]".repeat(deep)),
            format!("+++\ntitle = \"t\"\ndate = 2021-01-01\nx = {}1{}\n+++\n", "{a = ".repeat(deep), "}".repeat(deep)),
        ] {
            let e = only_error(&source);
            assert_eq!(e.line, 4, "{e:?}");
        }
        let block: String = (1..1_000).map(|i| format!("{}-\n", "  ".repeat(i))).collect();
        let e = only_error(&format!("---\ntitle: t\ndate: 2021-01-01\nx:\n{block}---\n"));
        assert!(e.message.starts_with("invalid YAML at column"), "{e:?}");
    }

    #[test]
    fn alias_bombs_stop_at_the_parser_budget() {
        // Ten aliases of ten aliases of … : 10^10 nodes if expanded.
        let mut source = String::from("---\ntitle: t\ndate: 2021-01-01\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            source.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        source.push_str("---\n");
        let started = std::time::Instant::now();
        let e = only_error(&source);
        assert!(e.message.starts_with("invalid YAML at column"), "{e:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    }

    #[test]
    fn thousands_of_fields_each_get_their_own_line() {
        // Found by this test: each message searched the front matter from the top, so
        // 20,000 unknown fields took seconds (quadratic); the lines are now indexed.
        let n = 20_000;
        let fields: String = (0..n).map(|i| format!("k{i}: v\n")).collect();
        let started = std::time::Instant::now();
        let source = format!("---\ntitle: t\ndate: 2021-01-01\n{fields}---\n");
        let post = parse(&source).unwrap();
        assert_eq!(post.warnings.len(), n);
        assert!(post.warnings.iter().all(|w| w.line == 4 + w.field.as_deref().unwrap()[1..].parse::<usize>().unwrap()));
        let bad_tags = "  - []\n".repeat(n);
        let errs = errors(&format!("---\ntitle: t\ndate: 2021-01-01\n{fields}tags:\n{bad_tags}---\n"));
        assert_eq!(errs.len(), n);
        assert!(errs.iter().all(|e| e.line == n + 4 && e.field.as_deref() == Some("tags")), "{:?}", errs[0]);
        let toml_fields: String = (0..n).map(|i| format!("k{i} = 1\n")).collect();
        let source = format!("+++\ntitle = \"t\"\ndate = 2021-01-01\n{toml_fields}+++\n");
        let post = parse(&source).unwrap();
        assert_eq!(post.warnings.len(), n);
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    }

    #[test]
    fn a_quoted_field_with_a_colon_still_finds_its_line() {
        let post = parse("---\ntitle: t\ndate: 2021-01-01\n\"a:b\": x\n---\n").unwrap();
        assert_eq!(post.warnings[0].field.as_deref(), Some("a:b"));
        assert_eq!(post.warnings[0].line, 1, "a quoted key is not at the start of its line");
        let post = parse("---\ntitle: t\ndate: 2021-01-01\na:b: x\n---\n").unwrap();
        assert_eq!((post.warnings[0].field.as_deref(), post.warnings[0].line), (Some("a:b"), 4));
    }

    #[test]
    fn yaml_errors_count_lines_as_the_file_does() {
        // YAML breaks lines at a lone `\r` too: its line 6 here is the file's line 5.
        let e = only_error("---\r\nA\r\r\r\n\r\r\ntitle: \"t\"\r\n---\r\n");
        assert_eq!(
            (e.line, e.message.as_str()),
            (4, "invalid YAML at column 6: mapping values are not allowed in this context")
        );
    }

    #[test]
    fn a_yaml_error_at_the_end_of_the_front_matter_has_a_position() {
        // Found by tests/properties.rs: the parser points just past the last character.
        let e = only_error("---\ntitle : \"unclosed\n--- \n");
        assert_eq!(
            (e.line, e.message.as_str()),
            (3, "invalid YAML at column 1: invalid indentation in multiline quoted scalar")
        );
    }

    #[test]
    fn values_over_several_lines_are_quoted_on_one_line() {
        let e = only_error("+++\ntitle = \"t\"\ndate = 2021-01-01\nlang = \"\"\"multi\nline\"\"\"\n+++\n");
        assert_eq!(e.field.as_deref(), Some("lang"));
        assert_eq!(e.message, "`multi\\nline` is not a language tag; expected e.g. `ja` or `en-US`");
        let post = parse("---\ntitle: t\ndate: 2021-01-01\n\"a\\nb\": x\n---\n").unwrap();
        assert_eq!(post.warnings[0].field.as_deref(), Some("a\\nb"));
    }

    #[test]
    fn huge_and_odd_values_are_handled() {
        let title = "長".repeat(400_000);
        let source = format!("---\ntitle: \"{title}\"\ndate: 2021-01-01\n---\n");
        let post = parse(&source).unwrap();
        assert_eq!(post.front_matter.title, title);
        let rtl = parse("---\ntitle: \"\u{202e}txet\u{202c} مرحبا\"\ndate: 2021-01-01\n---\n").unwrap();
        assert_eq!(rtl.front_matter.title, "\u{202e}txet\u{202c} مرحبا");
        for (source, line) in [
            ("---\ntitle: \"a\0b\"\ndate: 2021-01-01\n---\n", 2),
            ("---\ntitle:\tt\n\tdate: 2021-01-01\n---\n", 2),
            ("---\ntitle: a\ndate: 2021-01-01\ntitle: b\n---\n", 4),
            ("---\ntitle: .nan\ndate: 2021-01-01\n---\n", 2),
        ] {
            let e = only_error(source);
            assert_eq!(e.line, line, "{source:?}: {e:?}");
        }
    }
}
