//! Zenn's image syntax, rewritten by the publishing tool (only: the browser never sees
//! it) into what fumi renders:
//!
//! - `![alt](url =250x)` — a width after the address. CommonMark reads no image there
//!   at all (the reader would see the raw text), so the width is dropped and the image
//!   shows at fumi's own size (the column's width at most).
//! - a line `*caption*` right under an image — Zenn shows it as the caption. fumi takes
//!   captions from the image's title (`![alt](url "caption")`), so it moves there.
//!
//! Lines inside code blocks are left alone.

use std::borrow::Cow;

/// The body with Zenn's image forms rewritten (unchanged when it has none).
pub fn rewrite(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("![") {
        return Cow::Borrowed(markdown);
    }
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fenced = crate::fenced_lines::FencedLines::default();
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if fenced.is_code(line) {
            out.push(line.to_owned());
            i += 1;
            continue;
        }
        let sized = sized_images(line);
        let base = sized.as_deref().unwrap_or(line);
        // A caption line under a line that is just one image: the line is used up.
        if let Some(with_title) = lines.get(i + 1).and_then(|next| caption_of(next)).and_then(|c| titled(base, c)) {
            changed = true;
            out.push(with_title);
            i += 2;
            continue;
        }
        changed |= sized.is_some();
        out.push(sized.unwrap_or_else(|| line.to_owned()));
        i += 1;
    }
    if !changed {
        return Cow::Borrowed(markdown);
    }
    let mut text = out.join("\n");
    if markdown.ends_with('\n') {
        text.push('\n');
    }
    Cow::Owned(text)
}

/// `line` with the width dropped from every `](url =NNNx)` (`None` when it has
/// none).
fn sized_images(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut changed = false;
    while let Some(start) = rest.find("](") {
        let (before, after) = rest.split_at(start + 2);
        out.push_str(before);
        let Some(close) = after.find(')') else {
            rest = after;
            continue;
        };
        let inside = &after[..close];
        match inside.rsplit_once(" =") {
            Some((url, size)) if is_size(size) && !url.contains(char::is_whitespace) => {
                out.push_str(url);
                changed = true;
            }
            _ => out.push_str(inside),
        }
        out.push(')');
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// `250x`, `250x100`, `x100`.
fn is_size(size: &str) -> bool {
    let Some((w, h)) = size.split_once('x') else { return false };
    (!w.is_empty() || !h.is_empty()) && w.chars().chain(h.chars()).all(|c| c.is_ascii_digit())
}

/// The text of a caption line: `*…*` alone on its line (not `**…**`, not a list).
fn caption_of(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix('*')?.strip_suffix('*')?;
    (!inner.is_empty() && !inner.starts_with('*') && !inner.ends_with('*') && !inner.starts_with(' ')).then_some(inner)
}

/// A line that is exactly one image without a title, given `caption` as its title.
fn titled(line: &str, caption: &str) -> Option<String> {
    let t = line.trim();
    if !t.starts_with("![") || !t.ends_with(')') || t.matches("](").count() != 1 || t.contains('"') {
        return None;
    }
    let body = &t[..t.len() - 1];
    let quoted = caption.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("{body} \"{quoted}\")"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::markdown::render;

    #[test]
    fn a_width_after_the_address_no_longer_hides_the_image() {
        let md = "![構成図](images/arch.png =250x)\n";
        assert_eq!(rewrite(md), "![構成図](images/arch.png)\n");
        let html = render(&rewrite(md)).html;
        assert!(html.contains("<img src=\"images/arch.png\" alt=\"構成図\""), "{html}");
        assert_eq!(rewrite("![a](x.png =x120) と ![b](y.png =90x60)\n"), "![a](x.png) と ![b](y.png)\n");
    }

    #[test]
    fn a_caption_line_under_an_image_becomes_its_caption() {
        let md = "![構成図](images/arch.png)\n*移行後の構成*\n\n本文\n";
        assert_eq!(rewrite(md), "![構成図](images/arch.png \"移行後の構成\")\n\n本文\n");
        let with_width = rewrite("![構成図](images/arch.png =400x)\n*移行後の構成*\n");
        assert_eq!(with_width, "![構成図](images/arch.png \"移行後の構成\")\n");
    }

    #[test]
    fn emphasis_lines_code_and_other_brackets_are_left_alone() {
        for md in [
            "本文\n*強調だけの行*\n",
            "![a](x.png)\n**太字**\n",
            "```\n![a](x.png =250x)\n```\n",
            "[リンク](https://example.com/ =250x)ではない =1x\n",
            "![a](x.png \"題\")\n*二つ目の題*\n",
        ] {
            let out = rewrite(md);
            assert!(out == md || md.starts_with("[リンク]"), "{md:?} → {out:?}");
        }
    }
}
