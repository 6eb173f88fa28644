//! Checks of `[authors.<id>]`, `[[nav]]` and `footer` in `fumi.toml` beyond their
//! types: what a typo there would otherwise turn into (a broken avatar, a dead link)
//! is an error at the line of the key.

use std::collections::HashMap;
use std::path::Path;

use std::collections::BTreeMap;

use fumi_content::markdown::escape_html as esc;
use fumi_content::people::{author_path, is_web_address, Author, NavLink, Profile, NAME_SLOT, ROOT_SLOT};
use fumi_content::{Labels, Site};
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
pub fn check(
    authors: &BTreeMap<String, Author>,
    nav: &[NavLink],
    lines: &HashMap<String, usize>,
    public: &Path,
) -> Result<(), KeyNote> {
    let note = |key: String, message: String| {
        // The nearest key the file has: a missing key is reported at its table.
        let line = std::iter::successors(Some(key.as_str()), |k| k.rsplit_once('.').map(|(parent, _)| parent))
            .find_map(|k| lines.get(k).copied())
            .unwrap_or(1);
        KeyNote { line, key, message }
    };
    for (id, author) in authors {
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
    for (n, link) in nav.iter().enumerate() {
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

/// What pages show of each author: the profile card's markup (the bio rendered from
/// its Markdown, the links with their services' names, in the site's language) and
/// the schema.org `Person`, with the addresses of `site`.
pub fn profiles(authors: &BTreeMap<String, Author>, site: &Site) -> BTreeMap<String, Profile> {
    let site_url = site.base_url.trim_end_matches('/');
    let links_label = fumi::ui_text::for_language(&site.language).people.profiles;
    let labels = Labels::for_language(&site.language);
    authors
        .iter()
        .map(|(id, author)| {
            let mut card = String::new();
            if let Some(avatar) = &author.avatar {
                let src = if avatar.starts_with("https://") {
                    esc(avatar)
                } else {
                    format!("{ROOT_SLOT}{}", esc(avatar.trim_start_matches('/')))
                };
                card.push_str(&format!(
                    "<img class=\"profile-card__avatar\" src=\"{src}\" alt=\"\" width=\"72\" height=\"72\" loading=\"lazy\" decoding=\"async\">"
                ));
            }
            card.push_str("<div class=\"profile-card__text\">");
            card.push_str(NAME_SLOT);
            if !author.bio.trim().is_empty() {
                let bio = fumi_content::render_with(&author.bio, &Default::default(), labels).html;
                card.push_str(&format!("<div class=\"profile-card__bio\">{bio}</div>"));
            }
            let links = author.links.resolved();
            if !links.is_empty() {
                card.push_str(&format!("<ul class=\"profile-card__links\" aria-label=\"{}\">", esc(links_label)));
                for link in &links {
                    card.push_str(&format!(
                        "<li><a href=\"{}\" rel=\"me noopener\" data-service=\"{}\">{}</a></li>",
                        esc(&link.url),
                        link.key,
                        esc(link.service)
                    ));
                }
                card.push_str("</ul>");
            }
            card.push_str("</div>");

            let mut person = serde_json::json!({
                "@type": "Person",
                "name": author.name,
                "url": format!("{site_url}/{}", author_path(id)),
            });
            if !links.is_empty() {
                person["sameAs"] = links.iter().map(|link| link.url.clone()).collect::<Vec<_>>().into();
            }
            if let Some(avatar) = &author.avatar {
                let url =
                    if avatar.starts_with("https://") { avatar.clone() } else { format!("{site_url}/{}", avatar.trim_start_matches('/')) };
                person["image"] = url.into();
            }
            if !author.bio.trim().is_empty() {
                person["description"] = author.bio.trim().into();
            }
            // `<` escaped: the person is written into a `<script>` data block.
            let person = person.to_string().replace('<', "\\u003c");
            (id.clone(), Profile { name: author.name.clone(), card, person })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::people::{fill_card, ProfileLinks};

    #[test]
    fn a_profile_card_holds_the_avatar_bio_and_links_and_slots_for_the_name_and_root() {
        let mut authors = BTreeMap::new();
        let links =
            ProfileLinks { github: Some("aki".into()), website: Some("https://aki.dev/".into()), ..Default::default() };
        let bio = "Writes about **EKS** <script>alert(1)</script>".into();
        authors.insert(
            "aki".to_owned(),
            Author { name: "田中 <アキ>".into(), avatar: Some("images/aki.png".into()), bio, links },
        );
        let site = Site { base_url: "https://example.com/blog/".into(), language: "ja".into(), ..Site::default() };
        let profile = &profiles(&authors, &site)["aki"];
        assert_eq!(profile.name, "田中 <アキ>");
        let card = fill_card(&profile.card, "/blog/", "<p>NAME</p>");
        assert!(card.starts_with("<img class=\"profile-card__avatar\" src=\"/blog/images/aki.png\""), "{card}");
        assert!(card.contains("<div class=\"profile-card__text\"><p>NAME</p><div class=\"profile-card__bio\"><p>Writes about <strong>EKS</strong>"), "{card}");
        assert!(!card.contains("<script>"), "the bio's raw HTML is escaped as a post's: {card}");
        assert!(card.contains("aria-label=\"ほかの場所\""), "in the site's language: {card}");
        assert!(card.contains("<li><a href=\"https://aki.dev/\" rel=\"me noopener\" data-service=\"website\">Website</a></li><li><a href=\"https://github.com/aki\""), "{card}");
        let person: serde_json::Value = serde_json::from_str(&profile.person).unwrap();
        assert_eq!(person["url"], "https://example.com/blog/authors/aki");
        assert_eq!(person["image"], "https://example.com/blog/images/aki.png");
        assert_eq!(person["sameAs"][1], "https://github.com/aki");
        assert!(!profile.person.contains("<script>"), "{}", profile.person);
    }
}
