//! Zenn's and Qiita's container blocks, so posts brought from there read as they did:
//!
//! ```text
//! :::message            → a note box      :::note info   → a note box
//! :::message alert      → a warning box   :::note warn   → a warning box
//! :::details タイトル    → a fold           :::note alert  → a caution box
//! ```
//!
//! ending at a line of as many colons as opened it (Zenn nests `::::details` around
//! `:::message`). [`expand`] rewrites them, before anything reads the body, into the
//! Markdown fumi already renders: a box becomes a GitHub-style alert (`> [!NOTE]`),
//! and a fold a block quote whose first line is marked, which [`fold_details`] turns
//! into `<details>` while rendering. The publishing tool expands every body it
//! publishes, so excerpts, search and the browser see the same text; the browser only
//! carries the small rendering pass.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_html;

/// Marks a block quote as a fold; the rest of its first line is the fold's title. A
/// Unicode noncharacter: no text an author types contains it.
const FOLD: char = '\u{FDD0}';

/// The body with every container block rewritten (unchanged when it has none).
pub fn expand(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains(":::") {
        return Cow::Borrowed(markdown);
    }
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    expand_lines(&lines, &mut out);
    let mut text = out.join("\n");
    if markdown.ends_with('\n') {
        text.push('\n');
    }
    Cow::Owned(text)
}

/// What an opening line asks for: the alert kind, or a fold and its title.
enum Container<'a> {
    Alert(&'static str),
    Fold(&'a str),
}

/// `:::name args` → (colons, container); anything else is no opener.
fn opener(line: &str) -> Option<(usize, Container<'_>)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None; // indented code
    }
    let colons = trimmed.len() - trimmed.trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let rest = trimmed[colons..].trim();
    let (name, args) = rest.split_once(char::is_whitespace).map_or((rest, ""), |(n, a)| (n, a.trim()));
    let container = match (name, args) {
        ("message", "") => Container::Alert("NOTE"),
        ("message", "alert") => Container::Alert("WARNING"),
        ("note", "" | "info") => Container::Alert("NOTE"),
        ("note", "warn") => Container::Alert("WARNING"),
        ("note", "alert") => Container::Alert("CAUTION"),
        ("details", title) => Container::Fold(title),
        _ => return None,
    };
    Some((colons, container))
}

/// The line closing a container opened with `colons` colons.
fn is_closer(line: &str, colons: usize) -> bool {
    let trimmed = line.trim();
    trimmed.len() == colons && trimmed.bytes().all(|b| b == b':')
}

/// A code fence's marker (```` ``` ```` or `~~~`, three or more) if `line` opens or
/// closes one.
fn fence(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.len() - trimmed.trim_start_matches(marker).len();
    (run >= 3).then(|| &trimmed[..run])
}

fn expand_lines(lines: &[&str], out: &mut Vec<String>) {
    let mut i = 0;
    let mut in_fence: Option<&str> = None;
    while i < lines.len() {
        let line = lines[i];
        if let Some(marker) = in_fence {
            if fence(line).is_some_and(|m| m.starts_with(marker) && line.trim().trim_start_matches(marker).is_empty()) {
                in_fence = None;
            }
            out.push(line.to_owned());
            i += 1;
            continue;
        }
        if let Some(marker) = fence(line) {
            in_fence = Some(marker);
            out.push(line.to_owned());
            i += 1;
            continue;
        }
        let Some((colons, container)) = opener(line) else {
            out.push(line.to_owned());
            i += 1;
            continue;
        };
        let Some(end) = closing_line(lines, i + 1, colons) else {
            // Never closed: left as the author wrote it.
            out.push(line.to_owned());
            i += 1;
            continue;
        };
        let mut inner = Vec::new();
        expand_lines(&lines[i + 1..end], &mut inner);
        match container {
            Container::Alert(kind) => out.push(format!("> [!{kind}]")),
            Container::Fold(title) => {
                out.push(format!("> {FOLD}{title}"));
                out.push(">".to_owned());
            }
        }
        out.extend(inner.iter().map(|l| if l.is_empty() { ">".to_owned() } else { format!("> {l}") }));
        // A blank line ends the quote, whatever follows.
        out.push(String::new());
        i = end + 1;
    }
}

/// The index of the line closing a container opened before `from`, skipping code.
fn closing_line(lines: &[&str], from: usize, colons: usize) -> Option<usize> {
    let mut in_fence: Option<&str> = None;
    for (offset, line) in lines[from..].iter().enumerate() {
        match in_fence {
            Some(marker) if fence(line).is_some_and(|m| m.starts_with(marker)) => in_fence = None,
            Some(_) => {}
            None if fence(line).is_some() => in_fence = fence(line),
            None if is_closer(line, colons) => return Some(from + offset),
            None => {}
        }
    }
    None
}

/// Rendering: a block quote [`expand`] marked as a fold becomes `<details>`, its first
/// paragraph the `<summary>` (untitled folds are called "Details" in the post's
/// language by the caller's `summary` text).
pub(crate) fn fold_details(events: &mut [Event], untitled: &str) {
    // For each open block quote: whether it is a fold.
    let mut open: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::BlockQuote(None)) => {
                let is_fold = matches!(events.get(i + 1), Some(Event::Start(Tag::Paragraph)))
                    && matches!(events.get(i + 2), Some(Event::Text(t)) if t.starts_with(FOLD));
                open.push(is_fold);
                if is_fold {
                    events[i] = Event::Html(CowStr::Borrowed("<details class=\"fold\">\n"));
                    events[i + 1] = Event::Html(CowStr::Borrowed("<summary>"));
                    if let Event::Text(text) = &events[i + 2] {
                        let title = text.trim_start_matches(FOLD).trim();
                        let title = if title.is_empty()
                            && !matches!(events.get(i + 3), Some(Event::Text(_) | Event::Code(_) | Event::Start(_)))
                        {
                            untitled.to_owned()
                        } else {
                            title.to_owned()
                        };
                        events[i + 2] = Event::Html(CowStr::from(escape_html(&title)));
                    }
                    // The title paragraph ends at its own End(Paragraph).
                    if let Some(end) = events[i + 3..].iter().position(|e| matches!(e, Event::End(TagEnd::Paragraph))) {
                        events[i + 3 + end] = Event::Html(CowStr::Borrowed("</summary>\n"));
                    }
                    i += 3;
                    continue;
                }
            }
            Event::End(TagEnd::BlockQuote(None)) => close_quote(&mut open, &mut events[i]),
            Event::Start(Tag::BlockQuote(Some(_))) => open.push(false),
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
}

/// The end of a block quote: `</details>` when the quote it closes is a fold.
fn close_quote(open: &mut Vec<bool>, event: &mut Event) {
    if open.pop() == Some(true) {
        *event = Event::Html(CowStr::Borrowed("</details>\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    #[test]
    fn zenn_and_qiita_boxes_become_alerts() {
        let md = ":::message\n移行前に確認してください。\n:::\n\n:::note warn\n**本番**では実行しない。\n:::\n";
        assert_eq!(
            expand(md),
            "> [!NOTE]\n> 移行前に確認してください。\n\n\n> [!WARNING]\n> **本番**では実行しない。\n\n"
        );
        let html = render(&expand(md)).html;
        assert!(html.contains("<div class=\"alert alert--note\" role=\"note\">"), "{html}");
        assert!(html.contains("<p><strong>本番</strong>では実行しない。</p>"), "{html}");
        assert!(!html.contains(":::"), "{html}");
        assert!(render(&expand(":::message alert\n危険\n:::\n")).html.contains("alert--warning"));
        assert!(render(&expand(":::note alert\n危険\n:::\n")).html.contains("alert--caution"));
    }

    #[test]
    fn a_fold_is_details_with_its_title_and_nests_with_more_colons() {
        let md = "::::details 設定ファイルの全文\n\n```yaml\nkind: Pod\n:::\n```\n\n:::message\n中の注意\n:::\n::::\n\n後ろの段落\n";
        let html = render(&expand(md)).html;
        assert!(html.starts_with("<details class=\"fold\">\n<summary>設定ファイルの全文</summary>\n"), "{html}");
        assert!(html.contains("kind: Pod\n:::\n"), "a ::: line inside code is code: {html}");
        assert!(html.contains("<div class=\"alert alert--note\""), "{html}");
        assert!(html.contains("</div>\n</details>\n<p>後ろの段落</p>"), "{html}");
    }

    #[test]
    fn unknown_unclosed_and_coded_containers_stay_as_written() {
        for md in [
            ":::warning\nx\n:::\n",
            ":::message\nnever closed\n",
            "```\n:::message\nx\n:::\n```\n",
            "ここに :::message と書いた\n",
        ] {
            assert_eq!(expand(md), md);
        }
    }

    #[test]
    fn plain_block_quotes_are_not_folds_and_a_hostile_title_is_text() {
        assert_eq!(render("> 引用\n").html, "<blockquote>\n<p>引用</p>\n</blockquote>\n");
        let html = render(&expand(":::details <img src=x onerror=alert(1)>\n中身\n:::\n")).html;
        assert!(html.contains("<summary>&lt;img src=x onerror=alert(1)&gt;</summary>"), "{html}");
    }
}
