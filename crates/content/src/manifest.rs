//! The manifest: what the publishing tool tells the browser about the site and its
//! posts, in one JSON file fetched once at start-up. Post bodies are fetched
//! separately, one file per post, when a reader opens them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Version of the manifest format; the app refuses a manifest it cannot read.
pub const MANIFEST_VERSION: u32 = 1;

/// Everything the browser needs to list, filter and route to posts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub site: Site,
    /// Newest first.
    pub posts: Vec<PostSummary>,
    /// The site's pages (`pages/about.md` at `/about`): never in lists, feeds or tag
    /// counts; their bodies are published beside the posts'.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PostSummary>,
    /// Posts that could not be published, kept so the dev server can show why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

/// Site-wide settings, from `fumi.toml` at the project root.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Site {
    pub title: String,
    pub description: String,
    pub author: String,
    /// BCP 47 language of the site and of posts that do not set `lang`.
    pub language: String,
    /// Absolute URL the site is published at (feeds and canonical links need it).
    pub base_url: String,
    pub posts_per_page: usize,
    /// The link-preview image of pages without one of their own: a path below the
    /// site root or an `https://` URL, from `image` in `fumi.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The share links and comment area under each post, as HTML with the post's
    /// values left as placeholders ([`crate::sharing::template`]): made by the
    /// publishing tool from `[share]` and `[comments]`, never set in `fumi.toml`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sharing_html: String,
    /// The people who write here (`[authors.<id>]`, made into profiles by the
    /// publishing tool), by the id posts name them with.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub authors: std::collections::BTreeMap<String, crate::people::Profile>,
    /// `[[nav]]`: the header's links, in order; empty means fumi's own (posts, tags,
    /// archive).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nav: Vec<crate::people::NavLink>,
    /// `footer`: a line of Markdown at the foot of every page (a copyright and the
    /// content's licence, say). Read from `fumi.toml`; the manifest carries it rendered,
    /// as `footer_html`.
    #[serde(skip_serializing)]
    pub footer: String,
    /// `footer` as HTML, rendered by the publishing tool as posts are, so that the
    /// browser never runs the Markdown renderer for it; never set in `fumi.toml`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub footer_html: String,
    /// `generated_by = false` drops the footer's "Published with fumi".
    pub generated_by: bool,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            title: "fumi".into(),
            description: String::new(),
            author: String::new(),
            language: "en".into(),
            base_url: "http://127.0.0.1:8080/".into(),
            posts_per_page: 10,
            image: None,
            sharing_html: String::new(),
            authors: Default::default(),
            nav: Vec::new(),
            footer: String::new(),
            footer_html: String::new(),
            generated_by: true,
        }
    }
}

impl Site {
    /// The name of the site's author: `author` itself, or the name of the author it
    /// names in `[authors]`.
    pub fn author_name(&self) -> &str {
        self.authors.get(&self.author).map_or(&self.author, |author| &author.name)
    }
}

/// One post as lists show it. The body lives in its own file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    pub slug: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The author's summary, or the derived excerpt.
    pub excerpt: String,
    pub reading_minutes: u32,
    /// BCP 47 language of the post.
    pub lang: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Dated after the day of the build: only the dev server publishes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scheduled: bool,
    /// Name of the series the post belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// The slug of the post this one translates, if it is a translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<String>,
    /// The link-preview image: the post's own (a path below the site root, or an
    /// `https://` URL) or the one the publishing tool drew
    /// ([`crate::layout::is_drawn_preview`]); URL-safe as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Byte offsets in `title` between Japanese phrases, where it is shown with a
    /// `<wbr>` ([`crate::cjk::pieces`]); none for a title that needs none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_breaks: Vec<u16>,
    /// Ids of `[authors]` from `author:` / `authors:`; none means the site's author.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Whether the post has a table of contents ([`crate::markdown::toc_entries`]):
    /// its page is laid out for one from its first line, before the body is parsed or
    /// fetched, so the layout never widens under the reader.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub toc: bool,
}

/// A reason a post file could not be published, located for the author.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Path of the post file, relative to the project root.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The front-matter field at fault, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `posts/a.md:3: date: expected …`, the shape editors and terminals link to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A fingerprint of the manifest file's exact text (FNV-1a, 64 bits, in hex). A page
/// rendered from one manifest can only be taken over by an app holding the same one:
/// a deploy that is half out (new manifest, cached page) must not be hydrated.
pub fn fingerprint(text: &str) -> String {
    let hash =
        text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

impl Manifest {
    /// The post with this slug, if it is published.
    pub fn post(&self, slug: &str) -> Option<&PostSummary> {
        self.posts.iter().find(|p| p.slug == slug)
    }

    /// The page with this slug (`about` for `/about`), if it is published.
    pub fn page(&self, slug: &str) -> Option<&PostSummary> {
        self.pages.iter().find(|p| p.slug == slug)
    }

    /// The posts `author` (an id of `[authors]`) wrote or co-wrote, newest first.
    pub fn posts_by<'a>(&'a self, author: &'a str) -> impl Iterator<Item = &'a PostSummary> + 'a {
        self.posts.iter().filter(move |post| {
            crate::people::authors_of(&post.authors, &self.site.authors, &self.site.author)
                .iter()
                .any(|(id, _)| *id == author)
        })
    }

    /// Newer and older neighbours of the post at `index` in the newest-first list.
    pub fn neighbours(&self, slug: &str) -> (Option<&PostSummary>, Option<&PostSummary>) {
        let Some(i) = self.posts.iter().position(|p| p.slug == slug) else {
            return (None, None);
        };
        let newer = i.checked_sub(1).and_then(|j| self.posts.get(j));
        (newer, self.posts.get(i + 1))
    }
}

impl Manifest {
    /// The posts of a series, oldest first (the order to read them in).
    pub fn series(&self, name: &str) -> Vec<&PostSummary> {
        let mut posts: Vec<&PostSummary> = self.posts.iter().filter(|p| p.series.as_deref() == Some(name)).collect();
        posts.reverse(); // the manifest is newest first
        posts
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_follows_the_exact_text() {
        let a = super::fingerprint("{\"version\":1}");
        assert_eq!(a.len(), 16);
        assert_eq!(a, super::fingerprint("{\"version\":1}"));
        assert_ne!(a, super::fingerprint("{\"version\": 1}"));
    }

    use super::*;

    fn post(slug: &str, tags: &[&str], series: Option<&str>) -> PostSummary {
        PostSummary {
            slug: slug.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            series: series.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn series_lists_its_posts_oldest_first() {
        let posts = vec![
            post("part-3", &[], Some("s")),
            post("other", &[], None),
            post("part-2", &[], Some("s")),
            post("part-1", &[], Some("s")),
        ];
        let m = Manifest { posts, ..Default::default() };
        let order: Vec<_> = m.series("s").iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(order, ["part-1", "part-2", "part-3"]);
    }

    #[test]
    fn problem_displays_as_file_line_field_message() {
        let p = Problem { file: "posts/a.md".into(), line: 3, field: Some("date".into()), message: "bad".into() };
        assert_eq!(p.to_string(), "posts/a.md:3: date: bad");
    }

    #[test]
    fn manifest_round_trips_through_json() {
        let m = Manifest {
            version: MANIFEST_VERSION,
            site: Site::default(),
            posts: vec![PostSummary { slug: "a".into(), title: "タイトル".into(), ..Default::default() }],
            pages: vec![],
            problems: vec![],
        };
        let json = serde_json::to_string(&m).unwrap();
        assert!(!json.contains("problems"), "empty problems are omitted: {json}");
        assert_eq!(serde_json::from_str::<Manifest>(&json).unwrap(), m);
    }

    #[test]
    fn neighbours_follow_list_order() {
        let posts = ["c", "b", "a"].map(|s| PostSummary { slug: s.into(), ..Default::default() }).to_vec();
        let m = Manifest { posts, ..Default::default() };
        let (newer, older) = m.neighbours("b");
        assert_eq!((newer.unwrap().slug.as_str(), older.unwrap().slug.as_str()), ("c", "a"));
        assert_eq!(m.neighbours("c").0, None);
    }
}
