//! The redirect map: addresses the blog had before (on Hatena Blog, on WordPress) and
//! the post each now lives at, so old links keep working. `fumi-publish import` writes
//! it; authors may edit it. One redirect per line, old path then new:
//!
//! ```text
//! # redirects.txt
//! /entry/2021/01/04/123456   /posts/2021-01-04-123456
//! /2021/03/terraform-eks/    /posts/terraform-eks
//! ```
//!
//! A release build answers each old path on every host the README lists: a rule in
//! `_redirects` (Netlify, Cloudflare Pages: a real 301), and a small page at the old
//! path for hosts without rules (object storage, GitHub Pages, nginx without the
//! README's snippet), which sends the reader on at once and names the new address as
//! canonical for search engines.

use std::path::Path;

use fumi_content::markdown::escape_html as esc;

/// The map's file, in the project root.
pub const FILE: &str = "redirects.txt";

/// One old address and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    /// A path on this site: `/entry/2021/01/04/123456`.
    pub from: String,
    /// A path on this site (`/posts/slug`) or an absolute `https://` URL.
    pub to: String,
    /// Its line in the file.
    pub line: usize,
}

/// Reads the map; a missing file is an empty one. Lines that cannot be read are
/// errors naming `redirects.txt:line`.
pub fn read(root: &Path) -> Result<Vec<Redirect>, Vec<String>> {
    match std::fs::read_to_string(root.join(FILE)) {
        Ok(text) => parse(&text),
        Err(_) => Ok(Vec::new()),
    }
}

fn parse(text: &str) -> Result<Vec<Redirect>, Vec<String>> {
    let mut redirects: Vec<Redirect> = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let problem = match parts.as_slice() {
            [from, to] if !from.starts_with('/') || from.starts_with("//") => {
                Some(format!("{from:?} is not a path of this site (it starts with one /)"))
            }
            [from, _] if *from == "/" => Some("the home page cannot be redirected".into()),
            [from, _] if from.contains(['?', '*', ':']) => {
                Some(format!("{from:?}: static hosts match plain paths only (no query, no * or :placeholders)"))
            }
            [_, to] if !(to.starts_with('/') || to.starts_with("https://") || to.starts_with("http://")) => {
                Some(format!("{to:?} is neither a path of this site (/posts/…) nor an http(s):// address"))
            }
            [from, _] if redirects.iter().any(|r| r.from == *from) => {
                let first = redirects.iter().find(|r| r.from == *from).map_or(0, |r| r.line);
                Some(format!("{from} is redirected twice (first on line {first})"))
            }
            [from, to] => {
                redirects.push(Redirect { from: (*from).to_owned(), to: (*to).to_owned(), line: number });
                None
            }
            _ => Some("expected an old path and a new one, separated by spaces".into()),
        };
        if let Some(problem) = problem {
            errors.push(format!("{FILE}:{number}: {problem}"));
        }
    }
    if errors.is_empty() {
        Ok(redirects)
    } else {
        Err(errors)
    }
}

/// Adds `pairs` (old path, new path) to the map in `root`, replacing the target of
/// an old path already there; every other line (comments, hand-written redirects)
/// stays as it was.
pub fn add(root: &Path, pairs: &[(String, String)]) -> Result<(), String> {
    let path = root.join(FILE);
    let mut text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Old addresses of this blog's posts and where they are now: old path, new path.\n\
         # A release build answers each old path with a redirect (see the README).\n"
            .to_owned()
    });
    for (from, to) in pairs {
        let existing = text.lines().position(|line| line.split_whitespace().next() == Some(from.as_str()));
        let entry = format!("{from}  {to}");
        match existing {
            Some(index) => {
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                lines[index] = entry;
                text = lines.join("\n") + "\n";
            }
            None => {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&entry);
                text.push('\n');
            }
        }
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Makes a release build in `dist` (served at `base_path`, published at `base_url`)
/// answer every redirect of the map: rules at the top of `_redirects`, and a page at
/// each old path. A redirect to a post this build does not have (a draft) is left
/// out with a warning; an old path that is one of the site's own pages is an error.
/// Returns the warnings and how many redirects were written.
pub fn write(
    dist: &Path,
    redirects: &[Redirect],
    base_path: &str,
    base_url: &str,
) -> Result<(Vec<String>, usize), String> {
    let mut warnings = Vec::new();
    let mut rules = String::new();
    let mut written = 0;
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    for redirect in redirects {
        let at = |what: &str| format!("{FILE}:{}: {what}", redirect.line);
        let old = redirect.from.trim_matches('/');
        let own = [dist.join(old), dist.join(format!("{old}.html")), dist.join(old).join("index.html")];
        if own.iter().any(|file| file.is_file()) {
            return Err(at(&format!("{} is a page of this site; redirecting it would hide the page", redirect.from)));
        }
        let internal = redirect.to.starts_with('/');
        if internal {
            let new = redirect.to.trim_matches('/');
            let target = [dist.join(format!("{new}.html")), dist.join(new).join("index.html")];
            if !target.iter().any(|file| file.is_file()) {
                warnings.push(at(&format!("{} is not a page of this build (a draft?): left out", redirect.to)));
                continue;
            }
        }
        let (relative, absolute) = if internal {
            let new = redirect.to.trim_start_matches('/');
            (format!("{base_path}{new}"), format!("{}/{new}", base_url.trim_end_matches('/')))
        } else {
            (redirect.to.clone(), redirect.to.clone())
        };
        // `!`: Netlify serves a file at a path before a rule unless forced, and the
        // page below is such a file. Cloudflare Pages always follows its rules.
        // Rules match the path as browsers send it: percent-encoded.
        let encoded = |path: &str| path.split('/').map(fumi_content::url::encode_segment).collect::<Vec<_>>().join("/");
        rules.push_str(&format!(
            "{}{}  {}  301!\n",
            encoded(base_path),
            encoded(old),
            if internal { encoded(&relative) } else { relative.clone() }
        ));
        let page = redirect_page(&relative, &absolute);
        let files = if redirect.from.ends_with('/') {
            vec![dist.join(old).join("index.html")]
        } else {
            vec![dist.join(format!("{old}.html")), dist.join(old).join("index.html")]
        };
        for file in files {
            let parent = file.parent().expect("a file in dist");
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            std::fs::write(&file, &page).map_err(|e| io(&file, e))?;
        }
        written += 1;
    }
    if !rules.is_empty() {
        let path = dist.join("_redirects");
        let fallback = std::fs::read_to_string(&path).unwrap_or_default();
        // The host reads rules top down: these before the app's fallback.
        std::fs::write(&path, format!("# Old addresses ({FILE})\n{rules}{fallback}")).map_err(|e| io(&path, e))?;
    }
    Ok((warnings, written))
}

/// A page that sends the reader on at once, without script (the site's policy allows
/// none inline), to `path` on this host (so a preview deploy stays on itself), and
/// tells search engines that `canonical` is the address to keep.
fn redirect_page(path: &str, canonical: &str) -> String {
    let (path, canonical) = (esc(path), esc(canonical));
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={path}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p>This post has moved: <a href=\"{path}\">{canonical}</a></p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_skips_comments_and_names_the_line_of_each_mistake() {
        let map = "# from Hatena\n/entry/2021/01/04/123456  /posts/a  # moved\n\n/2021/03/x/ https://other.example/x\n";
        let read = parse(map).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(
            (read[0].from.as_str(), read[0].to.as_str(), read[0].line),
            ("/entry/2021/01/04/123456", "/posts/a", 2)
        );
        let errors = parse("entry/x /posts/a\n/ /posts/a\n/a?p=1 /posts/a\n/b posts/b\n/c\n/d /posts/d\n/d /posts/e\n")
            .unwrap_err();
        assert_eq!(errors.len(), 6, "{errors:#?}");
        assert!(errors[0].starts_with("redirects.txt:1: \"entry/x\" is not a path"), "{errors:#?}");
        assert!(errors[5].starts_with("redirects.txt:7: /d is redirected twice (first on line 6)"), "{errors:#?}");
    }

    #[test]
    fn adding_replaces_a_target_and_keeps_everything_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "# mine\n/old  /posts/kept\n/entry/a  /posts/a\n").unwrap();
        add(dir.path(), &[("/entry/a".into(), "/posts/a-2".into()), ("/entry/b".into(), "/posts/b".into())]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join(FILE)).unwrap(),
            "# mine\n/old  /posts/kept\n/entry/a  /posts/a-2\n/entry/b  /posts/b\n"
        );
    }

    #[test]
    fn a_build_gets_rules_first_and_a_page_at_each_old_path() {
        let dist = tempfile::tempdir().unwrap();
        let d = dist.path();
        std::fs::create_dir_all(d.join("posts")).unwrap();
        std::fs::write(d.join("posts/a.html"), "post").unwrap();
        std::fs::write(d.join("_redirects"), "/blog/*  /blog/404.html  200\n").unwrap();
        let map = parse("/entry/2021/01/04/123456 /posts/a\n/2021/03/x/ /posts/a\n/gone /posts/draft\n").unwrap();
        let (warnings, written) = write(d, &map, "/blog/", "https://example.jp/blog/").unwrap();
        assert_eq!(written, 2);
        assert_eq!(warnings, ["redirects.txt:3: /posts/draft is not a page of this build (a draft?): left out"]);
        assert_eq!(
            std::fs::read_to_string(d.join("_redirects")).unwrap(),
            "# Old addresses (redirects.txt)\n/blog/entry/2021/01/04/123456  /blog/posts/a  301!\n/blog/2021/03/x  /blog/posts/a  301!\n/blog/*  /blog/404.html  200\n"
        );
        let page = std::fs::read_to_string(d.join("entry/2021/01/04/123456.html")).unwrap();
        assert!(page.contains("content=\"0; url=/blog/posts/a\""), "{page}");
        assert!(page.contains("<link rel=\"canonical\" href=\"https://example.jp/blog/posts/a\">"), "{page}");
        assert_eq!(std::fs::read_to_string(d.join("entry/2021/01/04/123456/index.html")).unwrap(), page);
        assert!(d.join("2021/03/x/index.html").is_file() && !d.join("2021/03/x.html").exists());
        assert!(!d.join("gone.html").exists());
    }

    #[test]
    fn an_old_path_that_is_one_of_the_sites_pages_is_refused() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dist.path().join("posts")).unwrap();
        std::fs::write(dist.path().join("posts/a.html"), "post").unwrap();
        std::fs::write(dist.path().join("tags.html"), "tags").unwrap();
        let map = parse("/tags /posts/a\n").unwrap();
        let err = write(dist.path(), &map, "/", "https://example.jp/").unwrap_err();
        assert_eq!(err, "redirects.txt:1: /tags is a page of this site; redirecting it would hide the page");
    }
}
