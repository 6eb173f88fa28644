//! Checks of `[authors.<id>]`, `[[nav]]` and `footer` in `fumi.toml` beyond their
//! types: what a typo there would otherwise turn into (a broken avatar, a dead link)
//! is an error at the line of the key.

use std::collections::HashMap;
use std::path::Path;

use fumi_content::people::is_web_address;
use fumi_content::Site;
use toml::de::{DeTable, DeValue};

use crate::theme::KeyNote;

/// The line of every key under `authors` and `nav`, by its dotted path
/// (`authors.aki.avatar`, `nav.0.url`), read before the table is deserialized.
pub fn key_lines(table: &DeTable<'_>, line_of: &impl Fn(usize) -> usize) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    for root in ["authors", "nav"] {
        if let Some((key, value)) = table.get_key_value(root) {
            lines.insert(root.to_owned(), line_of(key.span().start));
            walk(root, value.get_ref(), line_of, &mut lines);
        }
    }
    lines
}

fn walk(path: &str, value: &DeValue<'_>, line_of: &impl Fn(usize) -> usize, lines: &mut HashMap<String, usize>) {
    match value {
        DeValue::Table(table) => {
            for (key, value) in table {
                let path = format!("{path}.{}", key.get_ref());
                lines.insert(path.clone(), line_of(key.span().start));
                walk(&path, value.get_ref(), line_of, lines);
            }
        }
        DeValue::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                let path = format!("{path}.{n}");
                lines.insert(path.clone(), line_of(item.span().start));
                walk(&path, item.get_ref(), line_of, lines);
            }
        }
        _ => {}
    }
}

/// The first mistake in the site's authors and navigation: a nameless author, an
/// avatar that is not in `public/`, a profile link of the wrong shape, a navigation
/// link without a title or with neither a route nor an address.
pub fn check(site: &Site, lines: &HashMap<String, usize>, public: &Path) -> Result<(), KeyNote> {
    let note = |key: String, message: String| {
        // The nearest key the file has: a missing key is reported at its table.
        let line = std::iter::successors(Some(key.as_str()), |k| k.rsplit_once('.').map(|(parent, _)| parent))
            .find_map(|k| lines.get(k).copied())
            .unwrap_or(1);
        KeyNote { line, key, message }
    };
    for (id, author) in &site.authors {
        let at = |field: &str| format!("authors.{id}.{field}");
        if !fumi_content::slug::is_slug(id) {
            return Err(note(
                format!("authors.{id}"),
                format!("`{id}` cannot be part of a URL (/authors/{id}); use lowercase letters, digits and -"),
            ));
        }
        if author.name.trim().is_empty() {
            return Err(note(at("name"), "every author needs a name, e.g. name = \"Aki Tanaka\"".into()));
        }
        if let Some(avatar) = author.avatar.as_deref().filter(|a| !a.starts_with("https://")) {
            let path = avatar.trim_start_matches('/');
            if path.split('/').any(|s| matches!(s, "" | "." | "..")) || !public.join(path).is_file() {
                return Err(note(
                    at("avatar"),
                    format!(
                        "public/{path} does not exist; give a file in public/ (\"images/aki.png\") or an https:// URL"
                    ),
                ));
            }
        }
        if let Some((key, message)) = author.links.problems().into_iter().next() {
            return Err(note(at(&format!("links.{key}")), message));
        }
    }
    for (n, link) in site.nav.iter().enumerate() {
        let at = |field: &str| format!("nav.{n}.{field}");
        if link.title.trim().is_empty() {
            return Err(note(at("title"), "every link needs a title, e.g. title = \"About\"".into()));
        }
        let url = link.url.trim();
        let fine = is_web_address(url)
            || (url.starts_with('/') && !url.starts_with("//") && !url.contains(char::is_whitespace));
        if !fine {
            return Err(note(
                at("url"),
                format!(
                    "{url:?} is neither a route of the site (\"/about\") nor an address (\"https://zenn.dev/aki\")"
                ),
            ));
        }
    }
    Ok(())
}
