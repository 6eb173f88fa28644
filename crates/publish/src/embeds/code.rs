//! Code permalinks: a GitHub or GitLab file at a commit, with or without a line range
//! (`#L10-L20`, `#L10-20`, `#L10`), shown as its lines, highlighted. The raw file is
//! fetched from the host's raw address. A file without a range is shown whole when it
//! is short; a long one gets a link card instead. Gists are link cards (their pages
//! describe themselves well).

use super::card::{CodeLines, Embed, EmbedKind};
use url::Url;

use super::fetch::{Deadline, Fetcher};
use crate::hints::Highlighter;

/// Most lines shown of a range; a file without a range longer than this is a link card.
pub const MAX_LINES: usize = 200;

/// Where raw files are fetched from. Tests point them at a local server.
#[derive(Clone, Debug)]
pub struct RawHosts {
    /// Serves `OWNER/REPO/REF/PATH` of GitHub.
    pub github: String,
    /// GitLab's own origin (raw files are at `GROUP/PROJECT/-/raw/REF/PATH`).
    pub gitlab: String,
}

impl Default for RawHosts {
    fn default() -> Self {
        RawHosts { github: "https://raw.githubusercontent.com".into(), gitlab: "https://gitlab.com".into() }
    }
}

/// A file at a commit, as a permalink names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permalink {
    /// Path of the raw file below the raw host.
    raw_path: String,
    host: Host,
    /// The file's path in its repository, decoded.
    pub path: String,
    /// The 1-based first and last line asked for.
    pub lines: Option<(usize, usize)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Host {
    GitHub,
    GitLab,
}

/// The permalink `url` is, if it is one of a file on GitHub or GitLab.
pub fn recognise(url: &str) -> Option<Permalink> {
    let parsed = Url::parse(url).ok()?;
    if parsed.scheme() != "https" {
        return None;
    }
    let segments: Vec<&str> = parsed.path_segments()?.collect();
    let (host, raw_path, path) = match parsed.host_str()? {
        "github.com" => match segments[..] {
            [owner, repo, "blob", reference, ref rest @ ..] if !rest.is_empty() => {
                (Host::GitHub, format!("{owner}/{repo}/{reference}/{}", rest.join("/")), rest.join("/"))
            }
            _ => return None,
        },
        "gitlab.com" => {
            let dash = segments.iter().position(|s| *s == "-")?;
            match &segments[dash..] {
                ["-", "blob", reference, rest @ ..] if dash >= 2 && !rest.is_empty() => (
                    Host::GitLab,
                    format!("{}/-/raw/{reference}/{}", segments[..dash].join("/"), rest.join("/")),
                    rest.join("/"),
                ),
                _ => return None,
            }
        }
        _ => return None,
    };
    if path.split('/').any(|s| s.is_empty() || s == "..") {
        return None;
    }
    let lines = parsed.fragment().and_then(line_range);
    Some(Permalink { raw_path, host, path: fumi_content::url::decode_segment(&path), lines })
}

/// `L10-L20` (GitHub), `L10-20` (GitLab) or `L10`.
fn line_range(fragment: &str) -> Option<(usize, usize)> {
    let number = |s: &str| s.strip_prefix('L').unwrap_or(s).split('C').next()?.parse::<usize>().ok().filter(|n| *n > 0);
    let (first, last) = match fragment.split_once('-') {
        Some((first, last)) => (number(first.strip_prefix('L')?)?, number(last)?),
        None => {
            let line = number(fragment.strip_prefix('L')?)?;
            (line, line)
        }
    };
    Some((first.min(last), first.max(last)))
}

/// The lines the permalink points to, highlighted; `Ok(None)` when it names a whole
/// file too long to show (a link card is better).
pub fn resolve(
    permalink: &Permalink,
    fetcher: &Fetcher,
    hosts: &RawHosts,
    highlighter: &Highlighter,
    deadline: &Deadline,
) -> Result<Option<Embed>, String> {
    let base = match permalink.host {
        Host::GitHub => &hosts.github,
        Host::GitLab => &hosts.gitlab,
    };
    let (file, _) = fetcher.get_text(&format!("{}/{}", base.trim_end_matches('/'), permalink.raw_path), deadline)?;
    let all: Vec<&str> = file.lines().map(|line| line.strip_suffix('\r').unwrap_or(line)).collect();
    let (first, last) = match permalink.lines {
        Some((first, _)) if first > all.len() => {
            return Err(format!("the file has {} lines, the link points to line {first}", all.len()))
        }
        Some((first, last)) => (first, last.min(all.len()).min(first + MAX_LINES - 1)),
        None if all.len() > MAX_LINES => return Ok(None),
        None => (1, all.len()),
    };
    let mut text = all[first - 1..last].join("\n");
    text.push('\n');
    let file_name = permalink.path.rsplit('/').next().unwrap_or(&permalink.path).to_ascii_lowercase();
    let token = match file_name.rsplit_once('.') {
        Some((_, extension)) => extension.to_owned(),
        None => file_name,
    };
    let highlighted = highlighter.highlight_remembered(&token, &text);
    let code = CodeLines {
        path: permalink.path.clone(),
        first: first as u32,
        lang: highlighted.is_some().then(|| language_name(&token).to_owned()),
        text,
        highlighted,
    };
    let site = match permalink.host {
        Host::GitHub => "GitHub",
        Host::GitLab => "GitLab",
    };
    Ok(Some(Embed {
        kind: EmbedKind::Code,
        title: permalink.path.clone(),
        site: site.into(),
        code: Some(code),
        ..Embed::default()
    }))
}

/// The name a fence would give the language of a file extension (the renderer's
/// `language-…` class), for the common ones; else the extension itself.
fn language_name(extension: &str) -> &str {
    match extension {
        "rs" => "rust",
        "py" => "python",
        "rb" => "ruby",
        "js" | "mjs" | "cjs" => "javascript",
        "ts" | "mts" | "cts" => "typescript",
        "sh" | "zsh" => "bash",
        "yml" => "yaml",
        "md" => "markdown",
        "tf" => "hcl",
        "kt" | "kts" => "kotlin",
        "h" => "c",
        "cc" | "cpp" | "cxx" | "hpp" => "cpp",
        "cs" => "csharp",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_permalinks_name_the_raw_file_and_the_lines() {
        let link = recognise("https://github.com/o/r/blob/0123abc/src/main.rs#L10-L20").unwrap();
        assert_eq!(link.raw_path, "o/r/0123abc/src/main.rs");
        assert_eq!(link.path, "src/main.rs");
        assert_eq!(link.lines, Some((10, 20)));
        assert_eq!(recognise("https://github.com/o/r/blob/main/a.go#L7").unwrap().lines, Some((7, 7)));
        assert_eq!(recognise("https://github.com/o/r/blob/main/a.go").unwrap().lines, None);
    }

    #[test]
    fn gitlab_permalinks_keep_their_groups() {
        let link = recognise("https://gitlab.com/group/sub/project/-/blob/v1.0/lib/x.py#L3-9").unwrap();
        assert_eq!(link.raw_path, "group/sub/project/-/raw/v1.0/lib/x.py");
        assert_eq!(link.lines, Some((3, 9)));
    }

    #[test]
    fn other_addresses_are_no_permalinks() {
        for url in [
            "https://github.com/o/r",
            "https://github.com/o/r/tree/main/src",
            "https://github.com/o/r/blob/main/",
            "https://gist.github.com/u/0123",
            "https://gitlab.com/group/project/-/issues/1",
            "http://github.com/o/r/blob/main/a.rs",
        ] {
            assert_eq!(recognise(url), None, "{url}");
        }
    }
}
