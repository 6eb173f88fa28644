//! Where the published files live. The publishing tool writes them and the app fetches
//! them: each file has one name here, as a path on disk and as a URL, so the two
//! sides cannot disagree.

use crate::url::encode_segment;

/// The folder of the build that holds everything below, relative to the site root.
pub const POSTS_DIR: &str = "posts";

/// The folder of the build, beside [`POSTS_DIR`], holding the link-preview images the
/// publishing tool draws: `previews/<slug>-<hash>.png`.
pub const PREVIEWS_DIR: &str = "previews";

/// Width and height of a drawn preview image, the size social sites show large.
pub const PREVIEW_SIZE: (u32, u32) = (1200, 630);

/// Whether a post's `image` (a path below the site root, or a URL) is one the
/// publishing tool drew, and so [`PREVIEW_SIZE`].
pub fn is_drawn_preview(image: &str) -> bool {
    image.strip_prefix(PREVIEWS_DIR).is_some_and(|rest| rest.starts_with('/'))
}

/// One file the publishing tool writes into [`POSTS_DIR`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteFile<'a> {
    /// The list of posts and the site's settings.
    Manifest,
    /// A post's Markdown body (front matter removed), by slug.
    PostBody(&'a str),
    /// A post's render hints (highlighting, image sizes), by slug.
    PostHints(&'a str),
    /// What the search needs before any shard: shard counts and post metadata.
    SearchMeta,
    /// Shard `n` of the term index.
    TermShard(u32),
    /// Shard `n` of the post texts, for snippets.
    TextShard(u32),
}

impl SiteFile<'_> {
    /// The path below [`POSTS_DIR`] on disk, as the file system names it:
    /// `manifest.json`, `eks-移籍.md`, `search/terms-3.json`.
    pub fn in_posts_dir(&self) -> String {
        self.name(|slug| slug.to_owned())
    }

    /// The URL relative to the site root, percent-encoded as a browser sends it:
    /// `posts/manifest.json`, `posts/eks-%E7%A7%BB%E7%B1%8D.md`.
    pub fn url(&self) -> String {
        format!("{POSTS_DIR}/{}", self.name(encode_segment))
    }

    fn name(&self, slug_as: impl Fn(&str) -> String) -> String {
        match *self {
            SiteFile::Manifest => "manifest.json".into(),
            SiteFile::PostBody(slug) => format!("{}.md", slug_as(slug)),
            SiteFile::PostHints(slug) => format!("{}.hints.json", slug_as(slug)),
            SiteFile::SearchMeta => "search/meta.json".into(),
            SiteFile::TermShard(n) => format!("search/terms-{n}.json"),
            SiteFile::TextShard(n) => format!("search/text-{n}.json"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SiteFile;

    #[test]
    fn a_file_has_one_name_on_disk_and_one_url() {
        assert_eq!(SiteFile::Manifest.url(), "posts/manifest.json");
        assert_eq!(SiteFile::Manifest.in_posts_dir(), "manifest.json");
        assert_eq!(SiteFile::PostBody("eks-移籍").in_posts_dir(), "eks-移籍.md");
        assert_eq!(SiteFile::PostBody("eks-移籍").url(), "posts/eks-%E7%A7%BB%E7%B1%8D.md");
        assert_eq!(SiteFile::PostHints("a").url(), "posts/a.hints.json");
        assert_eq!(SiteFile::TermShard(3).url(), "posts/search/terms-3.json");
        assert_eq!(SiteFile::TextShard(0).in_posts_dir(), "search/text-0.json");
        assert_eq!(SiteFile::SearchMeta.url(), "posts/search/meta.json");
    }
}
