//! WordPress's export file (WXR: RSS 2.0 with `wp:`, `content:` and `dc:` elements).
//! Each `<item>` whose `wp:post_type` is `post` is a post; pages, attachments and
//! menu items are counted and left out (fumi's posts are what this imports).

use std::sync::LazyLock;

use regex::Regex;
use roxmltree::{Document, Node};

/// One post of the export, as written there.
#[derive(Debug, PartialEq, Eq)]
pub struct Item {
    /// The line of its `<item>`.
    pub line: usize,
    pub title: String,
    /// `wp:post_name`, percent-decoded (WordPress stores Japanese slugs encoded).
    pub post_name: String,
    /// The post's old address (`<link>`), if it had one.
    pub link: Option<String>,
    /// `wp:post_date`: `2021-01-04 12:34:56`.
    pub date: String,
    /// `wp:post_modified`.
    pub modified: Option<String>,
    /// `publish`, `draft`, `pending`, `private`, `future`, `trash`.
    pub status: String,
    /// Categories and tags, by their names.
    pub terms: Vec<Term>,
    /// `content:encoded`: the body as the editor saved it (HTML, or classic text).
    pub content: String,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Term {
    /// `category` or `post_tag`.
    pub domain: String,
    /// The URL form (`uncategorized`), to recognise WordPress's default category.
    pub nicename: String,
    pub name: String,
}

/// The posts of an export, and how many items of each other kind it held.
pub struct Export {
    pub posts: Vec<Item>,
    pub others: Vec<(String, usize)>,
}

/// Reads an export; malformed XML is an error with its line.
pub fn parse(xml: &str) -> Result<Export, String> {
    let doc =
        Document::parse(xml).map_err(|e| format!("line {}: not a readable WordPress export: {e}", e.pos().row))?;
    let mut posts = Vec::new();
    let mut others: Vec<(String, usize)> = Vec::new();
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let kind = wp(item, "post_type").unwrap_or_else(|| "post".into());
        if kind != "post" {
            match others.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, count)) => *count += 1,
                None => others.push((kind, 1)),
            }
            continue;
        }
        let terms = item
            .children()
            .filter(|n| n.has_tag_name("category"))
            .map(|n| Term {
                domain: n.attribute("domain").unwrap_or("category").to_owned(),
                nicename: n.attribute("nicename").unwrap_or("").to_owned(),
                name: n.text().unwrap_or("").trim().to_owned(),
            })
            .filter(|t| !t.name.is_empty())
            .collect();
        posts.push(Item {
            line: doc.text_pos_at(item.range().start).row as usize,
            title: child_text(item, "title", None).unwrap_or_default(),
            post_name: fumi_content::url::decode_segment(&wp(item, "post_name").unwrap_or_default()),
            link: child_text(item, "link", None).filter(|l| !l.is_empty()),
            date: wp(item, "post_date").unwrap_or_default(),
            modified: wp(item, "post_modified").filter(|m| !m.is_empty()),
            status: wp(item, "status").unwrap_or_else(|| "publish".into()),
            terms,
            content: child_text(item, "encoded", Some("http://purl.org/rss/1.0/modules/content/")).unwrap_or_default(),
        });
    }
    Ok(Export { posts, others })
}

/// A `wp:` child's text; WXR 1.0–1.2 differ only in the namespace's version.
fn wp(item: Node, name: &str) -> Option<String> {
    item.children()
        .find(|n| {
            n.tag_name().name() == name
                && n.tag_name().namespace().is_some_and(|ns| ns.starts_with("http://wordpress.org/export/"))
        })
        .map(|n| n.text().unwrap_or("").trim().to_owned())
}

fn child_text(item: Node, name: &str, namespace: Option<&str>) -> Option<String> {
    item.children()
        .find(|n| n.tag_name().name() == name && (namespace.is_none() || n.tag_name().namespace() == namespace))
        .map(|n| n.text().unwrap_or("").trim().to_owned())
}

/// `[code lang="go"]…[/code]`, `[sourcecode language="go"]…[/sourcecode]` and the
/// like (highlighter plugins common on Japanese tech blogs).
static CODE_SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)\[(code|sourcecode|source)(?:\s+(?:lang|language)="?([A-Za-z0-9+#_-]+)"?)?[^\]]*\](.*?)\[/(code|sourcecode|source)\]"#)
        .expect("valid pattern")
});

/// `[caption …]<img …> 説明[/caption]`: the image and its text stay, the wrapper goes.
static CAPTION_SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[/?caption[^\]]*\]").expect("valid pattern"));

/// Any other shortcode, which only the plugin that defined it could show.
static OTHER_SHORTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([a-z][a-z0-9_-]*)(\s[^\]]*)?\]").expect("valid pattern"));

/// Shortcodes to the HTML they stand for, where that is known; the names of the rest
/// (kept as visible text) for the report.
pub fn expand_shortcodes(content: &str) -> (String, Vec<String>) {
    let html = CODE_SHORTCODE.replace_all(content, |caps: &regex::Captures| {
        let lang = caps.get(2).map_or("", |m| m.as_str());
        // The code is text: escape it so the HTML parser keeps `<` and `&` as written.
        let code = caps[3].trim_matches('\n').replace('&', "&amp;").replace('<', "&lt;");
        format!("<pre data-lang=\"{lang}\">{code}</pre>")
    });
    let html = CAPTION_SHORTCODE.replace_all(&html, "").into_owned();
    let mut unknown: Vec<String> = OTHER_SHORTCODE
        .captures_iter(&html)
        .map(|caps| caps[1].to_owned())
        .filter(|name| !name.starts_with("http"))
        .collect();
    unknown.sort();
    unknown.dedup();
    let notes =
        unknown.into_iter().map(|name| format!("shortcode [{name}] kept as text (its plugin is not here)")).collect();
    (html, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const WXR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>技術ブログ</title>
  <item>
    <title>Terraform で EKS を作る</title>
    <link>https://blog.example.jp/2021/03/terraform-eks/</link>
    <dc:creator><![CDATA[taro]]></dc:creator>
    <content:encoded><![CDATA[<p>まずは <code>terraform init</code>。</p><!--more--><p>続き</p>]]></content:encoded>
    <wp:post_date><![CDATA[2021-03-07 10:00:00]]></wp:post_date>
    <wp:post_modified><![CDATA[2021-04-01 09:00:00]]></wp:post_modified>
    <wp:post_name><![CDATA[%e3%83%86%e3%82%b9%e3%83%88-eks]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="infra"><![CDATA[インフラ]]></category>
    <category domain="post_tag" nicename="terraform"><![CDATA[Terraform]]></category>
  </item>
  <item>
    <title>About</title>
    <wp:post_type><![CDATA[page]]></wp:post_type>
  </item>
  <item>
    <title>logo.png</title>
    <wp:post_type><![CDATA[attachment]]></wp:post_type>
  </item>
</channel>
</rss>
"#;

    #[test]
    fn reads_posts_with_their_terms_and_counts_the_rest() {
        let export = parse(WXR).unwrap();
        assert_eq!(export.posts.len(), 1);
        let post = &export.posts[0];
        assert_eq!(post.line, 5);
        assert_eq!(post.title, "Terraform で EKS を作る");
        assert_eq!(post.post_name, "テスト-eks");
        assert_eq!(post.link.as_deref(), Some("https://blog.example.jp/2021/03/terraform-eks/"));
        assert_eq!(
            (post.date.as_str(), post.modified.as_deref()),
            ("2021-03-07 10:00:00", Some("2021-04-01 09:00:00"))
        );
        assert_eq!(post.status, "publish");
        assert_eq!(post.terms.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["インフラ", "Terraform"]);
        assert!(post.content.contains("<!--more-->"));
        assert_eq!(export.others, [("page".to_owned(), 1), ("attachment".to_owned(), 1)]);
    }

    #[test]
    fn code_and_caption_shortcodes_become_html_and_others_are_named() {
        let (html, notes) = expand_shortcodes(
            "[caption id=\"a\"]<img src=\"x.png\"> 構成図[/caption]\n[code lang=\"go\"]\nif a < b && c {}\n[/code]\n[gallery ids=\"1,2\"]",
        );
        assert!(html.starts_with("<img src=\"x.png\"> 構成図\n"), "{html}");
        assert!(html.contains("<pre data-lang=\"go\">if a &lt; b &amp;&amp; c {}</pre>"), "{html}");
        assert_eq!(notes, ["shortcode [gallery] kept as text (its plugin is not here)"]);
    }

    #[test]
    fn broken_xml_is_reported_with_its_line() {
        let err =
            parse(&WXR.replace("</item>\n  <item>\n    <title>About", "\n  <item>\n    <title>About")).err().unwrap();
        assert!(err.starts_with("line "), "{err}");
    }
}
