//! `fumi-publish new "Title"`: scaffolds `posts/<slug>.md` with today's date and a
//! draft front matter, so an author starts from a post that already validates.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use fumi_content::date::Date;
use fumi_content::{front_matter, slugify};

use crate::config;
use crate::publish::POSTS_DIR;

/// What the author asked for on the command line.
#[derive(Clone, Debug, Default)]
pub struct NewPost {
    pub title: String,
    /// `--lang`; else detected from the title, else the site's language.
    pub lang: Option<String>,
    /// `--tags a,b`, split on commas.
    pub tags: Vec<String>,
}

impl NewPost {
    /// Splits `--tags` text (`kubernetes, 機械学習`) into tags, dropping empty ones.
    pub fn parse_tags(text: &str) -> Vec<String> {
        text.split([',', '、']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
    }
}

/// Writes `posts/<slug>.md` under `root`, dated `today`, and returns its path.
/// Never overwrites: an existing file is an error that names it.
pub fn create(root: &Path, post: &NewPost, today: Date) -> Result<PathBuf, String> {
    let title = post.title.trim();
    if title.is_empty() {
        return Err("the title is empty: fumi-publish new \"My first post\"".into());
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!("`{title}` has no letters or digits to make a file name from; choose another title"));
    }
    let lang = match &post.lang {
        Some(lang) => lang.clone(),
        None => match fumi_content::prose::detect_language(title) {
            Some(lang) => lang.to_owned(),
            None => config::load(root)?.language,
        },
    };
    let text = scaffold(title, today, &post.tags, &lang);
    // The scaffold must be a valid post: this catches a bad `--lang` with the same
    // message `check` would print.
    if let Err(errors) = front_matter::parse(&text) {
        let messages: Vec<String> =
            errors.into_iter().map(|e| format!("{}: {}", e.field.unwrap_or_default(), e.message)).collect();
        return Err(messages.join("; "));
    }

    let dir = root.join(POSTS_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{slug}.md"));
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(format!(
                "{} already exists; edit it, or choose a title that makes another file name",
                path.display()
            ))
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    file.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// The new post's text: front matter and a line on what to do next.
fn scaffold(title: &str, date: Date, tags: &[String], lang: &str) -> String {
    // JSON strings are valid YAML double-quoted scalars, so quoting is exact.
    let quote = |s: &str| serde_json::to_string(s).expect("text serialises");
    let tags: Vec<String> = tags.iter().map(|t| quote(t)).collect();
    let hint = if fumi_content::lang::is_japanese(lang) {
        "ここに本文を Markdown で書きます。公開するときは `draft: true` の行を消してください。"
    } else {
        "Write the post here, in Markdown. Delete the `draft: true` line to publish it."
    };
    format!(
        "---\ntitle: {}\ndate: {date}\ntags: [{}]\nlang: {}\ndraft: true\n---\n\n{hint}\n",
        quote(title),
        tags.join(", "),
        if lang.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') { lang.to_owned() } else { quote(lang) }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2031-04-05").unwrap()
    }

    fn new(title: &str, lang: Option<&str>, tags: &str) -> NewPost {
        NewPost { title: title.into(), lang: lang.map(str::to_owned), tags: NewPost::parse_tags(tags) }
    }

    #[test]
    fn scaffolds_a_draft_that_validates_with_todays_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = create(dir.path(), &new("Hello, \"fumi\": part 2", Some("en"), "rust, wasm"), today()).unwrap();
        assert_eq!(path, dir.path().join("posts/hello-fumi-part-2.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        let post = front_matter::parse(&text).unwrap();
        let fm = post.front_matter;
        assert_eq!(fm.title, "Hello, \"fumi\": part 2");
        assert_eq!(fm.date, today());
        assert_eq!(fm.tags, ["rust", "wasm"]);
        assert_eq!(fm.lang.as_deref(), Some("en"));
        assert!(fm.draft);
        assert!(post.warnings.is_empty(), "{:?}", post.warnings);
        assert!(post.body.contains("Markdown"), "{}", post.body);
    }

    #[test]
    fn japanese_titles_keep_japanese_in_the_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let path =
            create(dir.path(), &new("Amazon EKS の開発チームに移ります", None, "キャリア、aws"), today()).unwrap();
        assert_eq!(path.file_name().unwrap(), "amazon-eks-の開発チームに移ります.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let fm = front_matter::parse(&text).unwrap().front_matter;
        assert_eq!(fm.lang.as_deref(), Some("ja"), "detected from the title");
        assert_eq!(fm.tags, ["キャリア", "aws"]);
        assert!(text.contains("本文"), "{text}");
    }

    #[test]
    fn the_site_language_is_the_fallback() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fumi.toml"), "language = \"ja\"\n").unwrap();
        let path = create(dir.path(), &new("2031", None, ""), today()).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(front_matter::parse(&text).unwrap().front_matter.lang.as_deref(), Some("ja"));
    }

    #[test]
    fn never_overwrites_an_existing_post() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("posts")).unwrap();
        std::fs::write(dir.path().join("posts/hello.md"), "mine").unwrap();
        let err = create(dir.path(), &new("Hello", Some("en"), ""), today()).unwrap_err();
        assert!(err.contains("hello.md already exists"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("posts/hello.md")).unwrap(), "mine");
    }

    #[test]
    fn rejects_titles_without_a_file_name_and_bad_languages() {
        let dir = tempfile::tempdir().unwrap();
        assert!(create(dir.path(), &new("!!!", None, ""), today()).unwrap_err().contains("no letters"));
        assert!(create(dir.path(), &new("  ", None, ""), today()).unwrap_err().contains("empty"));
        let err = create(dir.path(), &new("Hi", Some("日本語"), ""), today()).unwrap_err();
        assert!(err.starts_with("lang: "), "{err}");
        assert!(!dir.path().join("posts/hi.md").exists());
    }
}
