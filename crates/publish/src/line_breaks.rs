//! `<wbr>` between the phrases of Japanese titles and headings, found at build time
//! ([`crate::phrases`]), for browsers that cannot find them (Firefox and Safari have
//! no `word-break: auto-phrase`): with `word-break: keep-all` there, a line breaks at
//! these and nowhere else inside a Japanese run.

use std::borrow::Cow;

use fumi_content::cjk::is_spaceless;

use crate::fenced_lines::FencedLines;

/// Byte offsets in `text` where a `<wbr>` goes: between two phrases, where the text
/// itself has no break (no space) and both sides are Japanese.
pub fn offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 0;
    let phrases = crate::phrases::phrases(text);
    for phrase in &phrases[..phrases.len().saturating_sub(1)] {
        at += phrase.len();
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        if before.is_some_and(is_spaceless) && after.is_some_and(is_spaceless) {
            offsets.push(at);
        }
    }
    offsets
}

/// `text` escaped for HTML, with `<wbr/>` at its [`offsets`] (written closed, as the
/// check of drawn markup wants void elements).
pub fn escaped_with_breaks(text: &str) -> String {
    let mut html = String::new();
    let mut last = 0;
    for at in offsets(text) {
        html.push_str(&fumi_content::markdown::escape_html(&text[last..at]));
        html.push_str("<wbr/>");
        last = at;
    }
    html + &fumi_content::markdown::escape_html(&text[last..])
}

/// The body with `<wbr>` in its ATX headings (`## …`) between Japanese phrases.
/// Headings holding Markdown syntax (code, links, emphasis, ruby, math) are left as
/// written: a `<wbr>` there could land inside the syntax.
pub fn mark_headings(markdown: &str) -> Cow<'_, str> {
    let mut fences = FencedLines::default();
    let mut out = String::new();
    let mut changed = false;
    for line in markdown.split_inclusive('\n') {
        let marked = (!fences.is_code(line)).then(|| mark_heading(line)).flatten();
        changed |= marked.is_some();
        out.push_str(marked.as_deref().unwrap_or(line));
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(markdown)
    }
}

fn mark_heading(line: &str) -> Option<String> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let text_start = hashes + 1;
    if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') || line.starts_with(' ') {
        return None;
    }
    let text = line[text_start..].trim_end();
    if text.contains(['`', '[', ']', '*', '_', '<', '>', '\\', '$', '{', '|', '~', '&']) {
        return None;
    }
    let offsets = offsets(text);
    if offsets.is_empty() {
        return None;
    }
    let mut marked = line[..text_start].to_owned();
    let mut last = 0;
    for at in offsets {
        marked.push_str(&text[last..at]);
        marked.push_str("<wbr>");
        last = at;
    }
    marked.push_str(&line[text_start + last..]);
    Some(marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_japanese_heading_gets_a_break_between_phrases_and_never_inside_a_word() {
        let body = "## 最初に見たダッシュボード\n\n本文です。\n";
        let marked = mark_headings(body);
        let heading = marked.lines().next().unwrap();
        assert!(heading.contains("<wbr>"), "{heading}");
        assert_eq!(heading.replace("<wbr>", ""), "## 最初に見たダッシュボード");
        assert!(!heading.contains("ダッシュ<wbr>"), "a word stays whole: {heading}");
        assert!(marked.ends_with("\n\n本文です。\n"), "prose is left alone");
    }

    #[test]
    fn latin_headings_code_and_headings_with_syntax_are_left_as_written() {
        for body in [
            "## Moving to EKS\n",
            "```md\n## 最初に見たダッシュボード\n```\n",
            "## `kubectl` で見たダッシュボード\n",
            "## [公式の手順](https://example.com)を読む\n",
            "#ハッシュタグのような行\n",
        ] {
            assert_eq!(mark_headings(body), body, "{body}");
        }
    }

    #[test]
    fn card_titles_are_escaped_with_their_breaks() {
        let html = escaped_with_breaks("<b>リアルな話</b>をしたい & more");
        assert!(html.starts_with("&lt;b&gt;"), "{html}");
        assert!(html.contains("<wbr/>") && !html.contains("<b>"), "{html}");
        assert!(fumi_content::markdown::markup::is_card(&format!("<figure><span>{html}</span></figure>")));
        assert_eq!(html.replace("<wbr/>", ""), "&lt;b&gt;リアルな話&lt;/b&gt;をしたい &amp; more");
    }

    #[test]
    fn breaks_sit_only_between_japanese_characters() {
        let text = "推論 API の待ち時間を数式と図で見積もる";
        for at in offsets(text) {
            let before = text[..at].chars().next_back().unwrap();
            let after = text[at..].chars().next().unwrap();
            assert!(is_spaceless(before) && is_spaceless(after), "{before}|{after}");
        }
        assert!(!offsets(text).is_empty());
    }
}
