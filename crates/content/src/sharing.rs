//! Sharing a post and talking about it, as `fumi.toml`'s `[share]` and `[comments]`
//! tables set it up: share links are plain links to each network's own share page (no
//! vendor script, nothing loaded until the reader follows one), and a comment thread
//! (giscus, utterances) is a script the reader asks for, or just links to the places
//! where a post is discussed.
//!
//! The publishing tool turns the two tables into one piece of HTML with the post's
//! values left as placeholders ([`template`], carried by the manifest as
//! [`crate::Site::sharing_html`]); under each post, the page and the app fill it in
//! ([`fill`]). The app thus holds no settings, networks or providers of its own: a few
//! string replacements are all these features cost it.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;

/// What `encodeURIComponent` leaves as it is: letters, digits and `-_.!~*'()`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `text` as a query value (or any other URL component).
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// `[share]`: the links under each post.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Share {
    pub enabled: bool,
    /// In the order shown.
    pub networks: Vec<Network>,
    /// The Mastodon instance to share to (`mastodon.social`); unset, the reader is
    /// asked for theirs.
    pub mastodon: Option<String>,
}

impl Default for Share {
    fn default() -> Self {
        Share {
            enabled: true,
            networks: vec![Network::X, Network::Hatena, Network::Bluesky, Network::Mastodon, Network::Linkedin],
            mastodon: None,
        }
    }
}

impl Share {
    /// A mistake serde cannot see: a Mastodon instance that is no host name.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        match &self.mastodon {
            Some(host) if !is_host(host) => Err((
                "mastodon",
                format!("expected the host name of a Mastodon instance, e.g. \"mastodon.social\", not {host:?}"),
            )),
            _ => Ok(()),
        }
    }
}

/// A host name as readers type it: letters, digits, dots and hyphens, with a dot.
fn is_host(host: &str) -> bool {
    host.contains('.')
        && !host.starts_with(['.', '-'])
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    X,
    Hatena,
    Bluesky,
    Mastodon,
    Linkedin,
}

impl Network {
    /// The network's own name for itself, the link's text.
    pub fn name(self, japanese: bool) -> &'static str {
        match self {
            Network::X => "X",
            Network::Hatena if japanese => "はてなブックマーク",
            Network::Hatena => "Hatena Bookmark",
            Network::Bluesky => "Bluesky",
            Network::Mastodon => "Mastodon",
            Network::Linkedin => "LinkedIn",
        }
    }
}

/// `[comments]`: where readers discuss a post. No provider, no comments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Comments {
    pub provider: Option<CommentProvider>,
    /// `owner/name` of the GitHub repository holding the discussions or issues.
    pub repo: String,
    /// giscus's ids of the repository and the discussion category (giscus.app shows
    /// them), and the category's name.
    pub repo_id: String,
    pub category: String,
    pub category_id: String,
    /// How a post finds its thread; `pathname` unless set.
    pub mapping: Option<Mapping>,
    /// The provider's theme; unset, it follows the reader's light or dark choice.
    pub theme: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentProvider {
    Giscus,
    Utterances,
    /// No thread of its own: links to the post's pages on Hatena Bookmark and X.
    Links,
}

/// giscus's `data-mapping`, utterances' `issue-term`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mapping {
    Pathname,
    Url,
    Title,
    #[serde(rename = "og:title")]
    OgTitle,
}

impl Comments {
    /// A mistake serde cannot see, as (key, message): a provider without what it needs.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let Some(provider) = self.provider else { return Ok(()) };
        let needs = |key: &'static str, value: &str, what: &str| {
            if value.trim().is_empty() {
                let name = if provider == CommentProvider::Giscus { "giscus" } else { "utterances" };
                Err((key, format!("{name} needs {key}: {what}")))
            } else {
                Ok(())
            }
        };
        if matches!(provider, CommentProvider::Giscus | CommentProvider::Utterances) {
            needs("repo", &self.repo, "the GitHub repository, \"owner/name\"")?;
            let mut parts = self.repo.split('/');
            let valid = |p: Option<&str>| {
                p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
            };
            if !(valid(parts.next()) && valid(parts.next()) && parts.next().is_none()) {
                return Err(("repo", format!("expected \"owner/name\" of a GitHub repository, not {:?}", self.repo)));
            }
        }
        if provider == CommentProvider::Giscus {
            needs("repo_id", &self.repo_id, "the repository's id, which giscus.app shows")?;
            needs("category_id", &self.category_id, "the discussion category's id, which giscus.app shows")?;
        }
        Ok(())
    }

    /// The origin the provider's script and frame come from, if it has any.
    pub fn origin(&self) -> Option<&'static str> {
        match self.provider? {
            CommentProvider::Giscus => Some("https://giscus.app"),
            CommentProvider::Utterances => Some("https://utteranc.es"),
            CommentProvider::Links => None,
        }
    }
}

/// The words of the share links and the comment area, in the interface's language.
#[derive(Debug)]
pub struct Labels {
    pub share: &'static str,
    pub copy_link: &'static str,
    /// The system share sheet's button (`navigator.share`).
    pub system_share: &'static str,
    pub comments: &'static str,
    pub show_comments: &'static str,
    pub discuss_hatena: &'static str,
    pub discuss_x: &'static str,
    /// Whether network names are given in Japanese (はてなブックマーク).
    pub japanese: bool,
}

/// The share links and the comment area under every post, as HTML in which [`fill`]
/// puts one post's values: `{url}` and `{title}` (for text and attributes), `{url_q}`
/// and `{title_q}` (query values), `{url_bare}` (the URL without its scheme) and
/// `{term_q}` (the post's path, naming its comment thread). Empty when the site has
/// neither. The buttons are worked by the start script (`crates/publish/src/start.js`).
pub fn template(share: &Share, comments: &Comments, labels: &Labels) -> String {
    use crate::markdown::escape_html as text;
    let mut html = String::new();
    if share.enabled {
        html += &format!(
            "<section class=\"share\" data-post-url=\"{{url}}\" data-post-title=\"{{title}}\">\
             <h2 class=\"share__title\">{}</h2><ul class=\"share__list\">",
            text(labels.share)
        );
        for &network in &share.networks {
            let (href, asks) = match network {
                Network::X => ("https://x.com/intent/post?text={title_q}&amp;url={url_q}".to_owned(), false),
                Network::Hatena => {
                    ("https://b.hatena.ne.jp/add?mode=confirm&amp;url={url_q}&amp;title={title_q}".to_owned(), false)
                }
                Network::Bluesky => ("https://bsky.app/intent/compose?text={title_q}%20{url_q}".to_owned(), false),
                // Without an instance of its own, the start script asks the reader for theirs.
                Network::Mastodon => (
                    format!(
                        "https://{}/share?text={{title_q}}%20{{url_q}}",
                        share.mastodon.as_deref().unwrap_or("mastodon.social")
                    ),
                    share.mastodon.is_none(),
                ),
                Network::Linkedin => ("https://www.linkedin.com/sharing/share-offsite/?url={url_q}".to_owned(), false),
            };
            html += &format!(
                "<li><a class=\"share__link\" href=\"{href}\" target=\"_blank\" rel=\"noopener noreferrer\"{}>{}</a></li>",
                if asks { " data-share-mastodon" } else { "" },
                text(network.name(labels.japanese))
            );
        }
        html += &format!(
            "<li><button type=\"button\" class=\"share__button\" data-share-copy>{}</button></li>\
             <li class=\"share__system\"><button type=\"button\" class=\"share__button\" data-share-native>{}</button></li>\
             </ul><p class=\"share__status\" role=\"status\"></p></section>",
            text(labels.copy_link),
            text(labels.system_share)
        );
    }
    let Some(provider) = comments.provider else { return html };
    html += &format!(
        "<section class=\"comments\" data-post-url=\"{{url}}\"><h2 class=\"comments__title\">{}</h2>",
        text(labels.comments)
    );
    let thread = |script: &str, attributes: &[(&str, &str)]| {
        let query: Vec<String> = attributes
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| match *value {
                "{term_q}" => format!("{name}={value}"),
                value => format!("{name}={}", encode_component(value)),
            })
            .collect();
        format!(
            "<button type=\"button\" class=\"comments__load\" data-comments-script=\"{script}\" data-comments=\"{}\">{}</button>\
             <div class=\"comments__thread\"></div>",
            query.join("&amp;"),
            text(labels.show_comments)
        )
    };
    // giscus and utterances name a thread after the page's path (without its leading
    // slash and extension); given the canonical one, every way a host serves the post
    // (`/posts/a`, `/posts/a/`, `/posts/a.html`) finds the one thread.
    let mapping = comments.mapping.unwrap_or(Mapping::Pathname);
    let (mapping, term) = match mapping {
        Mapping::Pathname => ("specific", "{term_q}"),
        Mapping::Url => ("url", ""),
        Mapping::Title => ("title", ""),
        Mapping::OgTitle => ("og:title", ""),
    };
    html += &match provider {
        CommentProvider::Giscus => thread(
            "https://giscus.app/client.js",
            &[
                ("data-repo", &comments.repo),
                ("data-repo-id", &comments.repo_id),
                ("data-category", &comments.category),
                ("data-category-id", &comments.category_id),
                ("data-mapping", mapping),
                ("data-term", term),
                ("data-reactions-enabled", "1"),
                ("data-input-position", "top"),
                ("data-theme", comments.theme.as_deref().unwrap_or("preferred_color_scheme")),
            ],
        ),
        CommentProvider::Utterances => thread(
            "https://utteranc.es/client.js",
            &[
                ("repo", &comments.repo),
                ("issue-term", if term.is_empty() { mapping } else { term }),
                ("theme", comments.theme.as_deref().unwrap_or("preferred-color-scheme")),
            ],
        ),
        CommentProvider::Links => format!(
            "<ul class=\"comments__links\">\
             <li><a href=\"https://b.hatena.ne.jp/entry/{{url_bare}}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a></li>\
             <li><a href=\"https://x.com/search?q={{url_q}}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a></li></ul>",
            text(labels.discuss_hatena),
            text(labels.discuss_x)
        ),
    };
    html + "</section>"
}

/// [`template`] for the post at `url` (its canonical address) titled `title`.
pub fn fill(template: &str, url: &str, title: &str) -> String {
    use crate::markdown::escape_html;
    let mut out = String::with_capacity(template.len() + 8 * url.len());
    let mut rest = template;
    // One pass: a title that reads `{url}` stays a title.
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
        out.push_str(&rest[..open]);
        let (scheme, bare) = url.split_once("://").unwrap_or(("", url));
        match &rest[open + 1..close] {
            "url" => out.push_str(&escape_html(url)),
            "url_q" => out.push_str(&encode_component(url)),
            "title" => out.push_str(&escape_html(title)),
            "title_q" => out.push_str(&encode_component(title)),
            // Hatena Bookmark's page of an https:// address is under `s/`.
            "url_bare" => out.push_str(&escape_html(&format!("{}{bare}", if scheme == "https" { "s/" } else { "" }))),
            "term_q" => {
                let path = bare.find('/').map_or("", |at| &bare[at..]).trim_matches('/');
                out.push_str(&encode_component(if path.is_empty() { "index" } else { path }));
            }
            _ => out.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://blog.example/posts/eks-%E7%A7%BB%E7%B1%8D";
    const URL_Q: &str = "https%3A%2F%2Fblog.example%2Fposts%2Feks-%25E7%25A7%25BB%25E7%25B1%258D";

    const LABELS: Labels = Labels {
        share: "Share this post",
        copy_link: "Copy link",
        system_share: "Share…",
        comments: "Comments",
        show_comments: "Show comments",
        discuss_hatena: "Discuss on Hatena Bookmark",
        discuss_x: "Discuss on X",
        japanese: false,
    };

    /// The share links' (text, href), in order.
    fn links(html: &str) -> Vec<(String, String)> {
        html.split("<a ")
            .skip(1)
            .map(|a| {
                let href = a.split("href=\"").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
                let text = a.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned();
                (text, href)
            })
            .collect()
    }

    #[test]
    fn share_links_carry_the_encoded_url_and_title_in_the_configured_order() {
        let html = fill(&template(&Share::default(), &Comments::default(), &LABELS), URL, "EKS へ移籍 & {url}");
        let title = "EKS%20%E3%81%B8%E7%A7%BB%E7%B1%8D%20%26%20%7Burl%7D";
        let expected = [
            ("X", format!("https://x.com/intent/post?text={title}&url={URL_Q}")),
            ("Hatena Bookmark", format!("https://b.hatena.ne.jp/add?mode=confirm&url={URL_Q}&title={title}")),
            ("Bluesky", format!("https://bsky.app/intent/compose?text={title}%20{URL_Q}")),
            ("Mastodon", format!("https://mastodon.social/share?text={title}%20{URL_Q}")),
            ("LinkedIn", format!("https://www.linkedin.com/sharing/share-offsite/?url={URL_Q}")),
        ]
        .map(|(name, href)| (name.to_owned(), href));
        assert_eq!(links(&html), expected);
        assert!(
            html.contains(&format!("data-post-url=\"{URL}\" data-post-title=\"EKS へ移籍 &amp; {{url}}\"")),
            "{html}"
        );
        assert!(
            html.contains("rel=\"noopener noreferrer\" data-share-mastodon>Mastodon"),
            "the reader is asked: {html}"
        );
        assert!(!html.contains("comments"), "{html}");

        let share =
            Share { networks: vec![Network::Mastodon], mastodon: Some("fosstodon.org".into()), ..Share::default() };
        let html = fill(&template(&share, &Comments::default(), &LABELS), URL, "t");
        assert_eq!(links(&html), [("Mastodon".to_owned(), format!("https://fosstodon.org/share?text=t%20{URL_Q}"))]);
        assert!(!html.contains("data-share-mastodon"), "{html}");
        let ja = Labels { japanese: true, ..LABELS };
        assert!(template(&Share::default(), &Comments::default(), &ja).contains(">はてなブックマーク<"));
        assert_eq!(template(&Share { enabled: false, ..Share::default() }, &Comments::default(), &LABELS), "");
    }

    #[test]
    fn a_mastodon_instance_must_be_a_host_name() {
        assert!(Share { mastodon: Some("mastodon.social".into()), ..Share::default() }.check().is_ok());
        for bad in ["https://mastodon.social", "mastodon", "-a.b", "a b.c"] {
            let err = Share { mastodon: Some(bad.into()), ..Share::default() }.check().unwrap_err();
            assert_eq!(err.0, "mastodon", "{bad}");
        }
    }

    fn giscus() -> Comments {
        Comments {
            provider: Some(CommentProvider::Giscus),
            repo: "fumi-blog/fumi".into(),
            repo_id: "R_kgDOabc".into(),
            category: "Comments".into(),
            category_id: "DIC_kwDOabc".into(),
            ..Comments::default()
        }
    }

    #[test]
    fn each_provider_needs_its_keys() {
        assert_eq!(Comments::default().check(), Ok(()));
        assert_eq!(giscus().check(), Ok(()));
        assert_eq!(Comments { repo_id: String::new(), ..giscus() }.check().unwrap_err().0, "repo_id");
        assert_eq!(Comments { category_id: String::new(), ..giscus() }.check().unwrap_err().0, "category_id");
        assert_eq!(Comments { repo: "fumi".into(), ..giscus() }.check().unwrap_err().0, "repo");
        let utterances = Comments { provider: Some(CommentProvider::Utterances), ..Comments::default() };
        assert_eq!(utterances.check().unwrap_err().0, "repo");
        assert_eq!(Comments { repo: "a/b".into(), ..utterances }.check(), Ok(()));
        assert_eq!(Comments { provider: Some(CommentProvider::Links), ..Comments::default() }.check(), Ok(()));
    }

    /// The comment button's script and attributes.
    fn thread(comments: &Comments, url: &str) -> (String, String) {
        let html = fill(&template(&Share { enabled: false, ..Share::default() }, comments, &LABELS), url, "t");
        let attribute = |name: &str| {
            html.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&")
        };
        assert!(html.contains(&format!("<section class=\"comments\" data-post-url=\"{url}\">")), "{html}");
        (attribute("data-comments-script"), attribute("data-comments"))
    }

    #[test]
    fn a_thread_is_named_after_the_canonical_path() {
        let (script, attributes) = thread(&giscus(), URL);
        assert_eq!(script, "https://giscus.app/client.js");
        assert_eq!(
            attributes,
            "data-repo=fumi-blog%2Ffumi&data-repo-id=R_kgDOabc&data-category=Comments&data-category-id=DIC_kwDOabc\
             &data-mapping=specific&data-term=posts%2Feks-%25E7%25A7%25BB%25E7%25B1%258D&data-reactions-enabled=1\
             &data-input-position=top&data-theme=preferred_color_scheme"
        );
        let utterances =
            Comments { provider: Some(CommentProvider::Utterances), repo: "a/b".into(), ..Comments::default() };
        let (script, attributes) = thread(&utterances, "https://x.example/blog/posts/a");
        assert_eq!(script, "https://utteranc.es/client.js");
        assert_eq!(attributes, "repo=a%2Fb&issue-term=blog%2Fposts%2Fa&theme=preferred-color-scheme");
        let (_, attributes) = thread(&Comments { mapping: Some(Mapping::OgTitle), ..utterances }, URL);
        assert!(attributes.contains("issue-term=og%3Atitle"), "{attributes}");
        let (_, attributes) = thread(&Comments { mapping: Some(Mapping::Url), ..giscus() }, URL);
        assert!(attributes.contains("data-mapping=url&data-reactions") && !attributes.contains("term"), "{attributes}");
    }

    #[test]
    fn the_links_provider_points_at_the_discussions_elsewhere() {
        let links_only = Comments { provider: Some(CommentProvider::Links), ..Comments::default() };
        let html = fill(&template(&Share { enabled: false, ..Share::default() }, &links_only, &LABELS), URL, "t");
        assert_eq!(
            links(&html),
            [
                (
                    "Discuss on Hatena Bookmark".to_owned(),
                    "https://b.hatena.ne.jp/entry/s/blog.example/posts/eks-%E7%A7%BB%E7%B1%8D".to_owned()
                ),
                ("Discuss on X".to_owned(), format!("https://x.com/search?q={URL_Q}")),
            ]
        );
        assert!(!html.contains("button"), "no script, no button: {html}");
        assert_eq!(links_only.origin(), None);
        assert_eq!(giscus().origin(), Some("https://giscus.app"));
    }
}
